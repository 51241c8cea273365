package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the parts of a replica share: its own SQLite connection and DuckDB store, the tables it holds,
 * how far it has applied the log, and the one lock under which the connections and the maps change.
 * The parts ({@link ReplicaCatalog}, {@link ChangeApplier}, {@link ReplicaWorker}, {@link FreshnessGate},
 * {@link ReplicaVerifier}, {@link CorruptionRepair}) each do one job on it.
 */
final class ReplicaState {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    /** Work done holding {@link #lock}. */
    @FunctionalInterface
    interface Locked<T> {
        T run() throws SQLException;
    }

    final Connection sqlite;
    final ReplicaStore store;
    final String replicaId;
    final ReplicaHost host;
    /** The SQLite database's text is UTF-8: rows can be read natively ({@link SqliteRowReader}). */
    final boolean utf8;
    /** Taken after the owner's write lock, never before it. */
    final ReentrantLock lock = new ReentrantLock();

    final Map<String, ReplicatedTable> replicated = new ConcurrentHashMap<>();
    final Map<String, String> notReplicated = new ConcurrentHashMap<>();
    /** Per rowid table, an upper bound of the largest rowid DuckDB holds (under the lock). */
    final Map<String, Long> maxRowids = new HashMap<>();
    /** Per rowid table, DuckDB's high-water mark: every row up to it is in the replica or in the log. */
    final Map<String, Long> replicaMarks = new ConcurrentHashMap<>();

    volatile long appliedSequence;
    /** Changes and scanned rows applied so far: progress, whether or not the log sequence moved. */
    volatile long appliedWork;
    /** Until the worker has replicated every table after open and checked the result. */
    volatile boolean needsCatchUp;
    volatile String rebuilding;
    /** Tables copied whole from SQLite (first replication, rebuilds, repairs), for metrics. */
    final AtomicLong tablesCopied = new AtomicLong();
    volatile long caughtUpAtNanos;
    final AtomicLong pendingSinceNanos = new AtomicLong();
    volatile SQLException failure;
    volatile int consecutiveFailures;
    /** DuckDB reported a damaged block (to the worker or to a reader): the worker copies every table again. */
    volatile SQLException corruption;
    private final Object progress = new Object();

    ReplicaState(Connection sqlite, ReplicaStore store, String replicaId, ReplicaHost host, long appliedSequence) throws SQLException {
        this.sqlite = sqlite;
        this.store = store;
        this.replicaId = replicaId;
        this.host = host;
        this.appliedSequence = appliedSequence;
        this.utf8 = SqliteRowReader.isUtf8(sqlite);
    }

    /** Runs {@code work} holding the lock. */
    <T> T locked(Locked<T> work) throws SQLException {
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every reader waiting for progress ({@link FreshnessGate}). */
    void progressed() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Waits up to {@code millis} for {@link #progressed}. */
    void awaitProgress(long millis) throws InterruptedException {
        synchronized (progress) {
            progress.wait(millis);
        }
    }

    /** The monitor readers wait on, for a check and a wait without a missed signal between them. */
    Object progressMonitor() {
        return progress;
    }

    void tablesChanged() {
        try {
            host.tablesChanged();
        } catch (RuntimeException e) {
            LOG.warn("the owner's tables-changed callback failed; the replica goes on", e);
        }
    }

    void applied() {
        try {
            host.applied();
        } catch (RuntimeException e) {
            LOG.warn("the owner's applied-changes callback failed; the replica goes on", e);
        }
    }

    /** Tells the owner how long a pass of the worker took that applied {@code work} changes and rows. */
    void passTimed(long work, long startNanos, long endNanos, SQLException failure) {
        try {
            host.passTimed(work, startNanos, endNanos, failure);
        } catch (RuntimeException e) {
            LOG.warn("the owner's pass-timed callback failed; the replica goes on", e);
        }
    }

    long schemaVersion() throws SQLException {
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("PRAGMA schema_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rolls back both connections' open transactions; failures are added to {@code cause}. */
    void rollbackQuietly(SQLException cause) {
        store.forgetPreparedStatements();
        try {
            store.connection().rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        try {
            if (!sqlite.getAutoCommit()) {
                sqlite.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
