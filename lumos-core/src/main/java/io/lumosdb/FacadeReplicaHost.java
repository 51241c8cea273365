package io.lumosdb;

import io.lumosdb.engine.ConnectionLease;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.sync.ReplicaHost;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The facade's side of the seam to its replica ({@link ReplicaHost}): the replica's SQLite writes run on
 * the facade's writer under its write lock, and the query cache takes note of each such commit before
 * the lock is released (so it can tell other programs' commits from this process's); reads run on the
 * pooled readers; changes are told to the schema view, once it exists.
 */
final class FacadeReplicaHost implements ReplicaHost {
    private final SqliteEngine sqlite;
    private final ReentrantLock writeLock;
    private final QueryCaching caching;
    private final Telemetry telemetry;
    /** Set once, before the replica's worker starts: nothing calls the host's callbacks before. */
    private volatile SchemaView schema;
    private volatile StatementChecks checks;

    FacadeReplicaHost(SqliteEngine sqlite, ReentrantLock writeLock, QueryCaching caching, Telemetry telemetry) {
        this.sqlite = sqlite;
        this.writeLock = writeLock;
        this.caching = caching;
        this.telemetry = telemetry;
    }

    void bind(SchemaView schema, StatementChecks checks) {
        this.schema = schema;
        this.checks = checks;
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        try {
            writeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the write lock for the replica's bookkeeping", "40001", e);
        }
        try {
            T result = work.run(sqlite.writer());
            caching.accountQuietly();
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> Optional<T> tryWrite(SqlWork<T> work) throws SQLException {
        if (!writeLock.tryLock()) {
            return Optional.empty(); // the facade is writing: the replica's housekeeping waits for another time
        }
        try {
            T result = work.run(sqlite.writer());
            caching.accountQuietly();
            return Optional.ofNullable(result);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        try (ConnectionLease lease = sqlite.borrowReader()) {
            return work.run(lease.statements().connection());
        }
    }

    @Override
    public long commitCounter() {
        return Integer.toUnsignedLong(sqlite.commitWatch().commitCounter());
    }

    @Override
    public void tablesChanged() {
        SchemaView s = schema;
        if (s != null && !checks.closed()) {
            s.replicaTablesChanged();
        }
    }

    @Override
    public void passTimed(long work, long startNanos, long endNanos, SQLException failure) {
        telemetry.passTimed(work, startNanos, endNanos, failure);
    }

    @Override
    public void applied() {
        SchemaView s = schema;
        if (s != null && !checks.closed()) {
            s.replicaApplied();
        }
    }
}
