package io.lumosdb.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * The getters of {@link ResultSet} by column label, each the getter by index of {@link #findColumn}'s answer: kept
 * apart so that {@link LumosResultSet} shows what it does.
 */
abstract class ResultSetByLabel extends ResultSetUpdatesRefused {
    @Override public String getString(String c) throws SQLException { return getString(findColumn(c)); }
    @Override public boolean getBoolean(String c) throws SQLException { return getBoolean(findColumn(c)); }
    @Override public byte getByte(String c) throws SQLException { return getByte(findColumn(c)); }
    @Override public short getShort(String c) throws SQLException { return getShort(findColumn(c)); }
    @Override public int getInt(String c) throws SQLException { return getInt(findColumn(c)); }
    @Override public long getLong(String c) throws SQLException { return getLong(findColumn(c)); }
    @Override public float getFloat(String c) throws SQLException { return getFloat(findColumn(c)); }
    @Override public double getDouble(String c) throws SQLException { return getDouble(findColumn(c)); }
    @Override @Deprecated public BigDecimal getBigDecimal(String c, int scale) throws SQLException { return getBigDecimal(findColumn(c), scale); }
    @Override public byte[] getBytes(String c) throws SQLException { return getBytes(findColumn(c)); }
    @Override public Date getDate(String c) throws SQLException { return getDate(findColumn(c)); }
    @Override public Time getTime(String c) throws SQLException { return getTime(findColumn(c)); }
    @Override public Timestamp getTimestamp(String c) throws SQLException { return getTimestamp(findColumn(c)); }
    @Override public InputStream getAsciiStream(String c) throws SQLException { return getAsciiStream(findColumn(c)); }
    @Override @Deprecated public InputStream getUnicodeStream(String c) throws SQLException { return getUnicodeStream(findColumn(c)); }
    @Override public InputStream getBinaryStream(String c) throws SQLException { return getBinaryStream(findColumn(c)); }
    @Override public Object getObject(String c) throws SQLException { return getObject(findColumn(c)); }
    @Override public Reader getCharacterStream(String c) throws SQLException { return getCharacterStream(findColumn(c)); }
    @Override public BigDecimal getBigDecimal(String c) throws SQLException { return getBigDecimal(findColumn(c)); }
    @Override public Object getObject(String c, Map<String, Class<?>> map) throws SQLException { return getObject(findColumn(c)); }
    @Override public Ref getRef(String c) throws SQLException { return getRef(findColumn(c)); }
    @Override public Blob getBlob(String c) throws SQLException { return getBlob(findColumn(c)); }
    @Override public Clob getClob(String c) throws SQLException { return getClob(findColumn(c)); }
    @Override public Array getArray(String c) throws SQLException { return getArray(findColumn(c)); }
    @Override public Date getDate(String c, Calendar cal) throws SQLException { return getDate(findColumn(c)); }
    @Override public Time getTime(String c, Calendar cal) throws SQLException { return getTime(findColumn(c)); }
    @Override public Timestamp getTimestamp(String c, Calendar cal) throws SQLException { return getTimestamp(findColumn(c)); }
    @Override public URL getURL(String c) throws SQLException { return getURL(findColumn(c)); }
    @Override public RowId getRowId(String c) throws SQLException { return getRowId(findColumn(c)); }
    @Override public NClob getNClob(String c) throws SQLException { return getNClob(findColumn(c)); }
    @Override public SQLXML getSQLXML(String c) throws SQLException { return getSQLXML(findColumn(c)); }
    @Override public String getNString(String c) throws SQLException { return getNString(findColumn(c)); }
    @Override public Reader getNCharacterStream(String c) throws SQLException { return getNCharacterStream(findColumn(c)); }
    @Override public <T> T getObject(String c, Class<T> type) throws SQLException { return getObject(findColumn(c), type); }

}
