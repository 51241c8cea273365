package io.lumosdb.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One SQL statement with its parameters and, optionally, where it runs: {@code Sql.of("SELECT ... WHERE id = ?", 42)
 * .route("olap")}. Immutable; each setting returns a new statement.
 *
 * <pre>{@code
 * SqlResult r = client.sql(Sql.of("SELECT customer, sum(amount) FROM orders GROUP BY 1").freshness("bounded:2s"));
 * }</pre>
 */
public final class Sql {
    private final String text;
    private final Object[] params;
    private final String route;
    private final String freshness;
    private final Duration timeout;

    private Sql(String text, Object[] params, String route, String freshness, Duration timeout) {
        this.text = Objects.requireNonNull(text, "sql");
        this.params = params.clone();
        this.route = route;
        this.freshness = freshness;
        this.timeout = timeout;
        for (int i = 0; i < params.length; i++) {
            Values.parameter(params[i], "params[" + i + "]"); // refused now, naming the parameter
        }
    }

    /**
     * A statement and its parameters ({@code ?} in order).
     *
     * @throws IllegalArgumentException for a parameter of a type SQL values cannot carry (the message names it)
     */
    public static Sql of(String sql, Object... params) {
        return new Sql(sql, params, null, null, null);
    }

    /** Where it runs: {@code auto} (the router, default), {@code oltp} (SQLite) or {@code olap} (DuckDB). */
    public Sql route(String route) {
        return new Sql(text, params, route, freshness, timeout);
    }

    /** How fresh an analytical read must be: {@code strict} (default), {@code any}, {@code bounded:2s}. */
    public Sql freshness(String freshness) {
        return new Sql(text, params, route, freshness, timeout);
    }

    /** How long the statement may run before the server cancels it (408); the server's default is 30 s. */
    public Sql timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, was " + timeout);
        }
        return new Sql(text, params, route, freshness, timeout);
    }

    /** The SQL text. */
    public String text() {
        return text;
    }

    Map<String, Object> body(String where) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("sql", text);
        if (params.length > 0) {
            b.put("params", Values.parameters(params, where));
        }
        if (route != null) {
            b.put("route", route);
        }
        if (freshness != null) {
            b.put("freshness", freshness);
        }
        if (timeout != null) {
            b.put("timeoutMs", Math.max(1, timeout.toMillis()));
        }
        return b;
    }

    @Override
    public String toString() {
        return text;
    }
}
