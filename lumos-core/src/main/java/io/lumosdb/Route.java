package io.lumosdb;

/** Which engine runs a statement. */
public enum Route {
    /** SQLite: writes, transactions, point and small range lookups. */
    OLTP,
    /** DuckDB: aggregates, groupings, window functions and large scans, on the columnar replica. */
    OLAP
}
