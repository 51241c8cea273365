package io.lumosdb.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DuckDB, the columnar replica: one database instance, a connection reserved for the replica's writes,
 * and a bounded pool of reader connections.
 *
 * <p>duckdb_jdbc: every {@code DriverManager.getConnection} on a file opens the database again; the
 * connections of one instance come from {@link DuckDBConnection#duplicate()}, which shares the instance
 * (buffer pool, catalog, MVCC) and is safe to use from another thread. Each connection gets the settings
 * that make DuckDB answer like SQLite where DuckDB allows it: integer division for integer {@code /}
 * and NULLs first on ascending order.
 */
public final class DuckEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuckEngine.class);
    /**
     * Settings applied to every connection; see docs/sql-dialect.md. The last one keeps prepared plans
     * correct while the replica changes the data under them: DuckDB's statistics propagation (and the
     * compressed materialization built on it) bakes the min/max statistics of prepare time into the
     * plan, so a statement prepared when {@code a.id} held 1..3 and {@code b.id} held 4 keeps answering
     * "no join partner" for {@code a JOIN b ON a.id = b.id} after a row with id 4 arrives (DuckDB 1.4.4;
     * a prepared statement is not re-planned on data changes, and even an unshared one is prepared and
     * executed in different transactions). Cached plans would otherwise return stale answers.
     */
    static final List<String> SQLITE_COMPATIBLE_SETTINGS = List.of(
            "SET integer_division = true",
            "SET default_null_order = 'nulls_first_on_asc_last_on_desc'",
            "SET disabled_optimizers = 'statistics_propagation,compressed_materialization'");

    private final DuckDBConnection primary;
    private final DuckDBConnection replicaConnection;
    private final BlockingQueue<StatementCache> idle;
    private final List<StatementCache> all = new ArrayList<>();
    private final int maxReaders;
    private final int statementCacheSize;
    private final Duration readerWait;

    private DuckEngine(DuckDBConnection primary, int maxReaders, int statementCacheSize, Duration readerWait) throws SQLException {
        this.primary = primary;
        this.maxReaders = maxReaders;
        this.statementCacheSize = statementCacheSize;
        this.readerWait = readerWait;
        this.idle = new ArrayBlockingQueue<>(maxReaders);
        this.replicaConnection = newConnection();
    }

    /**
     * Opens the DuckDB file. A file DuckDB cannot open (corrupt, or written by an incompatible version)
     * is moved aside to {@code lumos.duckdb.unreadable-<millis>} and a new one started: the replica is
     * rebuilt from SQLite, which holds everything.
     */
    public static DuckEngine open(Path file, int maxReaders, int statementCacheSize, Duration readerWait) throws SQLException {
        DuckDBConnection primary;
        try {
            primary = connect(file);
        } catch (SQLException e) {
            if (!Files.exists(file)) {
                throw e;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable-" + System.currentTimeMillis());
            LOG.warn("DuckDB cannot open {} ({}); moving it to {} and rebuilding the replica from SQLite",
                    file, e.getMessage(), aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".wal"));
            } catch (IOException io) {
                e.addSuppressed(io);
                throw e;
            }
            primary = connect(file);
        }
        return new DuckEngine(primary, maxReaders, statementCacheSize, readerWait);
    }

    private static DuckDBConnection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
        return c.unwrap(DuckDBConnection.class);
    }

    private DuckDBConnection newConnection() throws SQLException {
        DuckDBConnection c = primary.duplicate();
        try (Statement st = c.createStatement()) {
            for (String setting : SQLITE_COMPATIBLE_SETTINGS) {
                st.execute(setting);
            }
        }
        return c;
    }

    /** The connection reserved for the replica's writes. */
    public DuckDBConnection replicaConnection() {
        return replicaConnection;
    }

    /** Borrows a reader, opening one if fewer than the maximum exist, else waiting for one. */
    public ConnectionLease borrowReader() throws SQLException {
        StatementCache reader = idle.poll();
        if (reader == null) {
            reader = createIfRoom();
        }
        if (reader == null) {
            try {
                reader = idle.poll(readerWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted while waiting for a DuckDB reader", "08001", e);
            }
            if (reader == null) {
                throw new SQLTransientConnectionException("no DuckDB reader free after " + readerWait.toMillis()
                        + " ms (all " + maxReaders + " busy)", "08001");
            }
        }
        StatementCache leased = reader;
        return new ConnectionLease(leased, () -> idle.offer(leased));
    }

    private synchronized StatementCache createIfRoom() throws SQLException {
        if (all.size() >= maxReaders) {
            return null;
        }
        StatementCache cache = new StatementCache(newConnection(), statementCacheSize);
        all.add(cache);
        return cache;
    }

    @Override
    public synchronized void close() throws SQLException {
        SQLException failure = null;
        for (StatementCache c : all) {
            c.clear();
            try {
                c.connection().close();
            } catch (SQLException e) {
                failure = e;
            }
        }
        all.clear();
        replicaConnection.close();
        primary.close();
        if (failure != null) {
            throw failure;
        }
    }
}
