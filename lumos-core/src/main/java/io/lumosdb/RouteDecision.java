package io.lumosdb;

import java.util.Objects;

/**
 * The route a statement takes and, in words, why.
 *
 * <pre>{@code
 * RouteDecision why = db.explain("SELECT customer, sum(amount) FROM orders GROUP BY customer");
 * why.route();   // OLAP
 * why.reason();  // "aggregates (sum, GROUP BY) over large table orders (~1,200,000 rows)"
 * }</pre>
 *
 * @param route the engine that runs the statement
 * @param reason a human-readable explanation naming the rule, tables and columns that decided it
 */
public record RouteDecision(Route route, String reason) {
    /**
     * @throws NullPointerException if either part is null
     */
    public RouteDecision {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return route + ": " + reason;
    }
}
