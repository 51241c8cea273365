package io.lumosdb.jdbc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.UUID;

/**
 * JDBC's typed getters over Lumos-DB's value model (SQLite's: {@code Long}, {@code Double}, {@code String},
 * {@code byte[]}, null), converting as sqlite-jdbc does: numbers from text that holds one, booleans from numbers
 * (non-zero is true) or {@code 'true'}/{@code 'false'}, dates and timestamps from SQLite's time texts (UTC, as the
 * facade stores them) or from epoch milliseconds. A value that does not convert is an {@link SQLDataException} naming
 * the column, the value and the type asked for.
 */
final class ValueConversions {
    private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd[' ']['T']HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private ValueConversions() {}

    static String string(Object v) {
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return String.valueOf(v);
    }

    static long integer(Object v, String column, String wanted, long min, long max) throws SQLException {
        long n;
        if (v == null) {
            return 0;
        } else if (v instanceof Long l) {
            n = l;
        } else if (v instanceof Number num) {
            n = (long) num.doubleValue();
        } else if (v instanceof String s) {
            try {
                n = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                try {
                    n = (long) Double.parseDouble(s.trim());
                } catch (NumberFormatException e2) {
                    throw mismatch(column, v, wanted);
                }
            }
        } else {
            throw mismatch(column, v, wanted);
        }
        if (n < min || n > max) {
            throw new SQLDataException("column " + column + " holds " + n + ", which does not fit " + wanted, "22003");
        }
        return n;
    }

    static double real(Object v, String column, String wanted) throws SQLException {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(column, v, wanted);
            }
        }
        throw mismatch(column, v, wanted);
    }

    static BigDecimal decimal(Object v, String column) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (v instanceof Double d) {
            return BigDecimal.valueOf(d);
        }
        try {
            return new BigDecimal(string(v).trim());
        } catch (NumberFormatException e) {
            throw mismatch(column, v, "a BigDecimal");
        }
    }

    static boolean bool(Object v, String column) throws SQLException {
        if (v == null) {
            return false;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.equals("true") || t.equals("t") || t.equals("y") || t.equals("yes")) {
                return true;
            }
            if (t.equals("false") || t.equals("f") || t.equals("n") || t.equals("no") || t.isEmpty()) {
                return false;
            }
            try {
                return Double.parseDouble(t) != 0;
            } catch (NumberFormatException e) {
                throw mismatch(column, v, "a boolean");
            }
        }
        throw mismatch(column, v, "a boolean");
    }

    static byte[] bytes(Object v) {
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        return string(v).getBytes(StandardCharsets.UTF_8);
    }

    /** A timestamp value in UTC: SQLite's time text (with or without an offset), or epoch milliseconds. */
    static LocalDateTime dateTime(Object v, String column) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof Long millis) {
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        }
        if (v instanceof Double days) { // julianday()
            long millis = Math.round((days - 2440587.5) * 86_400_000d);
            return LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        }
        if (!(v instanceof String s)) {
            throw mismatch(column, v, "a timestamp");
        }
        String t = s.trim();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay();
            }
            var parsed = TIMESTAMP_TEXT.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime o ? o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : (LocalDateTime) parsed;
        } catch (DateTimeParseException e) {
            throw mismatch(column, v, "a timestamp");
        }
    }

    static LocalTime time(Object v, String column) throws SQLException {
        if (v instanceof String s && s.trim().length() <= 15 && s.indexOf(':') == 2) {
            try {
                return LocalTime.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw mismatch(column, v, "a time");
            }
        }
        LocalDateTime t = dateTime(v, column);
        return t == null ? null : t.toLocalTime();
    }

    static Timestamp timestamp(Object v, String column) throws SQLException {
        LocalDateTime t = dateTime(v, column);
        return t == null ? null : Timestamp.from(t.toInstant(ZoneOffset.UTC));
    }

    static UUID uuid(Object v, String column) throws SQLException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b && b.length == 16) {
            var buf = java.nio.ByteBuffer.wrap(b);
            return new UUID(buf.getLong(), buf.getLong());
        }
        try {
            return UUID.fromString(string(v).trim());
        } catch (IllegalArgumentException e) {
            throw mismatch(column, v, "a UUID");
        }
    }

    /** The JDBC type of a value, for result-set metadata (Lumos-DB's values carry their type). */
    static int sqlType(Object v) {
        if (v == null) {
            return Types.NULL;
        }
        if (v instanceof Long) {
            return Types.BIGINT;
        }
        if (v instanceof Double) {
            return Types.DOUBLE;
        }
        if (v instanceof byte[]) {
            return Types.BLOB;
        }
        if (v instanceof java.util.List<?>) {
            return Types.ARRAY;
        }
        return Types.VARCHAR;
    }

    static String typeName(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT -> "INTEGER";
            case Types.DOUBLE -> "REAL";
            case Types.BLOB -> "BLOB";
            case Types.NULL -> "NULL";
            case Types.ARRAY -> "LIST";
            default -> "TEXT";
        };
    }

    static String className(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT -> Long.class.getName();
            case Types.DOUBLE -> Double.class.getName();
            case Types.BLOB -> byte[].class.getName();
            case Types.ARRAY -> java.util.List.class.getName();
            case Types.NULL -> Object.class.getName();
            default -> String.class.getName();
        };
    }

    static SQLDataException mismatch(String column, Object v, String wanted) {
        String shown = v instanceof byte[] b ? b.length + " bytes" : "'" + abbreviate(String.valueOf(v)) + "'";
        return new SQLDataException("column " + column + " holds " + v.getClass().getSimpleName() + " " + shown
                + ", which is not " + wanted, "22018");
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
