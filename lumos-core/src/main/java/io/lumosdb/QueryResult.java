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

    QueryResult(Columns columns, List<Row> rows, RouteDecision decision, Duration elapsed) {
        this.columns = columns;
        this.rows = List.copyOf(rows);
        this.decision = decision;
        this.elapsed = elapsed;
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
        return "QueryResult" + columns.names() + " " + rows.size() + " rows via " + decision.route() + " in " + elapsed;
    }
}
