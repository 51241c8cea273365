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
}
