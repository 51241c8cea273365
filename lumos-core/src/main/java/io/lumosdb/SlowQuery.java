package io.lumosdb;

import java.time.Instant;
import java.util.Objects;

/**
 * One statement the slow-query log wrote (see {@link LumosDBBuilder#slowQueryThreshold}), as given to a
 * {@link LumosDBBuilder#slowQueryListener listener}: when it ended, what it was, its route and the class of
 * the route's reason, its time and rows, and its text with every literal replaced by {@code ?}. Parameters
 * are never in it, so it may be shown where the data may not go.
 *
 * <pre>{@code
 * Deque<SlowQuery> recent = new ConcurrentLinkedDeque<>();
 * LumosDB db = LumosDB.builder().directory(dir)
 *         .slowQueryThreshold(Duration.ofMillis(500))
 *         .slowQueryListener(recent::addFirst)
 *         .open();
 * }</pre>
 *
 * @param at when the statement ended
 * @param kind {@code query}, {@code write} or {@code failed} (a read or write that failed after the threshold)
 * @param route {@code OLTP}, {@code OLAP}, ... or {@code none} for a failure before a route was chosen
 * @param reason the class of the route's reason ({@code analytics}, {@code hint}, ...), or the write's kind
 *     ({@code statement}, {@code transaction}, {@code vector}), or the failure's SQLState
 * @param elapsedMs how long it took, in milliseconds
 * @param rows rows returned (a query), -1 when not known (a write or failure)
 * @param sql the statement's text with literals replaced by {@code ?}, cut at 2,000 characters
 */
public record SlowQuery(Instant at, String kind, String route, String reason, long elapsedMs, long rows, String sql) {
    /** Checks that no part is null. */
    public SlowQuery {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(sql, "sql");
    }
}
