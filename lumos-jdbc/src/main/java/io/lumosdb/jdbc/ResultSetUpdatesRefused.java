package io.lumosdb.jdbc;

import java.sql.ResultSet;

/**
 * The parts of {@link ResultSet} a forward-only, read-only result refuses: updates through the result and
 * scrolling. Kept apart so that {@link LumosResultSet} shows only what it does.
 */
abstract class ResultSetUpdatesRefused extends JdbcObjects implements ResultSet {
    @Override public void beforeFirst() throws java.sql.SQLException { throw unsupported("beforeFirst (the result set is forward-only)"); }
    @Override public void afterLast() throws java.sql.SQLException { throw unsupported("afterLast (the result set is forward-only)"); }
    @Override public boolean first() throws java.sql.SQLException { throw unsupported("first (the result set is forward-only)"); }
    @Override public boolean last() throws java.sql.SQLException { throw unsupported("last (the result set is forward-only)"); }
    @Override public boolean absolute(int a0) throws java.sql.SQLException { throw unsupported("absolute (the result set is forward-only)"); }
    @Override public boolean relative(int a0) throws java.sql.SQLException { throw unsupported("relative (the result set is forward-only)"); }
    @Override public boolean previous() throws java.sql.SQLException { throw unsupported("previous (the result set is forward-only)"); }
    @Override public boolean rowUpdated() throws java.sql.SQLException { return false; }
    @Override public boolean rowInserted() throws java.sql.SQLException { return false; }
    @Override public boolean rowDeleted() throws java.sql.SQLException { return false; }
    @Override public void updateNull(int a0) throws java.sql.SQLException { throw unsupported("updateNull (the result set is read-only)"); }
    @Override public void updateBoolean(int a0, boolean a1) throws java.sql.SQLException { throw unsupported("updateBoolean (the result set is read-only)"); }
    @Override public void updateByte(int a0, byte a1) throws java.sql.SQLException { throw unsupported("updateByte (the result set is read-only)"); }
    @Override public void updateShort(int a0, short a1) throws java.sql.SQLException { throw unsupported("updateShort (the result set is read-only)"); }
    @Override public void updateInt(int a0, int a1) throws java.sql.SQLException { throw unsupported("updateInt (the result set is read-only)"); }
    @Override public void updateLong(int a0, long a1) throws java.sql.SQLException { throw unsupported("updateLong (the result set is read-only)"); }
    @Override public void updateFloat(int a0, float a1) throws java.sql.SQLException { throw unsupported("updateFloat (the result set is read-only)"); }
    @Override public void updateDouble(int a0, double a1) throws java.sql.SQLException { throw unsupported("updateDouble (the result set is read-only)"); }
    @Override public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws java.sql.SQLException { throw unsupported("updateBigDecimal (the result set is read-only)"); }
    @Override public void updateString(int a0, String a1) throws java.sql.SQLException { throw unsupported("updateString (the result set is read-only)"); }
    @Override public void updateBytes(int a0, byte[] a1) throws java.sql.SQLException { throw unsupported("updateBytes (the result set is read-only)"); }
    @Override public void updateDate(int a0, java.sql.Date a1) throws java.sql.SQLException { throw unsupported("updateDate (the result set is read-only)"); }
    @Override public void updateTime(int a0, java.sql.Time a1) throws java.sql.SQLException { throw unsupported("updateTime (the result set is read-only)"); }
    @Override public void updateTimestamp(int a0, java.sql.Timestamp a1) throws java.sql.SQLException { throw unsupported("updateTimestamp (the result set is read-only)"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw unsupported("updateAsciiStream (the result set is read-only)"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw unsupported("updateBinaryStream (the result set is read-only)"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1, int a2) throws java.sql.SQLException { throw unsupported("updateCharacterStream (the result set is read-only)"); }
    @Override public void updateObject(int a0, Object a1, int a2) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
    @Override public void updateObject(int a0, Object a1) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
    @Override public void updateNull(String a0) throws java.sql.SQLException { throw unsupported("updateNull (the result set is read-only)"); }
    @Override public void updateBoolean(String a0, boolean a1) throws java.sql.SQLException { throw unsupported("updateBoolean (the result set is read-only)"); }
    @Override public void updateByte(String a0, byte a1) throws java.sql.SQLException { throw unsupported("updateByte (the result set is read-only)"); }
    @Override public void updateShort(String a0, short a1) throws java.sql.SQLException { throw unsupported("updateShort (the result set is read-only)"); }
    @Override public void updateInt(String a0, int a1) throws java.sql.SQLException { throw unsupported("updateInt (the result set is read-only)"); }
    @Override public void updateLong(String a0, long a1) throws java.sql.SQLException { throw unsupported("updateLong (the result set is read-only)"); }
    @Override public void updateFloat(String a0, float a1) throws java.sql.SQLException { throw unsupported("updateFloat (the result set is read-only)"); }
    @Override public void updateDouble(String a0, double a1) throws java.sql.SQLException { throw unsupported("updateDouble (the result set is read-only)"); }
    @Override public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws java.sql.SQLException { throw unsupported("updateBigDecimal (the result set is read-only)"); }
    @Override public void updateString(String a0, String a1) throws java.sql.SQLException { throw unsupported("updateString (the result set is read-only)"); }
    @Override public void updateBytes(String a0, byte[] a1) throws java.sql.SQLException { throw unsupported("updateBytes (the result set is read-only)"); }
    @Override public void updateDate(String a0, java.sql.Date a1) throws java.sql.SQLException { throw unsupported("updateDate (the result set is read-only)"); }
    @Override public void updateTime(String a0, java.sql.Time a1) throws java.sql.SQLException { throw unsupported("updateTime (the result set is read-only)"); }
    @Override public void updateTimestamp(String a0, java.sql.Timestamp a1) throws java.sql.SQLException { throw unsupported("updateTimestamp (the result set is read-only)"); }
    @Override public void updateAsciiStream(String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw unsupported("updateAsciiStream (the result set is read-only)"); }
    @Override public void updateBinaryStream(String a0, java.io.InputStream a1, int a2) throws java.sql.SQLException { throw unsupported("updateBinaryStream (the result set is read-only)"); }
    @Override public void updateCharacterStream(String a0, java.io.Reader a1, int a2) throws java.sql.SQLException { throw unsupported("updateCharacterStream (the result set is read-only)"); }
    @Override public void updateObject(String a0, Object a1, int a2) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
    @Override public void updateObject(String a0, Object a1) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
    @Override public void insertRow() throws java.sql.SQLException { throw unsupported("insertRow (the result set is read-only)"); }
    @Override public void updateRow() throws java.sql.SQLException { throw unsupported("updateRow (the result set is read-only)"); }
    @Override public void deleteRow() throws java.sql.SQLException { throw unsupported("deleteRow (the result set is read-only)"); }
    @Override public void refreshRow() throws java.sql.SQLException { throw unsupported("refreshRow (the result set is read-only)"); }
    @Override public void cancelRowUpdates() throws java.sql.SQLException { throw unsupported("cancelRowUpdates (the result set is read-only)"); }
    @Override public void moveToInsertRow() throws java.sql.SQLException { throw unsupported("moveToInsertRow (the result set is read-only)"); }
    @Override public void moveToCurrentRow() throws java.sql.SQLException { throw unsupported("moveToCurrentRow (the result set is read-only)"); }
    @Override public void updateRef(int a0, java.sql.Ref a1) throws java.sql.SQLException { throw unsupported("updateRef (the result set is read-only)"); }
    @Override public void updateRef(String a0, java.sql.Ref a1) throws java.sql.SQLException { throw unsupported("updateRef (the result set is read-only)"); }
    @Override public void updateBlob(int a0, java.sql.Blob a1) throws java.sql.SQLException { throw unsupported("updateBlob (the result set is read-only)"); }
    @Override public void updateBlob(String a0, java.sql.Blob a1) throws java.sql.SQLException { throw unsupported("updateBlob (the result set is read-only)"); }
    @Override public void updateClob(int a0, java.sql.Clob a1) throws java.sql.SQLException { throw unsupported("updateClob (the result set is read-only)"); }
    @Override public void updateClob(String a0, java.sql.Clob a1) throws java.sql.SQLException { throw unsupported("updateClob (the result set is read-only)"); }
    @Override public void updateArray(int a0, java.sql.Array a1) throws java.sql.SQLException { throw unsupported("updateArray (the result set is read-only)"); }
    @Override public void updateArray(String a0, java.sql.Array a1) throws java.sql.SQLException { throw unsupported("updateArray (the result set is read-only)"); }
    @Override public void updateRowId(int a0, java.sql.RowId a1) throws java.sql.SQLException { throw unsupported("updateRowId (the result set is read-only)"); }
    @Override public void updateRowId(String a0, java.sql.RowId a1) throws java.sql.SQLException { throw unsupported("updateRowId (the result set is read-only)"); }
    @Override public void updateNString(int a0, String a1) throws java.sql.SQLException { throw unsupported("updateNString (the result set is read-only)"); }
    @Override public void updateNString(String a0, String a1) throws java.sql.SQLException { throw unsupported("updateNString (the result set is read-only)"); }
    @Override public void updateNClob(int a0, java.sql.NClob a1) throws java.sql.SQLException { throw unsupported("updateNClob (the result set is read-only)"); }
    @Override public void updateNClob(String a0, java.sql.NClob a1) throws java.sql.SQLException { throw unsupported("updateNClob (the result set is read-only)"); }
    @Override public void updateSQLXML(int a0, java.sql.SQLXML a1) throws java.sql.SQLException { throw unsupported("updateSQLXML (the result set is read-only)"); }
    @Override public void updateSQLXML(String a0, java.sql.SQLXML a1) throws java.sql.SQLException { throw unsupported("updateSQLXML (the result set is read-only)"); }
    @Override public void updateNCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateNCharacterStream (the result set is read-only)"); }
    @Override public void updateNCharacterStream(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateNCharacterStream (the result set is read-only)"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw unsupported("updateAsciiStream (the result set is read-only)"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw unsupported("updateBinaryStream (the result set is read-only)"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateCharacterStream (the result set is read-only)"); }
    @Override public void updateAsciiStream(String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw unsupported("updateAsciiStream (the result set is read-only)"); }
    @Override public void updateBinaryStream(String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw unsupported("updateBinaryStream (the result set is read-only)"); }
    @Override public void updateCharacterStream(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateCharacterStream (the result set is read-only)"); }
    @Override public void updateBlob(int a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw unsupported("updateBlob (the result set is read-only)"); }
    @Override public void updateBlob(String a0, java.io.InputStream a1, long a2) throws java.sql.SQLException { throw unsupported("updateBlob (the result set is read-only)"); }
    @Override public void updateClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateClob (the result set is read-only)"); }
    @Override public void updateClob(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateClob (the result set is read-only)"); }
    @Override public void updateNClob(int a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateNClob (the result set is read-only)"); }
    @Override public void updateNClob(String a0, java.io.Reader a1, long a2) throws java.sql.SQLException { throw unsupported("updateNClob (the result set is read-only)"); }
    @Override public void updateNCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateNCharacterStream (the result set is read-only)"); }
    @Override public void updateNCharacterStream(String a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateNCharacterStream (the result set is read-only)"); }
    @Override public void updateAsciiStream(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw unsupported("updateAsciiStream (the result set is read-only)"); }
    @Override public void updateBinaryStream(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw unsupported("updateBinaryStream (the result set is read-only)"); }
    @Override public void updateCharacterStream(int a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateCharacterStream (the result set is read-only)"); }
    @Override public void updateAsciiStream(String a0, java.io.InputStream a1) throws java.sql.SQLException { throw unsupported("updateAsciiStream (the result set is read-only)"); }
    @Override public void updateBinaryStream(String a0, java.io.InputStream a1) throws java.sql.SQLException { throw unsupported("updateBinaryStream (the result set is read-only)"); }
    @Override public void updateCharacterStream(String a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateCharacterStream (the result set is read-only)"); }
    @Override public void updateBlob(int a0, java.io.InputStream a1) throws java.sql.SQLException { throw unsupported("updateBlob (the result set is read-only)"); }
    @Override public void updateBlob(String a0, java.io.InputStream a1) throws java.sql.SQLException { throw unsupported("updateBlob (the result set is read-only)"); }
    @Override public void updateClob(int a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateClob (the result set is read-only)"); }
    @Override public void updateClob(String a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateClob (the result set is read-only)"); }
    @Override public void updateNClob(int a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateNClob (the result set is read-only)"); }
    @Override public void updateNClob(String a0, java.io.Reader a1) throws java.sql.SQLException { throw unsupported("updateNClob (the result set is read-only)"); }
    @Override public void updateObject(int a0, Object a1, java.sql.SQLType a2, int a3) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
    @Override public void updateObject(String a0, Object a1, java.sql.SQLType a2, int a3) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
    @Override public void updateObject(int a0, Object a1, java.sql.SQLType a2) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
    @Override public void updateObject(String a0, Object a1, java.sql.SQLType a2) throws java.sql.SQLException { throw unsupported("updateObject (the result set is read-only)"); }
}
