package io.lumosdb.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver of Lumos-DB, found by {@link DriverManager} through {@code ServiceLoader}: it answers
 * {@code jdbc:lumos:} URLs naming a database directory, with {@link io.lumosdb.LumosDBBuilder}'s settings as URL
 * parameters or connection properties.
 *
 * <pre>{@code
 * try (Connection c = DriverManager.getConnection("jdbc:lumos:/var/data/app?freshness=any&largeTableRows=50000");
 *      PreparedStatement ps = c.prepareStatement("SELECT customer, sum(amount) FROM orders WHERE region = ? GROUP BY customer")) {
 *     ps.setString(1, "emea");
 *     try (ResultSet rs = ps.executeQuery()) {
 *         while (rs.next()) { ... }
 *     }
 *     RouteDecision why = ps.unwrap(RouteDecision.class);   // OLAP: aggregates over large table orders ...
 *     LumosDB db = c.unwrap(LumosDB.class);                 // the facade behind the connection
 * }
 * }</pre>
 *
 * <p>The connections of one process share one {@link io.lumosdb.LumosDB} per directory, opened by the first and
 * closed when the last one closes; they must ask for the same settings. See docs/jdbc.md for the settings, the
 * transaction model and what the driver does not do.
 */
public final class LumosDriver implements Driver {
    /** The driver's name, as {@code DatabaseMetaData.getDriverName()} reports it. */
    public static final String NAME = "Lumos-DB JDBC";
    static final int MAJOR_VERSION = 0;
    static final int MINOR_VERSION = 1;

    static {
        try {
            DriverManager.registerDriver(new LumosDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** For ServiceLoader and {@code Class.forName}; the driver registers itself once, when the class loads. */
    public LumosDriver() {}

    /**
     * Opens a connection for a {@code jdbc:lumos:} URL; returns null for another URL, as JDBC asks.
     *
     * @throws java.sql.SQLNonTransientConnectionException for an unknown or malformed setting, or a directory already
     *     open in this process with other settings
     * @throws io.lumosdb.DatabaseLockedException if another process has the directory open
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        JdbcUrl parsed = JdbcUrl.parse(url, info);
        return new LumosConnection(SharedDatabases.acquire(parsed), url, true);
    }

    @Override
    public boolean acceptsURL(String url) {
        return JdbcUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return JdbcUrl.propertyInfo(info);
    }

    @Override
    public int getMajorVersion() {
        return MAJOR_VERSION;
    }

    @Override
    public int getMinorVersion() {
        return MINOR_VERSION;
    }

    /** False: the driver passes SQLite's dialect through and does not check the JDBC compliance tests. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the driver logs through SLF4J, not java.util.logging");
    }
}
