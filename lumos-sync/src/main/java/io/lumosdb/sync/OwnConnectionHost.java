package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The host of a replica used without an owner (lumos-sync on its own, its tests): writes and reads run
 * on the replica's own SQLite connection, writes under a lock of their own, reads under the replica's
 * lock (the connection is the replica's). Nobody is told of changes.
 */
final class OwnConnectionHost implements ReplicaHost {
    private final Connection sqlite;
    private final ReentrantLock writeLock = new ReentrantLock();
    private ReentrantLock replicaLock;

    OwnConnectionHost(Connection sqlite) {
        this.sqlite = sqlite;
    }

    /** The replica's lock, known once the replica exists. */
    void attach(ReentrantLock replicaLock) {
        this.replicaLock = replicaLock;
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        writeLock.lock();
        try {
            return work.run(sqlite);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> Optional<T> tryWrite(SqlWork<T> work) throws SQLException {
        if (!writeLock.tryLock()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(work.run(sqlite));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        replicaLock.lock();
        try {
            return work.run(sqlite);
        } finally {
            replicaLock.unlock();
        }
    }

    @Override
    public void tablesChanged() {
        // no owner to tell
    }

    @Override
    public void applied() {
        // no owner to tell
    }
}
