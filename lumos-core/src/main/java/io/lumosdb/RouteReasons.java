package io.lumosdb;

import java.util.List;

/**
 * The class of a route decision's reason: a short, fixed word for metrics and logs, where the reason
 * itself names tables and row counts (too many values for a metric tag). Read from the reason's
 * opening words, which the router ({@code io.lumosdb.route.Router}) and the read path write.
 *
 * <pre>{@code
 * RouteReasons.classOf("key lookup: orders.id (primary key)");   // "key_lookup"
 * }</pre>
 */
final class RouteReasons {
    /** Every class {@link #classOf} returns, so that meters can be registered for each at once. */
    static final List<String> ALL = List.of("analytics", "large_scan", "key_lookup", "small_tables", "limit", "hint",
            "requested", "transaction", "not_replicated", "engine_specific", "unparsed", "no_table", "duckdb_refused",
            "replica_damaged", "write", "other");

    private RouteReasons() {}

    static String classOf(String reason) {
        if (reason.startsWith("key lookup")) {
            return "key_lookup";
        }
        if (reason.startsWith("touches only small")) {
            return "small_tables";
        }
        if (reason.startsWith("scans large")) {
            return "large_scan";
        }
        if (reason.startsWith("reads at most")) {
            return "limit";
        }
        if (reason.startsWith("hint ")) {
            return "hint";
        }
        if (reason.startsWith("requested by the caller")) {
            return "requested";
        }
        if (reason.startsWith("inside a transaction")) {
            return "transaction";
        }
        if (reason.startsWith("table ")) {
            return "not_replicated";
        }
        if (reason.startsWith("uses ")) {
            return "engine_specific";
        }
        if (reason.startsWith("the SQL parser cannot")) {
            return "unparsed";
        }
        if (reason.startsWith("reads no table")) {
            return "no_table";
        }
        if (reason.startsWith("DuckDB's file is damaged")) {
            return "replica_damaged";
        }
        if (reason.startsWith("DDL ") || reason.startsWith("writes ")) {
            return "write";
        }
        if (reason.contains("DuckDB cannot") || reason.contains("DuckDB refused")) {
            return "duckdb_refused";
        }
        if (reason.contains(" over large ")) {
            return "analytics";
        }
        return "other";
    }
}
