package io.lumosdb.jdbc;

import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The databases the connections of this process share: one {@link LumosDB} per directory (a directory can be
 * open once, and one facade means one cache, one writer and one replica), counted by its connections and closed
 * when the last one closes.
 *
 * <p>A second URL for an open directory must carry the same settings: settings are the facade's, fixed when it
 * opens, and a connection that asked for others would silently not get them. A database the application opened
 * itself ({@link LumosDataSource#of}) is not counted here: it belongs to the application, which closes it.
 */
final class SharedDatabases {
    private static final Logger log = LoggerFactory.getLogger(SharedDatabases.class);

    /** A database and the connections holding it. */
    static final class Shared {
        final LumosDB db;
        final Map<String, String> settings;
        int connections;

        Shared(LumosDB db, Map<String, String> settings) {
            this.db = db;
            this.settings = settings;
        }
    }

    private static final Map<Path, Shared> OPEN = new HashMap<>();

    private SharedDatabases() {}

    /**
     * The database of {@code url}'s directory, opened if no connection holds it; the caller must {@link #release} it.
     *
     * @throws SQLNonTransientConnectionException if the directory is open with other settings
     * @throws SQLException if the database cannot be opened
     */
    static synchronized LumosDB acquire(JdbcUrl url) throws SQLException {
        Shared shared = OPEN.get(url.directory());
        if (shared != null && shared.db.isClosed()) {
            OPEN.remove(url.directory()); // closed behind our back (db.close() through unwrap): open it again
            shared = null;
        }
        if (shared == null) {
            LumosDB db = url.configure(LumosDB.builder()).open();
            shared = new Shared(db, url.settings());
            OPEN.put(url.directory(), shared);
            log.debug("opened {} for JDBC connections", url.directory());
        } else if (!shared.settings.equals(url.settings())) {
            throw new SQLNonTransientConnectionException("the database " + url.directory() + " is already open in this process"
                    + " with the settings " + shared.settings + "; a connection asked for " + url.settings()
                    + ": use the same URL settings for every connection (they are the database's, not the connection's)", "08001");
        }
        shared.connections++;
        return shared.db;
    }

    /**
     * One connection of {@code db} is done; the last one closes it (under the lock, so that a connection opened
     * meanwhile waits and then opens the directory again instead of finding it still locked).
     */
    static synchronized void release(LumosDB db) throws SQLException {
        Path key = db.directory().toAbsolutePath().normalize();
        Shared shared = OPEN.get(key);
        if (shared != null && shared.db == db && --shared.connections == 0) {
            OPEN.remove(key);
            log.debug("closing {}: its last JDBC connection closed", key);
            db.close();
        }
    }

    /** How many connections hold the database of {@code directory}: for tests and health checks. */
    static synchronized int connections(Path directory) {
        Shared shared = OPEN.get(directory.toAbsolutePath().normalize());
        return shared == null ? 0 : shared.connections;
    }
}
