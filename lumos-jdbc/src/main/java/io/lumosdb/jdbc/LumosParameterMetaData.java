package io.lumosdb.jdbc;

import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The parameters of a prepared statement: how many there are. SQLite's parameters have no declared type (a value
 * of any type binds), so each reports {@code Types.OTHER}, nullable unknown.
 */
final class LumosParameterMetaData extends JdbcObjects implements ParameterMetaData {
    private final int count;

    LumosParameterMetaData(int count) {
        this.count = count;
    }

    private void check(int param) throws SQLException {
        if (param < 1 || param > count) {
            throw new SQLException("parameter index " + param + " is out of range: the statement has " + count
                    + " parameters (indexes are 1-based)", "07009");
        }
    }

    @Override public int getParameterCount() { return count; }
    @Override public int isNullable(int param) throws SQLException { check(param); return parameterNullableUnknown; }
    @Override public boolean isSigned(int param) throws SQLException { check(param); return true; }
    @Override public int getPrecision(int param) throws SQLException { check(param); return 0; }
    @Override public int getScale(int param) throws SQLException { check(param); return 0; }
    @Override public int getParameterType(int param) throws SQLException { check(param); return Types.OTHER; }
    @Override public String getParameterTypeName(int param) throws SQLException { check(param); return "ANY"; }
    @Override public String getParameterClassName(int param) throws SQLException { check(param); return Object.class.getName(); }
    @Override public int getParameterMode(int param) throws SQLException { check(param); return parameterModeIn; }
}
