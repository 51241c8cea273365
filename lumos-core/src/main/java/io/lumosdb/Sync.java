package io.lumosdb;

import io.lumosdb.sync.SyncStatus;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The DuckDB replica's synchronization, as {@link LumosDB#sync()} exposes it.
 *
 * <pre>{@code
 * SyncStatus s = db.sync().status();   // applied sequence, pending changes, lag, last error
 * db.sync().awaitCaughtUp(Duration.ofSeconds(10));
 * }</pre>
 */
public interface Sync {
    /**
     * Where the replica stands: applied and committed sequence, pending changes, lag, last error, rebuild.
     *
     * @throws SQLException if SQLite cannot be read
     */
    SyncStatus status() throws SQLException;

    /**
     * Waits until DuckDB has applied every write committed before this call.
     *
     * @throws java.sql.SQLTimeoutException if it has not within {@code timeout}
     * @throws io.lumosdb.sync.ReplicaException if the replica is failing
     */
    void awaitCaughtUp(Duration timeout) throws SQLException;

    /**
     * Compares every replicated table on both engines, each in one consistent view (SQLite's snapshot
     * and the replica at the same applied change): row counts, the largest rowid and a checksum of every
     * row. A table that differs is copied again from SQLite, its reads served by SQLite meanwhile. Reads
     * every row of both engines: run it when a check is worth a full scan (after restoring a backup,
     * after an incident, on a schedule), not per request. A cheaper check (counts and largest rowid) runs
     * by itself after every open.
     *
     * <pre>{@code
     * VerifyReport report = db.sync().verify();
     * }</pre>
     *
     * @throws SQLException if an engine fails
     */
    io.lumosdb.sync.VerifyReport verify() throws SQLException;
}
