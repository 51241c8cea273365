package io.lumosdb.sync;

import java.util.Locale;

/**
 * The type a replicated column has in DuckDB, derived from the column's declared type in SQLite.
 *
 * <p>SQLite types values dynamically; DuckDB does not. Each type therefore carries the SQLite check
 * ({@code typeof}) that a stored value must pass so that the replica can always hold it: the capture
 * triggers abort a write that would store, say, text in a DOUBLE column. The mapping follows SQLite's
 * affinity rules (https://www.sqlite.org/datatype3.html, section 3.1), with the date and boolean names
 * that both engines understand recognised first. The checks compare with {@code =}, never {@code IN (...)}:
 * in a trigger an IN list is built into a temporary table on every row, which made the checks cost
 * about twice the insert itself.
 */
enum ColumnType {
    INTEGER("BIGINT", "%1$s IS NULL OR typeof(%1$s) = 'integer'"),
    DOUBLE("DOUBLE", "%1$s IS NULL OR typeof(%1$s) = 'real' OR typeof(%1$s) = 'integer'"),
    BOOLEAN("BOOLEAN", "%1$s IS NULL OR (typeof(%1$s) = 'integer' AND (%1$s = 0 OR %1$s = 1))"),
    /** Text without NUL characters: SQLite's text functions stop at the first, DuckDB's do not ({@code length()} differs). */
    TEXT("VARCHAR", "%1$s IS NULL OR (typeof(%1$s) = 'text' AND instr(%1$s, char(0)) = 0)"),
    BLOB("BLOB", null),
    DATE("DATE", "%1$s IS NULL OR (typeof(%1$s) = 'text' AND %1$s = date(%1$s))"),
    TIMESTAMP("TIMESTAMP", "%1$s IS NULL OR (typeof(%1$s) = 'text' AND datetime(%1$s) IS NOT NULL)"),
    /** No declared type: SQLite stores anything but text with NUL characters (see TEXT); the replica keeps the value's text form. */
    ANY("VARCHAR", "typeof(%1$s) <> 'text' OR instr(%1$s, char(0)) = 0"),
    /**
     * {@code F32_BLOB(n)} (libSQL's name): a vector of n float32, little-endian, as a blob in SQLite
     * (BLOB affinity: stored as given) and a {@code FLOAT[n]} array in the replica, where DuckDB's
     * {@code array_cosine_distance} and friends work on it.
     */
    F32_VECTOR("FLOAT[%2$d]", "%1$s IS NULL OR (typeof(%1$s) = 'blob' AND length(%1$s) = 4 * %2$d)");

    private static final java.util.regex.Pattern VECTOR = java.util.regex.Pattern.compile("F32_BLOB\\s*\\(\\s*(\\d{1,5})\\s*\\)");

    private final String duckType;
    private final String sqliteCheck;

    ColumnType(String duckType, String sqliteCheck) {
        this.duckType = duckType;
        this.sqliteCheck = sqliteCheck;
    }

    /** The DuckDB column type of the replica, for a column declared {@code declared}. */
    String duckType(String declared) {
        return String.format(Locale.ROOT, duckType, "", dimensions(declared));
    }

    /**
     * A SQLite boolean expression over {@code column} (declared {@code declared}) that is true when the
     * value fits, or null if any value fits.
     */
    String sqliteCheck(String column, String declared) {
        return sqliteCheck == null ? null : String.format(Locale.ROOT, sqliteCheck, column, dimensions(declared));
    }

    /** The n of {@code F32_BLOB(n)}, or 0. */
    static int dimensions(String declared) {
        java.util.regex.Matcher m = VECTOR.matcher(declared == null ? "" : declared.trim().toUpperCase(Locale.ROOT));
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Maps a SQLite declared type (as {@code PRAGMA table_info} reports it) to the replica's type. */
    static ColumnType fromDeclared(String declared) {
        String t = declared == null ? "" : declared.trim().toUpperCase(Locale.ROOT);
        if (t.isEmpty()) {
            return ANY;
        }
        if (dimensions(t) > 0) {
            return F32_VECTOR;
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
        return switch (Affinity.of(t)) {
            case INTEGER -> INTEGER;
            case TEXT -> TEXT;
            case BLOB -> BLOB;
            case REAL, NUMERIC -> DOUBLE; // REAL, FLOA, DOUB and NUMERIC affinity (DECIMAL, NUMERIC, ...)
        };
    }
}
