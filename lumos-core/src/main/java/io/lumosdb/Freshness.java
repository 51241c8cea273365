package io.lumosdb;

import java.time.Duration;
import java.util.Objects;

/**
 * How fresh an analytical (DuckDB) read must be. SQLite reads are always current; this governs reads
 * routed to the replica.
 *
 * <pre>{@code
 * LumosDB db = LumosDB.builder().directory(dir).freshness(Freshness.STRICT).open();  // the default
 * db.query(Freshness.boundedStaleness(Duration.ofSeconds(2)), "SELECT count(*) FROM events");
 * db.query(Freshness.ANY, "SELECT avg(latency) FROM requests");                     // never waits
 * }</pre>
 *
 * <ul>
 *   <li>{@link #STRICT}: the read waits until DuckDB has applied every write committed before the read
 *       began, or fails after the freshness timeout ({@link LumosDBBuilder#freshnessTimeout}) with a
 *       {@link java.sql.SQLTimeoutException}; it never returns stale data.
 *   <li>{@link #boundedStaleness(Duration)}: the read sees every write committed at least {@code d}
 *       before it began; it waits only if the replica is further behind than that.
 *   <li>{@link #ANY}: the read takes the replica as it is.
 * </ul>
 */
public final class Freshness {
    /** See every write committed before the read began. */
    public static final Freshness STRICT = new Freshness(Duration.ZERO, "STRICT");
    /** Take the replica as it is, without waiting. */
    public static final Freshness ANY = new Freshness(null, "ANY");

    private final Duration maxStaleness;
    private final String name;

    private Freshness(Duration maxStaleness, String name) {
        this.maxStaleness = maxStaleness;
        this.name = name;
    }

    /**
     * See every write committed at least {@code maxStaleness} before the read began.
     *
     * @throws IllegalArgumentException if {@code maxStaleness} is negative
     */
    public static Freshness boundedStaleness(Duration maxStaleness) {
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("max staleness must not be negative, was " + maxStaleness);
        }
        return maxStaleness.isZero() ? STRICT : new Freshness(maxStaleness, "boundedStaleness(" + maxStaleness + ")");
    }

    /** The staleness allowed: zero for STRICT, null for ANY. */
    Duration maxStaleness() {
        return maxStaleness;
    }

    @Override
    public String toString() {
        return name;
    }
}
