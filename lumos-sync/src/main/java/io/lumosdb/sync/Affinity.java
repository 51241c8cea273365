package io.lumosdb.sync;

import java.util.Locale;

/**
 * SQLite's type affinity of a declared type, by its rules in order
 * (https://www.sqlite.org/datatype3.html, section 3.1): contains {@code INT}: INTEGER; else {@code CHAR},
 * {@code CLOB} or {@code TEXT}: TEXT; else {@code BLOB} or nothing: BLOB; else {@code REAL}, {@code FLOA}
 * or {@code DOUB}: REAL; else NUMERIC. The one place these rules are written: the replica's column types
 * and the router's casts both read it.
 *
 * <pre>{@code
 * Affinity.of("VARCHAR(20)");   // TEXT
 * Affinity.of("FLOATING POINT"); // INTEGER, as SQLite says ("POINT" contains "INT")
 * }</pre>
 */
public enum Affinity {
    INTEGER, TEXT, BLOB, REAL, NUMERIC;

    /** The affinity SQLite gives a column (or a CAST) declared {@code declared}; null or blank is BLOB. */
    public static Affinity of(String declared) {
        String t = declared == null ? "" : declared.toUpperCase(Locale.ROOT);
        if (t.contains("INT")) {
            return INTEGER;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return TEXT;
        }
        if (t.contains("BLOB") || t.isBlank()) {
            return BLOB;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return REAL;
        }
        return NUMERIC;
    }
}
