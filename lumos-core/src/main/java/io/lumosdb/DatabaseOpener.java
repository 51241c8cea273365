package io.lumosdb;

import io.lumosdb.engine.DuckEngine;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.Storage;
import io.lumosdb.route.ReplicatedViews;
import io.lumosdb.sync.Replica;
import io.lumosdb.vector.VectorCollections;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a database from its settings, in order: the directory and its lock, SQLite, DuckDB (a file
 * marked damaged moved aside first), the replica (verified against SQLite; copying, if any, left to its
 * worker, so SQLite is served at once), then the parts of the facade wired together, the routing view
 * read once, and the replica's worker started. A failure closes what was opened.
 */
final class DatabaseOpener {
    private static final Logger LOG = LoggerFactory.getLogger(LumosDB.class);

    private DatabaseOpener() {}

    static LumosDB open(Settings requested) throws SQLException {
        Settings settings = requested.inMemory() ? requested.in(temporaryDirectory()) : requested;
        Path dir = settings.directory();
        Storage storage = Storage.open(dir, settings.inMemory());
        SqliteEngine sqlite = null;
        DuckEngine duck = null;
        Replica replica = null;
        try {
            String name = "lumos[" + dir.getFileName() + "]";
            Telemetry telemetry = TelemetrySet.of(settings, String.valueOf(dir.getFileName()));
            sqlite = SqliteEngine.open(storage.sqliteFile(), settings.readerPoolSize(), settings.busyTimeout(),
                    settings.readerTimeout(), settings.statementCacheSize(), name);
            ReentrantLock writeLock = new ReentrantLock(true);
            ReplicatedViews views = new ReplicatedViews();
            QueryCaching caching = new QueryCaching(settings.cache(), settings.cacheRoutes(), writeLock, sqlite, views);
            FacadeReplicaHost host = new FacadeReplicaHost(sqlite, writeLock, caching, telemetry);
            duck = openDuck(storage, settings, Replica.markedUnreadable(sqlite.writer()));
            try {
                replica = Replica.open(sqlite.openReplicaConnection(), duck.replicaConnection(), host, false);
            } catch (SQLException e) {
                if (!Replica.isCorruption(e)) {
                    throw e;
                }
                LOG.warn("DuckDB's file is damaged ({}); moving it aside and rebuilding the replica from SQLite", e.getMessage());
                duck.close();
                duck = null;
                duck = openDuck(storage, settings, true);
                replica = Replica.open(sqlite.openReplicaConnection(), duck.replicaConnection(), host, false);
            }
            SchemaView schema = new SchemaView(settings, sqlite, duck, replica, views, caching);
            StatementChecks checks = new StatementChecks(dir, schema.router());
            WritePath writes = new WritePath(settings, sqlite, replica, schema, caching, checks, writeLock, telemetry);
            ReadPath reads = new ReadPath(settings, sqlite, duck, replica, schema, caching, checks, writes, telemetry);
            VectorCollections vectors = VectorCollections.open(new FacadeVectorStorage(writes, reads, dir, telemetry));
            writeLock.lock();
            try {
                schema.refresh();
                caching.account(); // the commit counter and data version from which others' commits are told
            } finally {
                writeLock.unlock();
            }
            host.bind(schema, checks);
            replica.start(name + " sync");
            telemetry.opened(new ObservedParts(replica, sqlite, duck, caching, storage, vectors));
            return new LumosDB(settings, storage, sqlite, duck, replica, schema, caching, checks, writes, reads, vectors, telemetry);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailedOpen(e, replica, duck, sqlite);
            storage.close();
            throw e;
        }
    }

    private static DuckEngine openDuck(Storage storage, Settings settings, boolean discard) throws SQLException {
        return DuckEngine.open(storage.duckdbFile(), settings.duckdbReaders(), settings.statementCacheSize(),
                settings.readerTimeout(), settings.flushReplicaCommits(), settings.fileAccess(), discard);
    }

    private static Path temporaryDirectory() throws SQLException {
        try {
            return Files.createTempDirectory("lumosdb-");
        } catch (IOException e) {
            throw new SQLNonTransientConnectionException("cannot create a temporary directory: " + e, "08001", e);
        }
    }

    private static void closeAfterFailedOpen(Exception cause, AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    cause.addSuppressed(e);
                }
            }
        }
    }
}
