package io.lumosdb.jdbc;

import io.lumosdb.LumosDB;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} of Lumos-DB connections: for a URL (connections share the directory's database, as with
 * {@link LumosDriver}), or for a {@link LumosDB} the application opened itself and closes itself.
 *
 * <pre>{@code
 * DataSource ds = new LumosDataSource("jdbc:lumos:/var/data/app?freshness=any");
 * JdbcTemplate jdbc = new JdbcTemplate(ds);
 *
 * LumosDB db = LumosDB.open(Path.of("/var/data/app"));
 * DataSource same = LumosDataSource.of(db);       // connections over db; closing them leaves db open
 * }</pre>
 *
 * <p>Connections are cheap (a view of the shared database; the facade pools the engines' connections), so a
 * connection pool in front adds nothing but is harmless.
 */
public final class LumosDataSource extends JdbcObjects implements DataSource {
    private volatile String url;
    private final LumosDB database;
    private final Properties properties = new Properties();
    private PrintWriter logWriter;
    private int loginTimeout;

    /** A data source with no URL yet: set it with {@link #setUrl} (for tools that configure beans by setters). */
    public LumosDataSource() {
        this.database = null;
    }

    /**
     * @param url a {@code jdbc:lumos:/path/to/dir[?settings]} URL
     * @throws IllegalArgumentException if {@code url} is not a Lumos-DB URL
     */
    public LumosDataSource(String url) {
        this.database = null;
        setUrl(url);
    }

    private LumosDataSource(LumosDB database) {
        this.database = database;
        this.url = JdbcUrl.PREFIX + database.directory().toAbsolutePath();
    }

    /**
     * Connections over {@code db}, which the application opened and will close; closing a connection leaves it open.
     */
    public static LumosDataSource of(LumosDB db) {
        return new LumosDataSource(Objects.requireNonNull(db, "db"));
    }

    /**
     * @throws IllegalArgumentException if {@code url} is not a Lumos-DB URL
     * @throws IllegalStateException if this data source is over a given {@link LumosDB}
     */
    public void setUrl(String url) {
        Objects.requireNonNull(url, "url");
        if (database != null) {
            throw new IllegalStateException("this data source is over the database " + database.directory() + "; its URL is fixed");
        }
        if (!JdbcUrl.accepts(url)) {
            throw new IllegalArgumentException("not a Lumos-DB URL: '" + url + "'; write " + JdbcUrl.PREFIX + "/path/to/dir");
        }
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    /** A setting for the connections' database (a {@link io.lumosdb.LumosDBBuilder} setting, see docs/jdbc.md). */
    public void setProperty(String name, String value) {
        properties.setProperty(name, value);
    }

    /** The database connections of this source use, if it was given one ({@link #of}); else null. */
    public LumosDB database() {
        return database;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (database != null) {
            if (database.isClosed()) {
                throw new java.sql.SQLNonTransientConnectionException("the database " + database.directory() + " is closed", "08003");
            }
            return new LumosConnection(database, url, false);
        }
        String u = url;
        if (u == null) {
            throw new java.sql.SQLNonTransientConnectionException("no URL set on the LumosDataSource; call setUrl(\"jdbc:lumos:/path\")", "08001");
        }
        JdbcUrl parsed = JdbcUrl.parse(u, properties);
        return new LumosConnection(SharedDatabases.acquire(parsed), u, true);
    }

    /** User and password are ignored: an embedded database has no accounts. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the driver logs through SLF4J, not java.util.logging");
    }

    @Override
    Object unwrapExtra(Class<?> type) {
        return type == LumosDB.class ? database : null;
    }

    @Override
    public String toString() {
        return "LumosDataSource[" + url + "]";
    }
}
