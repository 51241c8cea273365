package io.lumosdb.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;
import java.util.UUID;

/**
 * One value model for both engines: SQLite's. Parameters are bound as SQLite stores them, and DuckDB's
 * richer result types are folded back into it, so a row reads the same whichever engine produced it.
 *
 * <ul>
 *   <li>integers (any width, and HUGEINT that fits) are {@code Long}, a wider HUGEINT is SQLite's "integer overflow";
 *       floating and DECIMAL are {@code Double};
 *   <li>booleans are {@code Long} 1 or 0, as SQLite stores them;
 *   <li>dates are text {@code yyyy-MM-dd}; timestamps are UTC text {@code yyyy-MM-dd HH:mm:ss[.ffffff]}
 *       (fraction without trailing zeros), a form SQLite's date functions and DuckDB's casts both read;
 *   <li>blobs are {@code byte[]}; DuckDB lists and arrays become {@code List}.
 * </ul>
 */
public final class Values {
    /** The canonical timestamp text; seconds always, fraction only when non-zero, at most microseconds. */
    public static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    /** A time of day as SQLite's {@code time()} writes it: seconds always, a fraction only when non-zero. */
    static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private Values() {}

    /** Binds {@code args} to {@code ps} as SQLite values; a DuckDB statement takes the same values. */
    public static void bind(PreparedStatement ps, Object[] args, boolean duckdb) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            bindOne(ps, i + 1, bindable(i + 1, args[i], duckdb));
        }
    }

    /** Binds {@code values}, each already as {@link #bindable} makes it. */
    public static void bindAll(PreparedStatement ps, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            bindOne(ps, i + 1, values[i]);
        }
    }

    private static void bindOne(PreparedStatement ps, int index, Object v) throws SQLException {
        if (v == null) {
            ps.setObject(index, null);
        } else if (v instanceof Long l) {
            ps.setLong(index, l);
        } else if (v instanceof Double d) {
            ps.setDouble(index, d);
        } else if (v instanceof String s) {
            ps.setString(index, s);
        } else if (v instanceof byte[] bytes) {
            ps.setBytes(index, bytes);
        } else {
            ps.setObject(index, v); // a DuckDB timestamp
        }
    }

    /**
     * The value parameter {@code index} ({@code value}) is bound as: a Long, Double, String, byte[] or null,
     * as SQLite stores it; on DuckDB ({@code duckdb}) a timestamp is a LocalDateTime in UTC instead.
     *
     * @throws SQLDataException for a NaN, or a type Lumos-DB cannot store
     */
    public static Object bindable(int index, Object value, boolean duckdb) throws SQLDataException {
        if (value == null) {
            return null;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d)) {
                // SQLite stores NaN as NULL without a word; DuckDB would keep NaN: refused, not silently changed
                throw new SQLDataException("parameter " + index + " is NaN, which SQLite cannot store (it would become NULL);"
                        + " pass null, or keep NaN out of the data", "22023");
            }
            return d;
        } else if (value instanceof BigDecimal || value instanceof BigInteger) {
            Number n = (Number) value;
            if (value instanceof BigInteger b && b.bitLength() < 64) {
                return b.longValue();
            } else {
                return n.doubleValue();
            }
        } else if (value instanceof String s) {
            return s;
        } else if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        } else if (value instanceof byte[] bytes) {
            return bytes;
        } else if (value instanceof Character c) {
            return c.toString();
        } else if (value instanceof UUID u) {
            return u.toString();
        } else if (value instanceof LocalDate d) {
            return d.toString();
        } else if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString(); // a calendar date, as LocalDate (it has no instant)
        } else if (value instanceof java.sql.Time t) {
            return TIME.format(t.toLocalTime());
        } else if (value instanceof LocalTime t) {
            return TIME.format(t);
        } else if (value instanceof Instant || value instanceof LocalDateTime || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime || value instanceof Date) {
            LocalDateTime utc = toUtc(value);
            if (duckdb) {
                return utc;
            } else {
                return TIMESTAMP.format(utc);
            }
        } else {
            throw new SQLDataException("parameter " + index + " has type " + value.getClass().getName()
                    + ", which Lumos-DB cannot store; use a number, String, Boolean, byte[], UUID or java.time value",
                    "22023");
        }
    }

    private static LocalDateTime toUtc(Object value) {
        if (value instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        } else if (value instanceof OffsetDateTime o) {
            return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } else if (value instanceof ZonedDateTime z) {
            return z.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } else if (value instanceof Date d) {
            return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        return (LocalDateTime) value;
    }

    private static boolean isFloat32Vector(Object[] items) {
        if (items.length == 0) {
            return false;
        }
        for (Object item : items) {
            if (!(item instanceof Float)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] float32Blob(Object[] items) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * items.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (Object item : items) {
            b.putFloat((Float) item);
        }
        return b.array();
    }

    /**
     * Reads column {@code i} of {@code rs} into the value model. A DuckDB TIMESTAMP is read as the
     * LocalDateTime it holds: duckdb_jdbc's {@code java.sql.Timestamp} is built in the JVM's zone, and
     * across a daylight-saving change its local time is an hour off.
     */
    public static Object read(ResultSet rs, int i) throws SQLException {
        Object value = rs.getObject(i);
        if (value instanceof java.sql.Timestamp) {
            value = rs.getObject(i, LocalDateTime.class);
        }
        return normalize(value);
    }

    /** Folds an engine's result value into the value model above. */
    public static Object normalize(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Double || value instanceof byte[]
                || value instanceof java.util.List<?>) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger b) {
            if (b.bitLength() >= 64) {
                // DuckDB sums BIGINTs into a HUGEINT; SQLite's sum() of integers fails on overflow: so does this
                throw new SQLDataException("integer overflow: " + b + " does not fit 64 bits (SQLite's sum() fails"
                        + " the same way; sum a REAL, e.g. sum(CAST(x AS REAL)), for an approximate total)", "22003");
            }
            return b.longValue();
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (value instanceof LocalDateTime t) {
            return TIMESTAMP.format(t);
        }
        if (value instanceof OffsetDateTime || value instanceof java.sql.Timestamp) {
            LocalDateTime utc = value instanceof OffsetDateTime o
                    ? o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                    : ((java.sql.Timestamp) value).toLocalDateTime();
            return TIMESTAMP.format(utc);
        }
        if (value instanceof LocalTime t) {
            return TIME.format(t); // as SQLite's time(): seconds always
        }
        if (value instanceof LocalDate || value instanceof UUID) {
            return value.toString();
        }
        if (value instanceof org.duckdb.JsonNode json) {
            return json.toString(); // JSON text, as SQLite's json functions return it
        }
        if (value instanceof java.sql.Struct struct) {
            Object[] attributes = struct.getAttributes();
            Object[] normalized = new Object[attributes.length];
            for (int i = 0; i < attributes.length; i++) {
                normalized[i] = normalize(attributes[i]);
            }
            return java.util.Collections.unmodifiableList(Arrays.asList(normalized));
        }
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.List<Object> entries = new java.util.ArrayList<>();
            for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                entries.add(java.util.List.of(normalize(e.getKey()), String.valueOf(normalize(e.getValue()))));
            }
            return java.util.Collections.unmodifiableList(entries);
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        if (value instanceof Array array) {
            Object[] items = (Object[]) array.getArray();
            if (isFloat32Vector(items)) {
                return float32Blob(items); // a FLOAT[n] reads as the F32_BLOB(n) SQLite holds: one answer on both routes
            }
            Object[] normalized = new Object[items.length];
            for (int i = 0; i < items.length; i++) {
                normalized[i] = normalize(items[i]);
            }
            return java.util.Collections.unmodifiableList(Arrays.asList(normalized));
        }
        // anything else a future engine version returns: its text, never an object the value model lacks
        return value.toString();
    }
}
