package io.lumosdb.sync;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.duckdb.DuckDBAppender;

/**
 * Appends one SQLite value to a DuckDB appender as the replica column's type wants it.
 *
 * <p>The capture triggers make sure a value written after replicating fits; values that were in a table
 * before it was first replicated are checked here, and a misfit is reported with the table, rowid and
 * column rather than stored as something else.
 */
final class ValueConverter {
    private ValueConverter() {}

    /**
     * Appends one row of {@code table}, given as {@code identity, columns...}: the rowid as a Long, or a
     * {@code WITHOUT ROWID} table's key as its json_array text, then each stored column's SQLite value.
     */
    static void appendRow(DuckDBAppender appender, ReplicatedTable table, Object[] row) throws SQLException {
        List<ReplicatedTable.Column> columns = table.storedColumns();
        appender.beginRow();
        if (table.keyed()) {
            appender.append((String) row[0]);
        } else {
            appender.append((long) (Long) row[0]);
        }
        for (int c = 0; c < columns.size(); c++) {
            append(appender, table, columns.get(c), row[0], row[c + 1]);
        }
        appender.endRow();
    }

    static void append(DuckDBAppender appender, ReplicatedTable table, ReplicatedTable.Column column, Object row, Object value)
            throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        try { // the appender's typed overloads, unboxed: this is the copy's hot loop (see replicaValue for the same mapping)
            switch (column.type()) {
                case INTEGER -> appender.append(integer(value));
                case DOUBLE -> appender.append(number(value).doubleValue());
                case BOOLEAN -> appender.append(integer(value) != 0);
                case TEXT -> appender.append(text(value));
                case BLOB -> appender.append(value instanceof byte[] b ? b : text(value).getBytes(StandardCharsets.UTF_8));
                case DATE -> appender.append(LocalDate.parse(text(value)));
                case TIMESTAMP -> appender.append(SqliteTime.parseTimestamp(text(value)));
                case ANY -> appender.append(value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value));
                case F32_VECTOR -> appender.append(floats(value, ColumnType.dimensions(column.declaredType())));
                default -> throw new AssertionError(column.type());
            }
        } catch (IllegalArgumentException | DateTimeParseException | ClassCastException e) {
            throw misfit(table, column, row, value, e);
        }
    }

    /**
     * The value the replica column holds for SQLite's {@code value}: Long, Double, Boolean, String, byte[],
     * LocalDate, LocalDateTime or float[] by the column's type, or null. What is appended, and what a
     * verification compares with what DuckDB holds ({@link RowDigest}).
     *
     * @throws SQLException naming table, row and column when the value does not fit the column's type
     */
    static Object replicaValue(ReplicatedTable table, ReplicatedTable.Column column, Object row, Object value) throws SQLException {
        if (value == null) {
            return null;
        }
        try {
            return switch (column.type()) {
                case INTEGER -> integer(value);
                case DOUBLE -> number(value).doubleValue();
                case BOOLEAN -> integer(value) != 0;
                case TEXT -> text(value);
                case BLOB -> value instanceof byte[] b ? b : text(value).getBytes(StandardCharsets.UTF_8);
                case DATE -> LocalDate.parse(text(value));
                case TIMESTAMP -> SqliteTime.parseTimestamp(text(value));
                case ANY -> value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(value);
                case F32_VECTOR -> floats(value, ColumnType.dimensions(column.declaredType()));
            };
        } catch (IllegalArgumentException | DateTimeParseException | ClassCastException e) {
            throw misfit(table, column, row, value, e);
        }
    }

    private static SQLException misfit(ReplicatedTable table, ReplicatedTable.Column column, Object row, Object value, RuntimeException e) {
        return new SQLException("table " + table.name() + ", " + (table.keyed() ? "key " : "rowid ") + row + ": column "
                + column.name() + " holds " + describe(value) + ", which its declared type " + column.declaredType() + " ("
                + column.duckType() + " in DuckDB) cannot hold", "22018", e);
    }

    /** A little-endian float32 blob of {@code dimensions} floats as an array. */
    private static float[] floats(Object value, int dimensions) {
        if (!(value instanceof byte[] b) || b.length != 4 * dimensions) {
            throw new IllegalArgumentException("not a blob of " + dimensions + " float32");
        }
        float[] v = new float[dimensions];
        java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    private static long integer(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException("not an integer");
    }

    private static Number number(Object value) {
        if (value instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("not a number");
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("not text");
    }

    private static String describe(Object value) {
        String kind = value instanceof byte[] ? "a blob" : value instanceof String ? "text" : "a number";
        String shown = value instanceof byte[] b ? b.length + " bytes" : String.valueOf(value);
        if (shown.length() > 40) {
            shown = shown.substring(0, 40) + "...";
        }
        return kind + " (" + shown + ")";
    }
}
