package io.lumosdb.jdbc;

import io.lumosdb.StatementKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: its parameters are kept here and handed to the facade with the text on each execution;
 * the facade keeps the engines' prepared statements (a statement cache per connection) and its route decision per
 * statement shape, so preparing here costs nothing. Values are bound as the facade binds them (numbers, text,
 * bytes, booleans as 1/0, dates and timestamps as UTC text: docs/sql-dialect.md); a {@code Calendar} argument is
 * ignored for that reason. Batches run in one transaction, each row counted.
 */
final class LumosPreparedStatement extends LumosStatement implements PreparedStatement {
    private static final Object UNSET = new Object();

    private final String sql;
    private final boolean wantKeys;
    private final Object[] parameters;
    private final List<Object[]> batchRows = new ArrayList<>();
    private StatementKind kind;

    LumosPreparedStatement(LumosConnection connection, String sql, boolean wantKeys) {
        super(connection);
        this.sql = sql;
        this.wantKeys = wantKeys;
        this.parameters = new Object[SqlScanner.parameterCount(sql)];
        Arrays.fill(parameters, UNSET);
    }

    private Object[] arguments() throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == UNSET) {
                throw new SQLDataException("parameter " + (i + 1) + " of " + parameters.length + " is not set -- in: "
                        + (sql.length() > 200 ? sql.substring(0, 197) + "..." : sql), "07001");
            }
        }
        return parameters.clone();
    }

    private void set(int index, Object value) throws SQLException {
        checkOpen();
        if (index < 1 || index > parameters.length) {
            throw new SQLException("parameter index " + index + " is out of range: the statement has " + parameters.length
                    + " parameters (indexes are 1-based)", "07009");
        }
        parameters[index - 1] = value;
    }

    private StatementKind kind() throws SQLException {
        if (kind == null) {
            kind = connection.kind(sql);
        }
        return kind;
    }

    // ---------------------------------------------------------------- execution

    @Override
    public ResultSet executeQuery() throws SQLException {
        return runQuery(sql, arguments());
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return runUpdate(sql, arguments(), wantKeys);
    }

    @Override
    public boolean execute() throws SQLException {
        return runAny(sql, arguments(), kind(), wantKeys);
    }

    @Override
    public void addBatch() throws SQLException {
        checkOpen();
        batchRows.add(arguments());
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batchRows.clear();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        List<Object[]> rows = List.copyOf(batchRows);
        batchRows.clear();
        return runBatch(List.of(sql), rows);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    @Override
    public void clearParameters() throws SQLException {
        checkOpen();
        Arrays.fill(parameters, UNSET);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        checkOpen();
        return null; // known only once run (values carry the types); JDBC allows null here
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        checkOpen();
        return new LumosParameterMetaData(parameters.length);
    }

    private SQLException notOnPrepared() {
        return new SQLException("a PreparedStatement runs its own SQL: call the method without a SQL argument", "HY000");
    }

    @Override public ResultSet executeQuery(String s) throws SQLException { throw notOnPrepared(); }
    @Override public int executeUpdate(String s) throws SQLException { throw notOnPrepared(); }
    @Override public boolean execute(String s) throws SQLException { throw notOnPrepared(); }
    @Override public void addBatch(String s) throws SQLException { throw notOnPrepared(); }

    // ---------------------------------------------------------------- setters

    @Override public void setNull(int i, int sqlType) throws SQLException { set(i, null); }
    @Override public void setNull(int i, int sqlType, String typeName) throws SQLException { set(i, null); }
    @Override public void setBoolean(int i, boolean x) throws SQLException { set(i, x); }
    @Override public void setByte(int i, byte x) throws SQLException { set(i, (long) x); }
    @Override public void setShort(int i, short x) throws SQLException { set(i, (long) x); }
    @Override public void setInt(int i, int x) throws SQLException { set(i, (long) x); }
    @Override public void setLong(int i, long x) throws SQLException { set(i, x); }
    @Override public void setFloat(int i, float x) throws SQLException { set(i, (double) x); }
    @Override public void setDouble(int i, double x) throws SQLException { set(i, x); }
    @Override public void setBigDecimal(int i, BigDecimal x) throws SQLException { set(i, x); }
    @Override public void setString(int i, String x) throws SQLException { set(i, x); }
    @Override public void setNString(int i, String x) throws SQLException { set(i, x); }
    @Override public void setBytes(int i, byte[] x) throws SQLException { set(i, x == null ? null : x.clone()); }
    @Override public void setDate(int i, Date x) throws SQLException { set(i, x == null ? null : x.toLocalDate()); }
    @Override public void setDate(int i, Date x, Calendar cal) throws SQLException { setDate(i, x); }
    @Override public void setTime(int i, Time x) throws SQLException { set(i, x == null ? null : x.toLocalTime()); }
    @Override public void setTime(int i, Time x, Calendar cal) throws SQLException { setTime(i, x); }
    @Override public void setTimestamp(int i, Timestamp x) throws SQLException { set(i, x == null ? null : x.toInstant()); }
    @Override public void setTimestamp(int i, Timestamp x, Calendar cal) throws SQLException { setTimestamp(i, x); }
    @Override public void setURL(int i, URL x) throws SQLException { set(i, x == null ? null : x.toString()); }

    @Override
    public void setObject(int i, Object x) throws SQLException {
        if (x instanceof Timestamp t) {
            setTimestamp(i, t);
        } else if (x instanceof Date d) {
            setDate(i, d);
        } else if (x instanceof Time t) {
            setTime(i, t);
        } else if (x instanceof Blob b) {
            setBlob(i, b);
        } else if (x instanceof Clob c) {
            setClob(i, c);
        } else if (x instanceof byte[] b) {
            setBytes(i, b);
        } else if (x instanceof Array) {
            throw unsupported("array parameters");
        } else {
            set(i, x); // numbers, text, booleans, UUID and java.time values: the facade binds them (else it names the type)
        }
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType) throws SQLException {
        if (x == null) {
            set(i, null);
        } else if (x instanceof String s && isNumeric(targetSqlType)) {
            try {
                set(i, targetSqlType == Types.REAL || targetSqlType == Types.FLOAT || targetSqlType == Types.DOUBLE
                        || targetSqlType == Types.DECIMAL || targetSqlType == Types.NUMERIC ? (Object) new BigDecimal(s.trim()) : Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new SQLDataException("parameter " + i + " '" + s + "' is not a number of the JDBC type " + targetSqlType, "22018", e);
            }
        } else if (targetSqlType == Types.VARCHAR || targetSqlType == Types.CHAR || targetSqlType == Types.LONGVARCHAR
                || targetSqlType == Types.NVARCHAR || targetSqlType == Types.CLOB) {
            set(i, x instanceof String ? x : String.valueOf(x));
        } else {
            setObject(i, x);
        }
    }

    @Override
    public void setObject(int i, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
        setObject(i, x, targetSqlType);
    }

    private static boolean isNumeric(int t) {
        return t == Types.TINYINT || t == Types.SMALLINT || t == Types.INTEGER || t == Types.BIGINT || t == Types.REAL
                || t == Types.FLOAT || t == Types.DOUBLE || t == Types.DECIMAL || t == Types.NUMERIC;
    }

    @Override public void setAsciiStream(int i, InputStream x, int length) throws SQLException { setAsciiStream(i, x, (long) length); }
    @Override public void setAsciiStream(int i, InputStream x, long length) throws SQLException { setAsciiStream(i, x); }

    @Override
    public void setAsciiStream(int i, InputStream x) throws SQLException {
        set(i, x == null ? null : new String(readAll(x, i), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Override
    @Deprecated
    public void setUnicodeStream(int i, InputStream x, int length) throws SQLException {
        set(i, x == null ? null : new String(readAll(x, i), java.nio.charset.StandardCharsets.UTF_16BE));
    }

    @Override public void setBinaryStream(int i, InputStream x, int length) throws SQLException { setBinaryStream(i, x); }
    @Override public void setBinaryStream(int i, InputStream x, long length) throws SQLException { setBinaryStream(i, x); }

    @Override
    public void setBinaryStream(int i, InputStream x) throws SQLException {
        set(i, x == null ? null : readAll(x, i));
    }

    @Override public void setCharacterStream(int i, Reader x, int length) throws SQLException { setCharacterStream(i, x); }
    @Override public void setCharacterStream(int i, Reader x, long length) throws SQLException { setCharacterStream(i, x); }
    @Override public void setNCharacterStream(int i, Reader x, long length) throws SQLException { setCharacterStream(i, x); }
    @Override public void setNCharacterStream(int i, Reader x) throws SQLException { setCharacterStream(i, x); }

    @Override
    public void setCharacterStream(int i, Reader x) throws SQLException {
        set(i, x == null ? null : readAll(x, i));
    }

    @Override
    public void setBlob(int i, Blob x) throws SQLException {
        set(i, x == null ? null : x.getBytes(1, (int) x.length()));
    }

    @Override public void setBlob(int i, InputStream x, long length) throws SQLException { setBinaryStream(i, x); }
    @Override public void setBlob(int i, InputStream x) throws SQLException { setBinaryStream(i, x); }

    @Override
    public void setClob(int i, Clob x) throws SQLException {
        set(i, x == null ? null : x.getSubString(1, (int) x.length()));
    }

    @Override public void setClob(int i, Reader x, long length) throws SQLException { setCharacterStream(i, x); }
    @Override public void setClob(int i, Reader x) throws SQLException { setCharacterStream(i, x); }
    @Override public void setNClob(int i, NClob x) throws SQLException { setClob(i, x); }
    @Override public void setNClob(int i, Reader x, long length) throws SQLException { setCharacterStream(i, x); }
    @Override public void setNClob(int i, Reader x) throws SQLException { setCharacterStream(i, x); }
    @Override public void setRef(int i, Ref x) throws SQLException { throw unsupported("Ref parameters"); }
    @Override public void setArray(int i, Array x) throws SQLException { throw unsupported("array parameters"); }
    @Override public void setRowId(int i, RowId x) throws SQLException { throw unsupported("RowId parameters"); }
    @Override public void setSQLXML(int i, SQLXML x) throws SQLException { throw unsupported("SQLXML parameters"); }

    private static byte[] readAll(InputStream in, int index) throws SQLException {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SQLDataException("reading the stream of parameter " + index + " failed: " + e.getMessage(), "22000", e);
        }
    }

    private static String readAll(Reader in, int index) throws SQLException {
        try (in) {
            StringBuilder out = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.append(buf, 0, n);
            }
            return out.toString();
        } catch (IOException e) {
            throw new SQLDataException("reading the reader of parameter " + index + " failed: " + e.getMessage(), "22000", e);
        }
    }

    @Override
    public String toString() {
        return "LumosPreparedStatement[" + sql + "]";
    }
}
