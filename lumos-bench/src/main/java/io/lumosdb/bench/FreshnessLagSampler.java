package io.lumosdb.bench;

import io.lumosdb.Freshness;
import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The freshness lag of every write: write {@code i} (0-based) inserts id {@code base + i + 1}, ids taken in
 * commit order, and records its commit time in {@code committedAt[i]}. Every millisecond this samples the
 * largest id the DuckDB replica shows (a {@link Freshness#ANY} read); every id up to it has arrived, so a
 * write's lag is the start of the first sample that shows it minus its commit time. A query sees what was
 * applied when it began, so its start, not its end, is when it saw the write: on two busy cores a sample
 * can take 100 ms or more, which is the sampler's latency, not the replica's lag. How long the samples
 * took is kept too ({@link #sampleNanos}).
 *
 * <p>A sample reads only ids above the largest it has seen ({@code WHERE id > ?}): DuckDB's zone maps skip
 * the row groups below, so a sample costs the table's tail, not the table. Before, a full {@code max(id)}
 * scan every millisecond took a large share of a core at 1,000,000 rows, CPU the workload measured
 * around it then did not have.
 */
final class FreshnessLagSampler {
    private final LumosDB db;
    private final String sql;
    private final long[] committedAt;
    private final long[] lag;
    private final AtomicLong target = new AtomicLong(Long.MAX_VALUE);
    private final long[] sampleNanos = new long[1 << 20]; // bounded: samples past it are not timed
    private int samples;
    private Thread thread;

    /** Fills {@code lag[i]} with write i's lag in nanoseconds; entries it never saw stay as they were. */
    FreshnessLagSampler(LumosDB db, String table, long[] committedAt, long[] lag) {
        this.db = db;
        this.sql = "SELECT max(id) FROM " + table + " WHERE id > ?";
        this.committedAt = committedAt;
        this.lag = lag;
    }

    /** Samples until the replica shows every write {@link #finish} counts, or something fails (then sets {@code stop}). */
    void start(long base, AtomicBoolean stop, AtomicReference<Throwable> failure) {
        thread = new Thread(() -> {
            long seen = 0;
            long deadline = Long.MAX_VALUE;
            while (seen < Math.min(target.get(), lag.length) && failure.get() == null) {
                try {
                    long now = System.nanoTime(); // the query sees what was applied when it began
                    QueryResult sample = db.query(Freshness.ANY, sql, base + seen);
                    if (sample.route() != Route.OLAP) {
                        throw new IllegalStateException("the lag sampler must read the replica, but its query ran on " + sample.route());
                    }
                    Object largest = sample.rows().get(0).get(0);
                    long applied = largest == null ? seen : ((Number) largest).longValue() - base;
                    if (samples < sampleNanos.length) {
                        sampleNanos[samples++] = System.nanoTime() - now;
                    }
                    long upTo = Math.min(applied, lag.length);
                    for (long i = seen; i < upTo; i++) {
                        long committed = committedAt[(int) i];
                        lag[(int) i] = committed == 0 ? 0 : Math.max(0, now - committed);
                    }
                    seen = Math.max(seen, upTo);
                    if (target.get() != Long.MAX_VALUE && deadline == Long.MAX_VALUE) {
                        deadline = now + TimeUnit.MINUTES.toNanos(5);
                    }
                    if (now > deadline) {
                        throw new IllegalStateException("the replica did not show all writes within 5 minutes");
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    stop.set(true);
                }
                LockSupport.parkNanos(1_000_000);
            }
        }, "bench-lag-sampler");
        thread.start();
    }

    /** How long each sample's query took, sorted (after {@link #finish}). */
    long[] sampleNanos() {
        long[] taken = Arrays.copyOf(sampleNanos, samples);
        Arrays.sort(taken);
        return taken;
    }

    /** After the writes: waits until the sampler has seen all {@code written} of them. */
    void finish(long written) throws InterruptedException {
        target.set(written);
        thread.join();
    }
}
