package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a DuckDB replica of a SQLite database's tables, fed by durable change capture: the one entry
 * point of lumos-sync.
 *
 * <pre>{@code
 * Replica replica = Replica.open(sqliteConnection, duckConnection, host, false); // verifies or rebuilds DuckDB
 * replica.start("my-db sync");                          // the apply worker
 * writer.createStatement().execute("INSERT INTO t VALUES (1, 2.5)");  // any connection, any process
 * replica.committed();                                  // wake the worker now
 * replica.awaitFresh(Duration.ZERO, List.of("t"), Duration.ofSeconds(30)); // every write before now applied
 * }</pre>
 *
 * <p><b>Guarantees.</b> A change committed in SQLite is logged in the same transaction (triggers), and a
 * batch applied to DuckDB is recorded with its last sequence in the same DuckDB transaction, so a crash
 * at any point neither loses nor doubles a change. On {@link #open} the DuckDB side is checked against
 * SQLite (same replica id, no gap between what it applied and what the log still holds) and rebuilt
 * from SQLite when it does not match; after open the worker compares counts and largest rowids, and
 * {@link #verify} compares checksums: a missing, foreign, stale, ahead or damaged DuckDB file costs a
 * rebuild, never a wrong answer.
 *
 * <p><b>Parts.</b> The owner is reached through one interface, {@link ReplicaHost}. Inside, each part
 * does one job on the shared {@link ReplicaState}: {@link ReplicaCatalog} (which tables, copies),
 * {@link ChangeApplier} (the log into DuckDB), {@link ReplicaWorker} (the thread, backoff, repair),
 * {@link FreshnessGate} (waits and status), {@link ReplicaVerifier} (comparisons), {@link CorruptionRepair}.
 *
 * <p>This replica owns the SQLite connection it is given and closes it in {@link #close}; the DuckDB
 * connection stays the caller's. Both are used under the replica's lock, one thread at a time.
 */
public final class Replica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaState state;
    private final ReplicaCatalog catalog;
    private final ChangeApplier applier;
    private final ReplicaVerifier verifier;
    private final CorruptionRepair corruption;
    private final ReplicaWorker worker;
    private final FreshnessGate freshness;

    private Replica(ReplicaState state) {
        this.state = state;
        RowCopier copier = new RowCopier(state);
        this.catalog = new ReplicaCatalog(state, copier);
        this.applier = new ChangeApplier(state, copier);
        this.verifier = new ReplicaVerifier(state, catalog, applier);
        this.corruption = new CorruptionRepair(state, catalog);
        this.worker = new ReplicaWorker(state, catalog, applier, verifier, corruption);
        this.freshness = new FreshnessGate(state, worker);
    }

    /**
     * Attaches a replica without an owner (its SQLite writes and reads run on {@code sqlite}) and brings it
     * up to date before returning.
     *
     * @throws SQLException if either engine fails
     */
    public static Replica open(Connection sqlite, DuckDBConnection duck) throws SQLException {
        return open(sqlite, duck, true);
    }

    /**
     * Attaches a replica without an owner; with {@code catchUpNow} false, copying and applying are left
     * to the worker started by {@link #start}.
     *
     * @throws SQLException if either engine fails
     */
    public static Replica open(Connection sqlite, DuckDBConnection duck, boolean catchUpNow) throws SQLException {
        return open(sqlite, duck, new OwnConnectionHost(sqlite), catchUpNow);
    }

    /**
     * Attaches a replica owned by {@code host}: creates the change log if needed, verifies the DuckDB side
     * (rebuilding it when it does not belong to this SQLite database or has fallen behind the log), and
     * with {@code catchUpNow} false leaves copying and applying to the worker ({@link #start}): the owner
     * serves SQLite meanwhile, and {@link #isReplicated} tells which tables DuckDB already has.
     *
     * @param sqlite a SQLite connection for this replica alone (reads of the log and rows, the triggers)
     * @param duck a DuckDB connection used only by this replica
     * @throws SQLException if either engine fails
     */
    public static Replica open(Connection sqlite, DuckDBConnection duck, ReplicaHost host, boolean catchUpNow) throws SQLException {
        prepareCapture(sqlite);
        String id = ChangeCapture.meta(sqlite, "replica_id").orElse(null);
        if (id == null) {
            id = UUID.randomUUID().toString();
            ChangeCapture.putMeta(sqlite, "replica_id", id);
        }
        ReplicaStore store = new ReplicaStore(duck);
        long lastIssued = ChangeCapture.lastIssuedSequence(sqlite);
        long firstLogged = ChangeCapture.firstLoggedSequence(sqlite);
        Optional<ReplicaStore.State> state = store.state();
        String problem = verify(id, state, lastIssued, firstLogged);
        long applied;
        if (problem != null) {
            if (state.isEmpty() && ChangeCapture.userTables(sqlite).isEmpty()) {
                LOG.debug("new DuckDB replica {}", id);
            } else {
                LOG.warn("DuckDB replica is rebuilt from SQLite: {}", problem);
            }
            for (String table : store.tables()) {
                store.drop(table);
            }
            for (String table : ChangeCapture.replicatedSignatures(sqlite).keySet()) {
                ChangeCapture.deleteMeta(sqlite, ChangeCapture.SIGNATURE_KEY + table);
            }
            if (state.isEmpty()) {
                ChangeCapture.deleteMeta(sqlite, CorruptionRepair.UNREADABLE); // a new file: whatever was unreadable is gone
            }
            store.setState(id, lastIssued);
            duck.commit();
            applied = lastIssued;
        } else {
            applied = state.get().appliedSequence();
            duck.commit(); // end the read transaction of the state read
        }
        // WAL checkpoints run on the writers' commits, never on this replica's small writes (mark, prune),
        // which would otherwise copy megabytes while holding the write lock and delay applying
        Sql.exec(sqlite, "PRAGMA wal_autocheckpoint = 0");
        ReplicaState replicaState = new ReplicaState(sqlite, store, id, host, applied);
        replicaState.replicaMarks.putAll(store.highWaterMarks());
        duck.commit();
        replicaState.needsCatchUp = true;
        Replica replica = new Replica(replicaState);
        if (host instanceof OwnConnectionHost own) {
            own.attach(replicaState.lock);
        }
        if (catchUpNow) {
            replica.reconcile();
            replica.apply();
            replicaState.needsCatchUp = false;
        }
        return replica;
    }

    /**
     * Prepares SQLite's side before anyone writes: the change log, and no capture trigger left on what is
     * not a plain table. {@link #open} does it too; an owner that opens DuckDB later, on another thread,
     * calls it first, on its writer. Idempotent.
     *
     * <pre>{@code
     * Replica.prepareCapture(writer);   // at once; Replica.open(...) later
     * }</pre>
     *
     * @throws SQLException if SQLite fails
     */
    public static void prepareCapture(Connection sqlite) throws SQLException {
        ChangeCapture.ensureLog(sqlite);
        // before anyone writes: a trigger on a virtual table's shadow table crashes the next insert into it
        List<String> stray = ChangeCapture.dropStrayTriggers(sqlite);
        if (!stray.isEmpty()) {
            LOG.warn("dropped capture triggers that stood on no plain table (a virtual table's shadow tables?): {}", stray);
        }
    }

    private static String verify(String id, Optional<ReplicaStore.State> state, long lastIssued, long firstLogged) {
        if (state.isEmpty()) {
            return "it has no replica state (new or missing DuckDB file)";
        }
        ReplicaStore.State s = state.get();
        if (!s.replicaId().equals(id)) {
            return "it belongs to another database (replica id " + s.replicaId() + ", expected " + id + ")";
        }
        if (s.appliedSequence() > lastIssued) {
            return "it claims changes up to " + s.appliedSequence() + " but SQLite issued only " + lastIssued;
        }
        long prunedUpTo = firstLogged == 0 ? lastIssued : firstLogged - 1;
        if (s.appliedSequence() < prunedUpTo) {
            return "it applied changes up to " + s.appliedSequence() + " but SQLite pruned its log up to " + prunedUpTo;
        }
        return null;
    }

    // ---------------------------------------------------------------- catalog and applying

    /**
     * Brings the set of replicated tables in line with SQLite's catalog (copying new or changed tables,
     * dropping those that are gone). The worker does this by itself; the owner calls it after its own DDL.
     *
     * @throws SQLException if an engine fails outside a single table's copy
     */
    public void reconcile() throws SQLException {
        catalog.reconcile();
    }

    /**
     * Applies every logged change and scanned append now, on the caller's thread.
     *
     * @return the sequence number DuckDB has applied up to
     * @throws ReplicaException naming the table and row when DuckDB cannot take a change
     */
    public long apply() throws SQLException {
        return applier.apply();
    }

    /**
     * Drops {@code table}'s capture triggers on {@code writer}, inside the caller's transaction, before an
     * {@code ALTER TABLE} (SQLite refuses to drop a column a trigger names). Run {@link #reconcile()}
     * after the commit: the table is copied afresh (triggers first), so nothing written in between is missed.
     */
    public static void prepareAlter(Connection writer, String table) throws SQLException {
        ChangeCapture.dropTriggers(writer, table);
    }

    /**
     * Gives each table that has no capture triggers (created or altered since the replica last
     * reconciled) its triggers on {@code writer}, inside the caller's transaction, without DuckDB: for an
     * owner whose DuckDB is not open yet, after DDL, so that the table's values are type-checked from its
     * commit on as with the replica open. The replica copies such a table whole when it opens ({@link
     * #reconcile()}). A table the replica cannot hold gets none, as at reconcile.
     *
     * <pre>{@code
     * writer.setAutoCommit(false);
     * List<String> captured = Replica.captureBeforeOpen(writer);
     * writer.commit();
     * }</pre>
     *
     * @return the tables given triggers
     * @throws SQLException if SQLite fails
     */
    public static List<String> captureBeforeOpen(Connection writer) throws SQLException {
        return ChangeCapture.captureUncaptured(writer);
    }

    /** Prunes the applied part of the log now (without waiting for SQLite's write lock). */
    void prune() throws SQLException {
        state.locked(() -> {
            applier.pruneIfDue(true);
            return null;
        });
    }

    // ---------------------------------------------------------------- worker and freshness

    /** Starts the apply worker, a daemon thread named {@code threadName}. Idempotent. */
    public void start(String threadName) {
        worker.start(threadName);
    }

    /**
     * Tells the worker that a write committed. Cheap; call after every commit. Under a steady stream of
     * commits the worker gathers them for a few milliseconds per batch, unless a reader waits.
     */
    public void committed() {
        worker.committed();
    }

    /**
     * Makes a read of {@code tables} (null: every replicated table) as fresh as asked: {@code maxStaleness}
     * null means any state will do; zero, every write committed before this call (other programs' too);
     * otherwise no wait if the replica was caught up at most that long ago.
     *
     * @throws ReplicaException at once if the replica is failing (retries and the repair exhausted)
     * @throws SQLTimeoutException if it is not fresh enough within {@code timeout}
     */
    public void awaitFresh(Duration maxStaleness, Collection<String> tables, Duration timeout) throws SQLException {
        freshness.awaitFresh(maxStaleness, tables, timeout);
    }

    /**
     * Waits until DuckDB has applied every change up to {@code sequence} and, for each table in
     * {@code rowTargets}, every row up to the given rowid ({@link #rowTargets}).
     *
     * @throws ReplicaException at once if the replica is failing
     * @throws SQLTimeoutException if it has not caught up within {@code timeout}
     */
    public void awaitApplied(long sequence, Map<String, Long> rowTargets, Duration timeout) throws SQLException {
        freshness.awaitApplied(sequence, rowTargets, timeout);
    }

    /** {@link #awaitApplied(long, Map, Duration)} for logged changes only. */
    public void awaitApplied(long sequence, Duration timeout) throws SQLException {
        freshness.awaitApplied(sequence, Map.of(), timeout);
    }

    /** Each replicated rowid table's largest rowid now, read on {@code connection}: what a fresh read waits for. */
    public Map<String, Long> rowTargets(Connection connection, Collection<String> tables) throws SQLException {
        Map<String, Long> targets = new HashMap<>();
        for (String table : tables) {
            ReplicatedTable shape = state.replicated.get(table);
            if (shape != null && !shape.keyed()) {
                targets.put(table, ChangeCapture.maxRowid(connection, table));
            }
        }
        return targets;
    }

    /** Tables copied whole from SQLite since open (first replication, rebuilds, repairs): for metrics. */
    public long tablesCopied() {
        return state.tablesCopied.get();
    }

    /** The sequence number of the last change committed in SQLite, read on {@code connection}. */
    public static long lastCommittedSequence(Connection connection) throws SQLException {
        return ChangeCapture.lastIssuedSequence(connection);
    }

    /**
     * When the worker last saw DuckDB holding every change committed before that moment
     * ({@link System#nanoTime()}), or 0 if not yet.
     */
    public long caughtUpAtNanos() {
        return freshness.caughtUpAtNanos();
    }

    /**
     * Where the replica stands: applied and committed sequence, pending changes (appended rows not yet
     * scanned count), lag, last error, rebuild or catch-up under way.
     *
     * @throws SQLException if SQLite cannot be read
     */
    public SyncStatus status() throws SQLException {
        return freshness.status();
    }

    // ---------------------------------------------------------------- verification and damage

    /**
     * Compares every replicated table on both engines in one consistent view each and copies again every
     * table that differs; {@code deep} compares a checksum of every row, otherwise counts and the largest
     * rowid (what the worker does after open).
     *
     * @throws SQLException if an engine fails
     */
    public VerifyReport verify(boolean deep) throws SQLException {
        VerifyReport report = verifier.verify(deep);
        if (state.corruption != null) {
            worker.wakeUrgently(); // a damaged block was found: the repair begins at once
        }
        return report;
    }

    /** Whether DuckDB's error says its file is damaged, as opposed to a problem with one statement. */
    public static boolean isCorruption(SQLException e) {
        return CorruptionRepair.isCorruption(e);
    }

    /**
     * Whether a previous process found the DuckDB file damaged beyond repair in place: the owner then
     * moves the file aside before opening it, and the replica is rebuilt in a new one.
     */
    public static boolean markedUnreadable(Connection sqlite) throws SQLException {
        return CorruptionRepair.markedUnreadable(sqlite);
    }

    /**
     * Tells the replica that a read found DuckDB's file damaged: the worker copies every table again,
     * and reads of a table go to SQLite until its copy is complete.
     */
    public void corruptionSeen(SQLException e) {
        corruption.seen(e);
        worker.wakeUrgently();
    }

    // ---------------------------------------------------------------- state

    /** Whether {@code table} has an up-to-date replica in DuckDB. */
    public boolean isReplicated(String table) {
        return state.replicated.containsKey(table);
    }

    /** The tables replicated in DuckDB. */
    public Set<String> replicatedTables() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(state.replicated.keySet()));
    }

    /** Why {@code table} is not replicated, if it is a table SQLite has and the replica left out. */
    public Optional<String> whyNotReplicated(String table) {
        return Optional.ofNullable(state.notReplicated.get(table));
    }

    /** The sequence number of the last change DuckDB has applied. */
    public long appliedSequence() {
        return state.appliedSequence;
    }

    /** The id that ties the DuckDB file to its SQLite database. */
    public String replicaId() {
        return state.replicaId;
    }

    /** Stops the worker (waiting for its batch to end) and closes this replica's SQLite connection. */
    @Override
    public void close() throws SQLException {
        worker.stop();
        state.locked(() -> {
            state.sqlite.close();
            return null;
        });
    }
}
