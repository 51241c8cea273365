package io.lumosdb;

import java.time.Duration;
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
    private final Duration elapsed;
    private final int cacheLevel;

    QueryResult(Columns columns, List<Row> rows, RouteDecision decision, Duration elapsed) {
        this(columns, List.copyOf(rows), decision, elapsed, 0);
    }

    private QueryResult(Columns columns, List<Row> rows, RouteDecision decision, Duration elapsed, int cacheLevel) {
        this.columns = columns;
        this.rows = rows;
        this.decision = decision;
        this.elapsed = elapsed;
        this.cacheLevel = cacheLevel;
    }

    /** This result as served again from cache level {@code level} (its rows are shared: they are immutable). */
    QueryResult servedFromCache(int level, Duration elapsed) {
        RouteDecision served = new RouteDecision(decision.route(), decision.reason() + "; result from the L" + level + " cache");
        return new QueryResult(columns, rows, served, elapsed, level);
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
        return elapsed;
    }

    @Override
    public String toString() {
        return "QueryResult" + columns.names() + " " + rows.size() + " rows via " + decision.route()
                + (cacheLevel > 0 ? " (L" + cacheLevel + " cache)" : "") + " in " + elapsed;
    }
}
