package io.lumosdb;

import io.lumosdb.sync.SqliteTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * One result row. Values follow SQLite's value model whichever engine produced them: integers are
 * {@code Long}, reals {@code Double}, text {@code String}, blobs {@code byte[]}, booleans 1 or 0,
 * dates and timestamps canonical text (see docs/sql-dialect.md). Indexes are 0-based.
 *
 * <pre>{@code
 * Row r = db.query("SELECT id, customer, amount, ts FROM orders WHERE id = ?", 1).rows().get(0);
 * long id = r.getLong(0);
 * String who = r.getString("customer");
 * Instant when = r.getInstant("ts");
 * }</pre>
 */
public final class Row {
    private final Columns columns;
    private final Object[] values;

    Row(Columns columns, Object[] values) {
        this.columns = columns;
        this.values = values;
    }

    /** The number of values. */
    public int size() {
        return values.length;
    }

    /**
     * @throws IndexOutOfBoundsException if {@code index} is not a column of this row
     */
    public Object get(int index) {
        return copyOfBlob(values[checkIndex(index)]);
    }

    /** The stored value itself: for the facade's own use (a blob is not copied). */
    Object value(int index) {
        return values[index];
    }

    /** Blobs are copied on the way out: a result may be shared through the cache, and arrays are mutable. */
    private static Object copyOfBlob(Object v) {
        return v instanceof byte[] b ? b.clone() : v;
    }

    /**
     * @throws NoSuchElementException if the result has no column of that name
     */
    public Object get(String column) {
        return copyOfBlob(values[columns.indexOf(column)]);
    }

    /** The value as a long; null for NULL. Reals are truncated; text must be an integer. */
    public Long getLong(int index) {
        Object v = get(index);
        if (v == null || v instanceof Long) {
            return (Long) v;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(index, "a long", v);
            }
        }
        throw mismatch(index, "a long", v);
    }

    public Long getLong(String column) {
        return getLong(columns.indexOf(column));
    }

    /** The value as a double; null for NULL. Text must be a number. */
    public Double getDouble(int index) {
        Object v = get(index);
        if (v == null || v instanceof Double) {
            return (Double) v;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch(index, "a double", v);
            }
        }
        throw mismatch(index, "a double", v);
    }

    public Double getDouble(String column) {
        return getDouble(columns.indexOf(column));
    }

    /** The value's text; numbers as SQLite would print integers, blobs are refused. */
    public String getString(int index) {
        Object v = get(index);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        if (v instanceof byte[]) {
            throw mismatch(index, "a string", v);
        }
        return String.valueOf(v);
    }

    public String getString(String column) {
        return getString(columns.indexOf(column));
    }

    /** The value as a boolean (non-zero is true); null for NULL. */
    public Boolean getBoolean(int index) {
        Object v = get(index);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        throw mismatch(index, "a boolean", v);
    }

    public Boolean getBoolean(String column) {
        return getBoolean(columns.indexOf(column));
    }

    public byte[] getBytes(int index) {
        Object v = get(index);
        if (v == null || v instanceof byte[]) {
            return (byte[]) v;
        }
        throw mismatch(index, "bytes", v);
    }

    public byte[] getBytes(String column) {
        return getBytes(columns.indexOf(column));
    }

    /** A date column's value ({@code yyyy-MM-dd}, or the date part of a timestamp). */
    public LocalDate getLocalDate(int index) {
        LocalDateTime t = getLocalDateTime(index);
        return t == null ? null : t.toLocalDate();
    }

    public LocalDate getLocalDate(String column) {
        return getLocalDate(columns.indexOf(column));
    }

    /** A timestamp column's value, in UTC, from any of SQLite's time formats. */
    public LocalDateTime getLocalDateTime(int index) {
        String text = getString(index);
        if (text == null) {
            return null;
        }
        try {
            return SqliteTime.parseTimestamp(text);
        } catch (RuntimeException e) {
            throw mismatch(index, "a timestamp", text);
        }
    }

    public LocalDateTime getLocalDateTime(String column) {
        return getLocalDateTime(columns.indexOf(column));
    }

    /** A timestamp column's value as an instant (timestamps are stored in UTC). */
    public Instant getInstant(int index) {
        LocalDateTime t = getLocalDateTime(index);
        return t == null ? null : t.toInstant(ZoneOffset.UTC);
    }

    public Instant getInstant(String column) {
        return getInstant(columns.indexOf(column));
    }

    /** The values in column order (a copy). */
    public List<Object> values() {
        return Arrays.asList(values.clone());
    }

    /** Column name to value, in column order. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(columns.names().get(i), values[i]);
        }
        return m;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= values.length) {
            throw new IndexOutOfBoundsException("column index " + index + " is out of range: the row has "
                    + values.length + " columns " + columns.names() + " (indexes are 0-based)");
        }
        return index;
    }

    private IllegalArgumentException mismatch(int index, String wanted, Object v) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "column %d (%s) holds %s %s, not %s",
                index, columns.names().get(index), v.getClass().getSimpleName(),
                v instanceof byte[] b ? b.length + " bytes" : "'" + v + "'", wanted));
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && Arrays.deepEquals(values, r.values) && columns.names().equals(r.columns.names());
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }
}
