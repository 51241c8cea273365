package io.lumosdb.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The parts of {@link Connection} an embedded database without catalogs, schemas or network answers the same way
 * every time, kept apart so that {@link LumosConnection} shows what it does.
 */
abstract class ConnectionDefaults extends JdbcObjects implements Connection {
    @Override
    public String nativeSQL(String sql) {
        return sql; // Lumos-DB runs the SQL as written (SQLite's dialect; docs/sql-dialect.md)
    }

    @Override
    public void setCatalog(String catalog) {
        // SQLite has no catalogs: ignored, as JDBC allows
    }

    @Override
    public String getCatalog() {
        return null;
    }

    @Override
    public void setSchema(String schema) {
        // one schema ("main"): ignored, as JDBC allows
    }

    @Override
    public String getSchema() {
        return null;
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        if (holdability != java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT && holdability != java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT) {
            throw new SQLException("unknown holdability " + holdability, "HY092");
        }
    }

    @Override
    public int getHoldability() {
        return java.sql.ResultSet.CLOSE_CURSORS_AT_COMMIT;
    }

    @Override
    public void setNetworkTimeout(java.util.concurrent.Executor executor, int milliseconds) {
        // an embedded database has no network: ignored
    }

    @Override
    public int getNetworkTimeout() {
        return 0;
    }
}
