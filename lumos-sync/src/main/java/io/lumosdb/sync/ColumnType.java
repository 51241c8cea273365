package io.lumosdb.sync;

import java.util.Locale;

/**
 * The type a mirrored column has in DuckDB, derived from the column's declared type in SQLite.
 *
 * <p>SQLite types values dynamically; DuckDB does not. Each type therefore carries the SQLite check
 * ({@code typeof}) that a stored value must pass so that the replica can always hold it: the capture
 * triggers abort a write that would store, say, text in a DOUBLE column. The mapping follows SQLite's
 * affinity rules (https://www.sqlite.org/datatype3.html, section 3.1), with the date and boolean names
 * that both engines understand recognised first.
 */
enum ColumnType {
    INTEGER("BIGINT", "typeof(%1$s) IN ('integer','null')"),
    DOUBLE("DOUBLE", "typeof(%1$s) IN ('integer','real','null')"),
    BOOLEAN("BOOLEAN", "%1$s IS NULL OR (typeof(%1$s) = 'integer' AND %1$s IN (0, 1))"),
    TEXT("VARCHAR", "typeof(%1$s) IN ('text','null')"),
    BLOB("BLOB", null),
    DATE("DATE", "%1$s IS NULL OR (typeof(%1$s) = 'text' AND %1$s = date(%1$s))"),
    TIMESTAMP("TIMESTAMP", "%1$s IS NULL OR (typeof(%1$s) = 'text' AND datetime(%1$s) IS NOT NULL)"),
    /** No declared type: SQLite stores anything; the replica keeps the value's text form. */
    ANY("VARCHAR", null);

    private final String duckType;
    private final String sqliteCheck;

    ColumnType(String duckType, String sqliteCheck) {
        this.duckType = duckType;
        this.sqliteCheck = sqliteCheck;
    }

    /** The DuckDB column type of the mirror. */
    String duckType() {
        return duckType;
    }

    /** A SQLite boolean expression over {@code column} that is true when the value fits, or null if any value fits. */
    String sqliteCheck(String column) {
        return sqliteCheck == null ? null : String.format(Locale.ROOT, sqliteCheck, column);
    }

    /** Maps a SQLite declared type (as {@code PRAGMA table_info} reports it) to the mirror's type. */
    static ColumnType fromDeclared(String declared) {
        String t = declared == null ? "" : declared.trim().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return ANY;
        }
        if (t.startsWith("BOOL")) {
            return BOOLEAN;
        }
        if (t.equals("DATE")) {
            return DATE;
        }
        if (t.startsWith("TIMESTAMP") || t.startsWith("DATETIME")) {
            return TIMESTAMP;
        }
        if (t.equals("JSON")) {
            return TEXT;
        }
        // SQLite's affinity rules, in SQLite's order.
        if (t.contains("INT")) {
            return INTEGER;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return TEXT;
        }
        if (t.contains("BLOB")) {
            return BLOB;
        }
        return DOUBLE; // REAL, FLOA, DOUB and NUMERIC affinity (DECIMAL, NUMERIC, ...)
    }
}
