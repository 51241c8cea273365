package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How fresh the replica is, and the wait for it: a read that must see every write committed before it
 * began waits until the worker has applied SQLite's last committed sequence (logged changes) and, for
 * each rowid table it reads, every row up to that table's largest rowid (appends are scanned, not
 * logged). Both numbers are read on one of the owner's readers, so writes by other programs count too.
 */
final class FreshnessGate {
    private final ReplicaState state;
    private final ReplicaWorker worker;
    private volatile Remembered remembered;

    FreshnessGate(ReplicaState state, ReplicaWorker worker) {
        this.state = state;
        this.worker = worker;
    }

    /**
     * Makes a read of {@code tables} (null: every replicated table) as fresh as {@code maxStaleness} asks:
     * null means any state will do; zero, every write committed before now; otherwise no wait if the
     * replica was last caught up at most that long ago.
     */
    void awaitFresh(Duration maxStaleness, Collection<String> tables, Duration timeout) throws SQLException {
        if (maxStaleness == null) {
            return;
        }
        if (!maxStaleness.isZero()) {
            long caughtUp = caughtUpAtNanos();
            if (caughtUp != 0 && System.nanoTime() - caughtUp <= maxStaleness.toNanos()) {
                return;
            }
        }
        Target target = target(tables);
        awaitApplied(target.sequence, target.rows, timeout, tables == null);
    }

    /**
     * What a fresh read of {@code tables} waits for. Read from SQLite, unless nothing was committed since
     * the last target was read for these tables (or more) and the replica copied no table since: then that
     * target is this one. The commit counter is read before the target, so a commit in between only makes
     * the kept target later than needed.
     */
    private Target target(Collection<String> tables) throws SQLException {
        long counter = state.host.commitCounter();
        long copied = state.tablesCopied.get();
        Remembered last = remembered;
        if (counter != ReplicaHost.NO_COMMIT_COUNTER && last != null && last.counter == counter && last.tablesCopied == copied
                && last.replicated == state.replicated.size() && (last.tables == null || tables != null && last.tables.containsAll(tables))) {
            return last.target;
        }
        Target target = state.host.read(reader -> target(reader, tables));
        if (counter != ReplicaHost.NO_COMMIT_COUNTER) {
            remembered = new Remembered(counter, copied, state.replicated.size(), tables == null ? null : Set.copyOf(tables), target);
        }
        return target;
    }

    /** What a fresh read waits for: the last committed sequence and each table's largest rowid, in one read. */
    private record Target(long sequence, Map<String, Long> rows) {}

    /** The last target read from SQLite, for {@code tables} (null: all), at SQLite's commit counter {@code counter}. */
    private record Remembered(long counter, long tablesCopied, int replicated, Set<String> tables, Target target) {}

    private Target target(Connection reader, Collection<String> tables) throws SQLException {
        long sequence = ChangeCapture.lastIssuedSequence(reader);
        Map<String, Long> rows = new HashMap<>();
        for (String table : tables == null ? state.replicated.keySet() : tables) {
            ReplicatedTable shape = state.replicated.get(table);
            if (shape != null && !shape.keyed()) {
                rows.put(table, ChangeCapture.maxRowid(reader, table));
            }
        }
        return new Target(sequence, rows);
    }

    /**
     * Waits until DuckDB has applied every change up to {@code sequence} and, for each table in
     * {@code rowTargets}, every row up to the given rowid.
     *
     * @throws ReplicaException at once if the replica is failing (retries and the repair exhausted), with the cause
     * @throws SQLTimeoutException if it has not caught up within {@code timeout}
     */
    void awaitApplied(long sequence, Map<String, Long> rowTargets, Duration timeout) throws SQLException {
        awaitApplied(sequence, rowTargets, timeout, false);
    }

    /**
     * As {@link #awaitApplied(long, Map, Duration)}; {@code wholeReplica}: a wait for every table also waits
     * for a repair of a damaged file to end (its tables are not replicated meanwhile, so a wait for the
     * replicated ones alone would not).
     */
    private void awaitApplied(long sequence, Map<String, Long> rowTargets, Duration timeout, boolean wholeReplica) throws SQLException {
        if (state.appliedSequence >= sequence && !state.needsCatchUp && rowsReached(rowTargets) && !(wholeReplica && repairing())) {
            return;
        }
        worker.wakeUrgently();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (state.progressMonitor()) {
            while (state.appliedSequence < sequence || state.needsCatchUp || !rowsReached(rowTargets) || (wholeReplica && repairing())) {
                SQLException f = state.failure;
                if (f != null && state.consecutiveFailures > ReplicaWorker.REPAIR_AFTER) { // retried, repaired, still failing
                    throw new ReplicaException("the DuckDB replica cannot apply changes (" + state.consecutiveFailures
                            + " attempts failed): " + f.getMessage(), f instanceof ReplicaException re ? re.table().orElse(null) : null, f);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SQLTimeoutException("the DuckDB replica did not catch up within " + timeout.toMillis()
                            + " ms: it applied changes up to " + state.appliedSequence + " of " + sequence
                            + (state.needsCatchUp ? " and is still replicating tables (" + state.rebuilding + ")" : "")
                            + (f == null ? "" : "; last error: " + f.getMessage()), "HYT00");
                }
                if (!worker.started()) {
                    throw new SQLTimeoutException("the DuckDB replica has no worker running (start() was not called)"
                            + " and is at " + state.appliedSequence + " of " + sequence, "HYT00");
                }
                try {
                    // a repair ends without a progress signal: look again soon
                    long slice = wholeReplica && repairing() ? Math.min(left, TimeUnit.MILLISECONDS.toNanos(20)) : left;
                    state.progressMonitor().wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(slice)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLTimeoutException("interrupted while waiting for the DuckDB replica", "HYT00", e);
                }
            }
        }
    }

    private boolean repairing() {
        return state.corruption != null || state.rebuilding != null;
    }

    private boolean rowsReached(Map<String, Long> rowTargets) {
        for (Map.Entry<String, Long> target : rowTargets.entrySet()) {
            ReplicatedTable shape = state.replicated.get(target.getKey());
            if (shape != null && !shape.keyed() && state.replicaMarks.getOrDefault(target.getKey(), 0L) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the worker last saw DuckDB holding every change committed before that moment
     * ({@link System#nanoTime()}), or 0 if not yet.
     */
    long caughtUpAtNanos() {
        return state.needsCatchUp ? 0 : state.caughtUpAtNanos;
    }

    /** The replica's state, with what is committed read on one of the owner's readers. */
    SyncStatus status() throws SQLException {
        Target target = state.host.read(reader -> target(reader, null));
        long applied = state.appliedSequence;
        long pending = Math.max(0, target.sequence - applied);
        for (Map.Entry<String, Long> rows : target.rows.entrySet()) {
            pending += Math.max(0, rows.getValue() - state.replicaMarks.getOrDefault(rows.getKey(), 0L));
        }
        long since = state.pendingSinceNanos.get();
        Duration lag = pending == 0 || since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
        SQLException f = state.failure;
        String rebuild = state.rebuilding != null ? state.rebuilding : state.needsCatchUp ? "catching up with SQLite after open" : null;
        return new SyncStatus(applied, target.sequence, pending, lag, Optional.ofNullable(f).map(SQLException::getMessage),
                state.consecutiveFailures, Optional.ofNullable(rebuild));
    }
}
