package io.lumosdb;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * A materialized query result: its columns, its rows, and how it was obtained.
 *
 * <pre>{@code
 * QueryResult r = db.query("SELECT customer, sum(amount) AS total FROM orders GROUP BY customer");
 * Map<String, Double> totals = new HashMap<>();
 * for (Row row : r.rows()) {
 *     totals.put(row.getString("customer"), row.getDouble("total"));
 * }
 * log.debug("{} in {} ms: {}", r.route(), r.elapsed().toMillis(), r.decision().reason());
 * }</pre>
 */
public final class QueryResult {
    private final Columns columns;
    private final List<Row> rows;
    private final RouteDecision decision;
    /** Nanoseconds, not a {@link Duration}: a cache hit then allocates none unless {@link #elapsed()} is asked. */
    private final long elapsedNanos;
    private final int cacheLevel;
    /**
     * The decisions of this result served again from the L1 and L2 cache, made on the first hit and then
     * shared (a benign race: both threads make equal records), so that a hit builds no reason text and
     * telemetry sees the same reason string again ({@link MicrometerTelemetry} keys its reason classes by it).
     */
    private RouteDecision servedByL1;
    private RouteDecision servedByL2;
    /**
     * The decision the engine's run was routed by: {@link #decision} itself, or for a result served from the
     * cache, the decision of the result it was cached as (one object however many entries share a text, so
     * telemetry that classifies reasons finds it again by identity).
     */
    private final RouteDecision routed;

    QueryResult(Columns columns, List<Row> rows, RouteDecision decision, long elapsedNanos) {
        this(columns, List.copyOf(rows), decision, elapsedNanos, 0);
    }

    /** A result over {@code rows}, which the caller hands over: no one else holds or changes the list. */
    static QueryResult ofOwnedRows(Columns columns, List<Row> rows, RouteDecision decision, long elapsedNanos) {
        List<Row> view = switch (rows.size()) {
            case 0 -> List.of();
            case 1 -> List.of(rows.get(0));
            default -> Collections.unmodifiableList(rows);
        };
        return new QueryResult(columns, view, decision, elapsedNanos, 0);
    }

    private QueryResult(Columns columns, List<Row> rows, RouteDecision decision, long elapsedNanos, int cacheLevel) {
        this(columns, rows, decision, elapsedNanos, cacheLevel, decision);
    }

    private QueryResult(Columns columns, List<Row> rows, RouteDecision decision, long elapsedNanos, int cacheLevel, RouteDecision routed) {
        this.columns = columns;
        this.rows = rows;
        this.decision = decision;
        this.elapsedNanos = elapsedNanos;
        this.cacheLevel = cacheLevel;
        this.routed = routed;
    }

    /** This result as served again from cache level {@code level} (its rows are shared: they are immutable). */
    QueryResult servedFromCache(int level, long elapsedNanos) {
        RouteDecision served = level == 1 ? servedByL1 : servedByL2;
        if (served == null) {
            served = new RouteDecision(decision.route(), decision.reason() + "; result from the L" + level + " cache");
            if (level == 1) {
                servedByL1 = served;
            } else {
                servedByL2 = served;
            }
        }
        return new QueryResult(columns, rows, served, elapsedNanos, level, routed);
    }

    /** The decision the engine's run was routed by (for a cached result, the one it was cached with). */
    RouteDecision routed() {
        return routed;
    }

    /** Whether the result came from the cache rather than from an engine. */
    public boolean fromCache() {
        return cacheLevel > 0;
    }

    /** The cache level that answered (1: ready results, 2: serialized results), or 0 if an engine ran the query. */
    public int cacheLevel() {
        return cacheLevel;
    }

    /** Column names in order (labels, as the statement names them). */
    public List<String> columns() {
        return columns.names();
    }

    /** The rows, in the order the engine returned them. */
    public List<Row> rows() {
        return rows;
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /** The engine that ran the query. */
    public Route route() {
        return decision.route();
    }

    /** The route and the reason for it. */
    public RouteDecision decision() {
        return decision;
    }

    /** Wall time from the call to the last row read. */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** {@link #elapsed()} in nanoseconds, for telemetry. */
    long elapsedNanos() {
        return elapsedNanos;
    }

    @Override
    public String toString() {
        return "QueryResult" + columns.names() + " " + rows.size() + " rows via " + decision.route()
                + (cacheLevel > 0 ? " (L" + cacheLevel + " cache)" : "") + " in " + elapsed();
    }
}
