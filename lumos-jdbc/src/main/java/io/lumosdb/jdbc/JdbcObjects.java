package io.lumosdb.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Wrapper;

/** What the driver's JDBC objects share: {@code unwrap}/{@code isWrapperFor} and the refusal of what it lacks. */
abstract class JdbcObjects implements Wrapper {
    /** Objects this one can be unwrapped to besides itself (the database, the last route decision). */
    Object unwrapExtra(Class<?> type) throws SQLException {
        return null;
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        Object extra = unwrapExtra(type);
        if (extra != null && type.isInstance(extra)) {
            return type.cast(extra);
        }
        if (type == io.lumosdb.RouteDecision.class) {
            throw new SQLException("no statement has run on this " + getClass().getSimpleName() + " yet: its route decision"
                    + " is that of the last statement run on it", "HY000");
        }
        throw new SQLException(getClass().getSimpleName() + " cannot be unwrapped to " + type.getName(), "HY000");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || (unwrapExtra(type) != null && type.isInstance(unwrapExtra(type)));
    }

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by the Lumos-DB JDBC driver (docs/jdbc.md)", "0A000");
    }
}
