package io.lumosdb.sync;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the DuckDB replica stands against SQLite.
 *
 * <pre>{@code
 * SyncStatus s = db.sync().status();
 * if (s.pendingChanges() > 0) log.info("replica {} changes behind ({} old)", s.pendingChanges(), s.lag());
 * s.lastError().ifPresent(e -> log.warn("replica failing: {}", e));
 * }</pre>
 *
 * @param appliedSequence the sequence number of the last change DuckDB has applied
 * @param lastCommittedSequence the sequence number of the last change committed in SQLite (0 when none is pending)
 * @param pendingChanges committed changes DuckDB has not applied yet (the lag in rows)
 * @param lag how long the oldest unapplied change has waited, as far as this process saw it commit
 * @param lastError the failure of the last apply attempt, if the replica is failing
 * @param consecutiveFailures apply attempts that failed in a row
 * @param rebuilding progress of a rebuild from SQLite, if one is running ("3 of 10 tables, 120000 rows")
 */
public record SyncStatus(long appliedSequence, long lastCommittedSequence, long pendingChanges, Duration lag,
        Optional<String> lastError, int consecutiveFailures, Optional<String> rebuilding) {

    /** Whether DuckDB has applied every committed change and no rebuild is running. */
    public boolean caughtUp() {
        return pendingChanges == 0 && rebuilding.isEmpty();
    }
}
