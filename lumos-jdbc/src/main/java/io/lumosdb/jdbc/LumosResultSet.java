package io.lumosdb.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A forward-only, read-only result set over a {@link RowSource}. Values are Lumos-DB's ({@code Long}, {@code Double},
 * {@code String}, {@code byte[]}); the typed getters convert them as {@link ValueConversions} describes, and
 * {@link #wasNull()} tells a NULL from a zero. Dates and timestamps are UTC, as the facade stores them; a
 * {@code Calendar} argument is ignored for that reason.
 */
final class LumosResultSet extends ResultSetByLabel {
    private final RowSource rows;
    private final Statement statement;
    private final long maxRows;
    private Map<String, Integer> byLabel; // made on the first lookup by label: most point reads go by index
    private ResultSetMetaData meta;
    private int row; // 1-based; 0 before the first, -1 after the last
    private boolean wasNull;
    private boolean closed;
    private int fetchSize;

    /**
     * @param maxRows the most rows to show (a statement's {@code setMaxRows}); 0 for all
     */
    LumosResultSet(RowSource rows, Statement statement, long maxRows) {
        this.rows = rows;
        this.statement = statement;
        this.maxRows = maxRows;
    }

    // ---------------------------------------------------------------- cursor

    @Override
    public boolean next() throws SQLException {
        checkOpen();
        if (row < 0) {
            return false;
        }
        if ((maxRows == 0 || row < maxRows) && rows.next()) {
            row++;
            return true;
        }
        row = -1;
        return false;
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            rows.close();
            if (statement instanceof LumosStatement s) {
                s.resultSetClosed(this);
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    @Override
    public int getRow() {
        return Math.max(row, 0);
    }

    @Override
    public boolean isBeforeFirst() {
        return row == 0 && !(rows.rowsInMemory() != null && rows.rowsInMemory().isEmpty());
    }

    @Override
    public boolean isAfterLast() {
        return row < 0 && !(rows.rowsInMemory() != null && rows.rowsInMemory().isEmpty());
    }

    @Override
    public boolean isFirst() {
        return row == 1;
    }

    @Override
    public boolean isLast() throws SQLException {
        if (rows.rowsInMemory() == null) {
            throw unsupported("isLast() on a streamed result");
        }
        return row > 0 && row == rows.rowsInMemory().size();
    }

    @Override
    public int findColumn(String label) throws SQLException {
        checkOpen();
        if (byLabel == null) {
            byLabel = new HashMap<>();
            for (int c = rows.columns.size() - 1; c >= 0; c--) { // the first of equal labels wins, as in sqlite-jdbc
                byLabel.put(rows.columns.get(c), c + 1);
                byLabel.put(rows.columns.get(c).toLowerCase(Locale.ROOT), c + 1);
            }
        }
        Integer i = byLabel.get(label);
        if (i == null) {
            i = byLabel.get(label.toLowerCase(Locale.ROOT));
        }
        if (i == null) {
            throw new SQLException("no column labelled '" + label + "' in the result; its columns are " + rows.columns, "42S22");
        }
        return i;
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        if (meta == null) {
            meta = new LumosResultSetMetaData(rows);
        }
        return meta;
    }

    @Override
    public Statement getStatement() {
        return statement;
    }

    @Override
    public SQLWarning getWarnings() {
        return null;
    }

    @Override
    public void clearWarnings() {}

    @Override
    public String getCursorName() throws SQLException {
        throw unsupported("named cursors");
    }

    @Override
    public int getType() {
        return TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() {
        return CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() {
        return CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public int getFetchDirection() {
        return FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != FETCH_FORWARD) {
            throw unsupported("fetch directions other than FETCH_FORWARD");
        }
    }

    @Override
    public void setFetchSize(int rows) {
        this.fetchSize = rows;
    }

    @Override
    public int getFetchSize() {
        return fetchSize;
    }

    // ---------------------------------------------------------------- values

    private Object value(int column) throws SQLException {
        checkOpen();
        if (row <= 0) {
            throw new SQLException(row == 0 ? "the result set is before its first row: call next() first"
                    : "the result set is after its last row", "24000");
        }
        if (column < 1 || column > rows.columns.size()) {
            throw new SQLException("column index " + column + " is out of range: the result has " + rows.columns.size()
                    + " columns " + rows.columns + " (indexes are 1-based)", "07009");
        }
        Object v = rows.value(column - 1);
        wasNull = v == null;
        return v;
    }

    private String name(int column) {
        return column + " (" + rows.columns.get(column - 1) + ")";
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return value(column);
    }

    @Override
    public String getString(int column) throws SQLException {
        return ValueConversions.string(value(column));
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        return ValueConversions.bool(value(column), name(column));
    }

    @Override
    public byte getByte(int column) throws SQLException {
        return (byte) ValueConversions.integer(value(column), name(column), "a byte", Byte.MIN_VALUE, Byte.MAX_VALUE);
    }

    @Override
    public short getShort(int column) throws SQLException {
        return (short) ValueConversions.integer(value(column), name(column), "a short", Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @Override
    public int getInt(int column) throws SQLException {
        return (int) ValueConversions.integer(value(column), name(column), "an int", Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public long getLong(int column) throws SQLException {
        return ValueConversions.integer(value(column), name(column), "a long", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return (float) ValueConversions.real(value(column), name(column), "a float");
    }

    @Override
    public double getDouble(int column) throws SQLException {
        return ValueConversions.real(value(column), name(column), "a double");
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        return ValueConversions.decimal(value(column), name(column));
    }

    @Override
    @Deprecated
    public BigDecimal getBigDecimal(int column, int scale) throws SQLException {
        BigDecimal d = getBigDecimal(column);
        return d == null ? null : d.setScale(scale, RoundingMode.HALF_UP);
    }

    @Override
    public byte[] getBytes(int column) throws SQLException {
        return ValueConversions.bytes(value(column));
    }

    @Override
    public Date getDate(int column) throws SQLException {
        LocalDateTime t = ValueConversions.dateTime(value(column), name(column));
        return t == null ? null : Date.valueOf(t.toLocalDate());
    }

    @Override
    public Time getTime(int column) throws SQLException {
        LocalTime t = ValueConversions.time(value(column), name(column));
        return t == null ? null : Time.valueOf(t);
    }

    @Override
    public Timestamp getTimestamp(int column) throws SQLException {
        return ValueConversions.timestamp(value(column), name(column));
    }

    @Override
    public Date getDate(int column, Calendar cal) throws SQLException {
        return getDate(column);
    }

    @Override
    public Time getTime(int column, Calendar cal) throws SQLException {
        return getTime(column);
    }

    @Override
    public Timestamp getTimestamp(int column, Calendar cal) throws SQLException {
        return getTimestamp(column);
    }

    @Override
    public InputStream getAsciiStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public InputStream getUnicodeStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_16BE));
    }

    @Override
    public InputStream getBinaryStream(int column) throws SQLException {
        byte[] b = getBytes(column);
        return b == null ? null : new ByteArrayInputStream(b);
    }

    @Override
    public Reader getCharacterStream(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new StringReader(s);
    }

    @Override
    public Reader getNCharacterStream(int column) throws SQLException {
        return getCharacterStream(column);
    }

    @Override
    public String getNString(int column) throws SQLException {
        return getString(column);
    }

    @Override
    public Blob getBlob(int column) throws SQLException {
        byte[] b = getBytes(column);
        return b == null ? null : new javax.sql.rowset.serial.SerialBlob(b);
    }

    @Override
    public Clob getClob(int column) throws SQLException {
        String s = getString(column);
        return s == null ? null : new javax.sql.rowset.serial.SerialClob(s.toCharArray());
    }

    @Override
    public NClob getNClob(int column) throws SQLException {
        throw unsupported("NClob");
    }

    @Override
    public URL getURL(int column) throws SQLException {
        String s = getString(column);
        try {
            return s == null ? null : new URL(s);
        } catch (MalformedURLException e) {
            throw ValueConversions.mismatch(name(column), s, "a URL");
        }
    }

    @Override
    public Object getObject(int column, Map<String, Class<?>> map) throws SQLException {
        return getObject(column);
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        Object v = value(column);
        if (v == null) {
            return null;
        }
        String name = name(column);
        Object converted;
        if (type.isInstance(v)) {
            converted = v;
        } else if (type == String.class) {
            converted = ValueConversions.string(v);
        } else if (type == Integer.class) {
            converted = getInt(column);
        } else if (type == Long.class) {
            converted = getLong(column);
        } else if (type == Short.class) {
            converted = getShort(column);
        } else if (type == Byte.class) {
            converted = getByte(column);
        } else if (type == Double.class) {
            converted = getDouble(column);
        } else if (type == Float.class) {
            converted = getFloat(column);
        } else if (type == Boolean.class) {
            converted = getBoolean(column);
        } else if (type == BigDecimal.class) {
            converted = getBigDecimal(column);
        } else if (type == java.math.BigInteger.class) {
            converted = getBigDecimal(column).toBigInteger();
        } else if (type == byte[].class) {
            converted = getBytes(column);
        } else if (type == LocalDate.class) {
            converted = ValueConversions.dateTime(v, name).toLocalDate();
        } else if (type == LocalDateTime.class) {
            converted = ValueConversions.dateTime(v, name);
        } else if (type == LocalTime.class) {
            converted = ValueConversions.time(v, name);
        } else if (type == Instant.class) {
            converted = ValueConversions.dateTime(v, name).toInstant(ZoneOffset.UTC);
        } else if (type == OffsetDateTime.class) {
            converted = ValueConversions.dateTime(v, name).atOffset(ZoneOffset.UTC);
        } else if (type == Timestamp.class) {
            converted = getTimestamp(column);
        } else if (type == Date.class) {
            converted = getDate(column);
        } else if (type == Time.class) {
            converted = getTime(column);
        } else if (type == UUID.class) {
            converted = ValueConversions.uuid(v, name);
        } else if (type == Blob.class) {
            converted = getBlob(column);
        } else if (type == Clob.class) {
            converted = getClob(column);
        } else {
            throw unsupported("getObject(" + name + ", " + type.getName() + ")");
        }
        return type.cast(converted);
    }

    @Override
    public Ref getRef(int column) throws SQLException {
        throw unsupported("Ref");
    }

    @Override
    public Array getArray(int column) throws SQLException {
        throw unsupported("getArray");
    }

    @Override
    public RowId getRowId(int column) throws SQLException {
        throw unsupported("RowId");
    }

    @Override
    public SQLXML getSQLXML(int column) throws SQLException {
        throw unsupported("SQLXML");
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "24000");
        }
    }
}
