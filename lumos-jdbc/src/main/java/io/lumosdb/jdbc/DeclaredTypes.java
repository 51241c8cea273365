package io.lumosdb.jdbc;

import java.sql.Types;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column's declared type as JDBC sees it, by SQLite's affinity rules (sqlite.org/datatype3.html, 3.1) refined by
 * the names tools write: {@code INTEGER}, {@code BOOLEAN}, {@code DATE}, {@code TIMESTAMP}, {@code VARCHAR(20)}.
 */
final class DeclaredTypes {
    private static final Pattern SIZE = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    private DeclaredTypes() {}

    static int jdbcType(String declared) {
        String t = declared.toUpperCase(Locale.ROOT);
        if (t.startsWith("BOOL")) {
            return Types.BOOLEAN;
        }
        if (t.contains("TIMESTAMP") || t.contains("DATETIME")) {
            return Types.TIMESTAMP;
        }
        if (t.equals("DATE")) {
            return Types.DATE;
        }
        if (t.equals("TIME")) {
            return Types.TIME;
        }
        if (t.contains("INT")) {
            return t.startsWith("BIGINT") || t.startsWith("INT8") ? Types.BIGINT : t.startsWith("SMALLINT") ? Types.SMALLINT
                    : t.startsWith("TINYINT") ? Types.TINYINT : Types.INTEGER;
        }
        if (t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT")) {
            return t.contains("CLOB") ? Types.CLOB : Types.VARCHAR;
        }
        if (t.isEmpty() || t.contains("BLOB")) {
            return Types.BLOB;
        }
        if (t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB")) {
            return t.startsWith("FLOAT") ? Types.FLOAT : t.startsWith("REAL") ? Types.REAL : Types.DOUBLE;
        }
        return t.startsWith("DECIMAL") ? Types.DECIMAL : Types.NUMERIC;
    }

    /** The length or precision in the declaration ({@code VARCHAR(20)}: 20), else a size for the type. */
    static Long size(String declared) {
        Matcher m = SIZE.matcher(declared);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        return switch (jdbcType(declared)) {
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> 10L;
            case Types.BIGINT -> 19L;
            case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL -> 17L;
            case Types.BOOLEAN -> 1L;
            case Types.DATE -> 10L;
            case Types.TIMESTAMP -> 26L;
            default -> 2_000_000_000L;
        };
    }

    /** The scale in the declaration ({@code DECIMAL(10,2)}: 2), else null. */
    static Long scale(String declared) {
        Matcher m = SIZE.matcher(declared);
        return m.find() && m.group(2) != null ? Long.parseLong(m.group(2)) : null;
    }
}
