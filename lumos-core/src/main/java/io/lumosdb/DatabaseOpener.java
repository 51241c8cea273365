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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a database from its settings, in order: the directory and its lock, SQLite (with the change log
 * ready, before anyone writes), a check that no other process holds the DuckDB file, the parts of the
 * facade wired together and the routing view read once; then DuckDB and the replica on a daemon thread
 * ({@link BackgroundReplica}): the native library loaded, the file opened (one marked damaged moved aside
 * first), the replica verified against SQLite under the write lock (copying, if any, left to its worker),
 * the routing view read again and the worker started. SQLite is served from the moment open returns. A
 * failure before the thread starts closes what was opened; one on the thread is logged, and the reads
 * that need DuckDB report it.
 */
final class DatabaseOpener {
    private static final Logger LOG = LoggerFactory.getLogger(LumosDB.class);

    private DatabaseOpener() {}

    static LumosDB open(Settings requested) throws SQLException {
        Settings settings = requested.inMemory() ? requested.in(temporaryDirectory()) : requested;
        Path dir = settings.directory();
        Storage storage = Storage.open(dir, settings.inMemory());
        SqliteEngine sqlite = null;
        BackgroundReplica replica = null;
        boolean prepared = false;
        try {
            String name = "lumos[" + dir.getFileName() + "]";
            Telemetry telemetry = TelemetrySet.of(settings, String.valueOf(dir.getFileName()));
            sqlite = SqliteEngine.open(storage.sqliteFile(), settings.readerPoolSize(), settings.busyTimeout(),
                    settings.readerTimeout(), settings.statementCacheSize(), name);
            Replica.prepareCapture(sqlite.writer());
            DuckEngine.checkNotHeld(storage.duckdbFile());
            boolean unsynced = DuckEngine.prepareFile(storage.duckdbFile(), settings.flushReplicaCommits(),
                    Replica.markedUnreadable(sqlite.writer()));
            prepared = true;
            ReentrantLock writeLock = new ReentrantLock(true);
            ReplicatedViews views = new ReplicatedViews();
            QueryCaching caching = new QueryCaching(settings.cache(), settings.cacheRoutes(), writeLock, sqlite, views);
            FacadeReplicaHost host = new FacadeReplicaHost(sqlite, writeLock, caching, telemetry);
            replica = new BackgroundReplica();
            SchemaView schema = new SchemaView(settings, sqlite, replica, views, caching);
            StatementChecks checks = new StatementChecks(dir, schema.router());
            WritePath writes = new WritePath(settings, sqlite, replica, schema, caching, checks, writeLock, telemetry);
            ReadPath reads = new ReadPath(settings, sqlite, replica, schema, caching, checks, writes, telemetry);
            VectorCollections vectors = VectorCollections.open(new FacadeVectorStorage(writes, reads, dir, telemetry));
            writeLock.lock();
            try {
                schema.refresh();
                caching.account(); // the commit counter and data version from which others' commits are told
            } finally {
                writeLock.unlock();
            }
            host.bind(schema, checks);
            SqliteEngine opened = sqlite;
            replica.start(name + " replica open", new BackgroundReplica.Opening() {
                @Override
                public BackgroundReplica.Parts open(BackgroundReplica r) throws SQLException {
                    return openReplica(r, settings, storage, unsynced, opened, host, writeLock, schema, name);
                }

                @Override
                public void abandon() {
                    DuckEngine.abandonPrepared(storage.duckdbFile(), unsynced);
                }
            }, settings.replicaOnFirstUse());
            prepared = false; // the opening owns the prepared file from here on
            telemetry.opened(new ObservedParts(replica, sqlite, settings.duckdbReaders(), caching, storage, vectors));
            return new LumosDB(settings, storage, sqlite, replica, schema, caching, checks, writes, reads, vectors, telemetry);
        } catch (SQLException | RuntimeException e) {
            closeAfterFailedOpen(e, replica, sqlite);
            if (prepared) {
                DuckEngine.abandonPrepared(storage.duckdbFile(), !settings.flushReplicaCommits());
            }
            storage.close();
            throw e;
        }
    }

    /**
     * On the replica's opening thread: DuckDB, then the replica checked against SQLite while the facade's
     * writes wait (its SQLite bookkeeping and the state it compares must not move meanwhile), published,
     * the routing view read again, and the worker started. Stops between steps when the database closes.
     */
    private static BackgroundReplica.Parts openReplica(BackgroundReplica background, Settings settings, Storage storage, boolean unsynced,
            SqliteEngine sqlite, FacadeReplicaHost host, ReentrantLock writeLock, SchemaView schema, String name) throws SQLException {
        DuckEngine duck;
        try {
            DuckEngine.loadNativeLibrary();
            if (background.cancelled()) {
                DuckEngine.abandonPrepared(storage.duckdbFile(), unsynced);
                return null;
            }
            duck = DuckEngine.open(storage.duckdbFile(), settings.duckdbReaders(), settings.statementCacheSize(),
                    settings.readerTimeout(), settings.fileAccess(), unsynced);
        } catch (SQLException | RuntimeException e) {
            DuckEngine.abandonPrepared(storage.duckdbFile(), unsynced);
            throw e;
        }
        Replica replica = null;
        try {
            if (!lockUnlessCancelled(writeLock, background)) {
                duck.close();
                return null;
            }
            BackgroundReplica.Parts parts;
            try {
                try {
                    replica = Replica.open(sqlite.openReplicaConnection(), duck.replicaConnection(), host, false);
                } catch (SQLException e) {
                    if (!Replica.isCorruption(e)) {
                        throw e;
                    }
                    LOG.warn("DuckDB's file is damaged ({}); moving it aside and rebuilding the replica from SQLite", e.getMessage());
                    DuckEngine damaged = duck;
                    duck = null;
                    damaged.close();
                    duck = openDuck(storage, settings, true);
                    replica = Replica.open(sqlite.openReplicaConnection(), duck.replicaConnection(), host, false);
                }
            } finally {
                writeLock.unlock();
            }
            // the tables DuckDB holds, known before reads are sent to it (copies of new or changed tables made
            // now, as the worker would first): routing then goes on as it decided while the replica opened
            replica.reconcile();
            if (!lockUnlessCancelled(writeLock, background)) {
                closeAfterFailedOpen(new SQLException("closed"), replica, duck);
                return null;
            }
            try {
                parts = new BackgroundReplica.Parts(duck, replica);
                background.publish(parts);
                schema.replicaTablesChanged(); // views made in DuckDB, sizes read from it
            } finally {
                writeLock.unlock();
            }
            replica.start(name + " sync");
            return parts;
        } catch (SQLException | RuntimeException e) {
            background.publish(null);
            closeAfterFailedOpen(e, replica, duck);
            throw e;
        }
    }

    /**
     * Takes the write lock for the opening, unless the database closes first: false then, without the lock.
     * It never waits for the lock unboundedly, so that a close (which waits for the opening) called while a
     * transaction holds the lock, on the closing thread itself, does not wait forever.
     */
    private static boolean lockUnlessCancelled(ReentrantLock writeLock, BackgroundReplica background) throws SQLException {
        try {
            while (!writeLock.tryLock(50, TimeUnit.MILLISECONDS)) {
                if (background.cancelled()) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while opening the DuckDB replica", "08001", e);
        }
        if (background.cancelled()) {
            writeLock.unlock();
            return false;
        }
        return true;
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
