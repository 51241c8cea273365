package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The one seam between a replica and the database that owns it: how the replica writes to SQLite
 * under the owner's write lock, how it reads with the owner's readers, and whom it tells what it did.
 * The owner implements it; the replica never calls the owner otherwise.
 *
 * <pre>{@code
 * Replica replica = Replica.open(sqliteConnection, duckConnection, host, false);
 * replica.start("my-db sync");
 * }</pre>
 *
 * <p>Why the replica writes through its owner: its routine SQLite writes (raising high-water marks,
 * pruning the log) then run on the owner's one writer, behind the owner's writes, never in SQLite's
 * busy handler; and every commit of the process comes from one connection, so the owner can tell other
 * programs' commits from its own ({@code PRAGMA data_version} counts only other connections').
 * Lock order: the owner's write lock, then the replica's own lock, never the other way.
 */
public interface ReplicaHost {
    /** Work on a SQLite connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on the owner's writer while holding the owner's write lock, waiting for it; the
     * work commits what it writes. The owner takes note of the commit before it releases the lock.
     *
     * @throws SQLException what the work threw, or if interrupted while waiting for the lock
     */
    <T> T write(SqlWork<T> work) throws SQLException;

    /**
     * As {@link #write}, but only if the write lock is free now: the owner's writers never wait behind
     * the replica's housekeeping. Empty if it was not free.
     */
    <T> Optional<T> tryWrite(SqlWork<T> work) throws SQLException;

    /** Runs {@code work} on one of the owner's SQLite readers (any connection to the database). */
    <T> T read(SqlWork<T> work) throws SQLException;

    /** {@link #commitCounter()} of a host that cannot tell. */
    long NO_COMMIT_COUNTER = -1;

    /**
     * A counter that changes whenever a transaction commits to the SQLite database, by any connection or
     * program, read without a query (SQLite's WAL-index {@code iChange}); {@link #NO_COMMIT_COUNTER} if the
     * host cannot read one cheaply. A fresh read whose counter equals the last one's needs no new target.
     */
    default long commitCounter() {
        return NO_COMMIT_COUNTER;
    }

    /** The set of replicated tables changed (a table copied, dropped, or being copied again). */
    void tablesChanged();

    /** The worker applied changes (e.g. to re-read table sizes, so routing follows other programs' writes). */
    void applied();

    /**
     * The worker finished a pass that applied {@code work} changes and scanned rows (0 for an idle pass,
     * which is not reported) between the two {@link System#nanoTime()} readings, or failed with
     * {@code failure}: for metrics and tracing. Called on the worker's thread; it must be quick.
     */
    default void passTimed(long work, long startNanos, long endNanos, SQLException failure) {}
}
