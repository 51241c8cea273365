package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a DuckDB replica of a SQLite database's tables, fed by durable change capture.
 *
 * <pre>{@code
 * Replica replica = Replica.open(sqliteConnection, duckConnection); // verifies or rebuilds DuckDB
 * replica.start("my-db sync");                                      // the apply worker
 * writer.createStatement().execute("INSERT INTO t VALUES (1, 2.5)"); // any connection, any process
 * replica.committed();                                              // wake the worker now
 * replica.awaitApplied(Replica.lastCommittedSequence(reader), Duration.ofSeconds(30));
 * }</pre>
 *
 * <p><b>Guarantees.</b> A change committed in SQLite is logged in the same transaction (triggers), and a
 * batch applied to DuckDB is recorded with its last sequence in the same DuckDB transaction, so a crash
 * at any point neither loses nor doubles a change. On {@link #open} the DuckDB side is checked against
 * SQLite (same replica id, no gap between what it applied and what the log still holds) and rebuilt from
 * SQLite when it does not match: a missing, foreign or stale DuckDB file costs a rebuild, never a wrong
 * answer.
 *
 * <p><b>Worker.</b> {@link #start} runs a named thread that applies the log in batches. A commit wakes
 * it at once ({@link #committed}); it also looks every {@value #IDLE_POLL_MILLIS} ms for writes made by
 * other programs and for schema changes. A failing batch is retried with backoff; after
 * {@value #REPAIR_AFTER} failures the table at fault is copied again from SQLite; a failure that
 * persists is reported by {@link #status(long)} and to every {@link #awaitApplied} caller.
 *
 * <p><b>Replicating a table</b> takes a short SQLite write transaction (the triggers), then copies the
 * rows from a read snapshot; writes go on meanwhile and are applied after the copy, idempotently. A
 * table is reported replicated ({@link #isReplicated}) only once its copy is complete.
 *
 * <p>This replica owns the SQLite connection it is given and closes it in {@link #close}; the DuckDB
 * connection stays the caller's. Both are used by one thread at a time (this class is synchronized).
 */
public final class Replica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /** Log entries applied per DuckDB transaction. */
    static final int APPLY_CHUNK = 245_760; // two DuckDB row groups
    /** Changes applied in one call after which DuckDB is checkpointed. */
    static final int CHECKPOINT_AFTER = 100_000;
    /** Consecutive rowids from which a range scan replaces lookups. */
    private static final int MIN_RANGE = 32;
    /** Rowids read from SQLite per query while applying. */
    private static final int READ_CHUNK = 2_000;
    /** Scans of appended rows at least this long read SQLite on a second thread while DuckDB appends. */
    static final int READ_AHEAD_MIN_ROWS = 20_000;
    /**
     * How long the worker gathers further commits after a batch, when no reader waits: one DuckDB
     * transaction per few milliseconds instead of one per commit, which on a small machine leaves the
     * cores to the writers.
     */
    static final long GATHER_MILLIS = 5;
    /** How often the idle worker looks for other programs' writes and schema changes. */
    static final long IDLE_POLL_MILLIS = 500;
    /** How often the applied part of the log is pruned while changes keep coming. */
    static final long PRUNE_EVERY_MILLIS = 1_000;
    /** Failed attempts after which the table at fault is copied again from SQLite. */
    static final int REPAIR_AFTER = 3;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final Connection sqlite;
    private final ReplicaStore store;
    private final String replicaId;
    private final Map<String, ReplicatedTable> replicated = new ConcurrentHashMap<>();
    private final Map<String, String> notReplicated = new ConcurrentHashMap<>();
    private final Map<String, Long> maxRowids = new HashMap<>();
    /** Per rowid table, DuckDB's high-water mark: every row up to it is in the replica or in the log. */
    private final Map<String, Long> replicaMarks = new ConcurrentHashMap<>();
    /** Serializes this replica's SQLite writes with the owner's writers (see {@link #useWriteLock}). */
    private volatile java.util.concurrent.locks.Lock writeLock = new java.util.concurrent.locks.ReentrantLock();
    /** The owner's writer connection, if given: this replica's routine SQLite writes run on it (see {@link #useWriter}). */
    private volatile Connection ownerWriter;
    /** Told after each commit this replica makes on the owner's writer, still under the owner's lock. */
    private volatile Runnable afterWriterCommit = () -> { };
    private volatile long appliedSequence;

    // worker and waiters
    private final Object wake = new Object();
    private volatile boolean signalled;
    /** The worker waits for work (not gathering): only then does a commit need to wake it. */
    private volatile boolean idleWaiting;
    /** Readers are waiting for the worker: it applies at once instead of gathering commits. */
    private boolean urgent;
    private final Object progress = new Object();
    private volatile Thread worker;
    private volatile boolean running;
    private volatile boolean needsCatchUp;
    /** DuckDB reported a corrupt block (to the worker or to a reader): the worker copies every table again. */
    private volatile SQLException corruption;
    private volatile SQLException failure;
    private volatile int consecutiveFailures;
    private final AtomicLong pendingSinceNanos = new AtomicLong();
    private volatile String rebuilding;
    private volatile long caughtUpAtNanos;
    /** Changes and scanned rows applied so far: progress, whether or not the log sequence moved. */
    private volatile long appliedWork;
    private long lastPruneNanos;
    private long prunedBelow;
    private final long busyTimeoutMillis;
    /** The SQLite database's text is UTF-8: rows can be read natively ({@link SqliteRowReader}). */
    private final boolean utf8;
    private volatile Runnable onTablesChanged = () -> { };
    private volatile Runnable onApplied = () -> { };
    private long schemaVersion = -1;

    private Replica(Connection sqlite, ReplicaStore store, String replicaId, long appliedSequence) throws SQLException {
        this.sqlite = sqlite;
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
            this.busyTimeoutMillis = rs.next() ? rs.getLong(1) : 5_000;
        }
        this.utf8 = SqliteRowReader.isUtf8(sqlite);
        // WAL checkpoints run on the writers' commits, never on this worker's small writes (mark, prune),
        // which would otherwise copy megabytes while holding the write lock and delay applying
        Sql.exec(sqlite, "PRAGMA wal_autocheckpoint = 0");
        this.store = store;
        this.replicaId = replicaId;
        this.appliedSequence = appliedSequence;
    }

    /**
     * Attaches a replica and brings it up to date before returning: creates the change log if needed,
     * verifies the DuckDB side (rebuilding it when it does not belong to this SQLite database or has
     * fallen behind the log), replicas every table and applies what is pending.
     *
     * @param sqlite a SQLite connection for this replica alone (it writes the log's pruning and the triggers)
     * @param duck a DuckDB connection used only by this replica
     * @throws SQLException if either engine fails
     */
    public static Replica open(Connection sqlite, DuckDBConnection duck) throws SQLException {
        return open(sqlite, duck, true);
    }

    /**
     * Attaches a replica. With {@code catchUpNow} false, replicating and applying (a rebuild, if needed) are
     * left to the worker started by {@link #start}: the caller can serve SQLite meanwhile, and
     * {@link #isReplicated} tells which tables DuckDB already has.
     *
     * @throws SQLException if either engine fails
     */
    public static Replica open(Connection sqlite, DuckDBConnection duck, boolean catchUpNow) throws SQLException {
        ChangeCapture.ensureLog(sqlite);
        // before anyone writes: a trigger on a virtual table's shadow table crashes the next insert into it
        List<String> stray = ChangeCapture.dropStrayTriggers(sqlite);
        if (!stray.isEmpty()) {
            LOG.warn("dropped capture triggers that stood on no plain table (a virtual table's shadow tables?): {}", stray);
        }
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
                ChangeCapture.deleteMeta(sqlite, UNREADABLE); // a new file: whatever was unreadable is gone
            }
            store.setState(id, lastIssued);
            duck.commit();
            applied = lastIssued;
        } else {
            applied = state.get().appliedSequence();
            duck.commit(); // end the read transaction of the state read
        }
        Replica replica = new Replica(sqlite, store, id, applied);
        replica.replicaMarks.putAll(store.highWaterMarks());
        duck.commit();
        if (catchUpNow) {
            replica.reconcile();
            replica.apply();
        } else {
            replica.needsCatchUp = true;
        }
        return replica;
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

    // ---------------------------------------------------------------- catalog

    /**
     * Brings the set of replicated tables in line with SQLite's catalog: replicas new tables (with their
     * current rows), re-replicas tables whose columns changed, drops replicas of tables that are gone. A
     * table that cannot be replicated is left out and its reason kept ({@link #whyNotReplicated}).
     *
     * @throws SQLException if an engine fails outside a single table's replicating
     */
    public synchronized void reconcile() throws SQLException {
        List<String> tables = ChangeCapture.userTables(sqlite);
        Map<String, String> signatures = ChangeCapture.replicatedSignatures(sqlite);
        Set<String> duckTables = store.tables();
        boolean changed = false;
        List<ReplicatedTable> toCopy = new ArrayList<>();
        for (String table : tables) {
            Optional<String> reason = ChangeCapture.unreplicableReason(sqlite, table);
            if (reason.isPresent()) {
                notReplicated.put(table, reason.get());
                if (signatures.containsKey(table) || replicated.containsKey(table)) {
                    dropReplica(table);
                    changed = true;
                }
                continue;
            }
            ReplicatedTable shape = ChangeCapture.describe(sqlite, table);
            if (shape.signature().equals(signatures.get(table)) && duckTables.contains(table)) {
                ChangeCapture.Triggers triggers = ChangeCapture.triggers(sqlite, shape);
                if (triggers == ChangeCapture.Triggers.MISSING) {
                    // dropped by someone: changes may have gone unlogged since, so the table is copied again
                    LOG.warn("capture triggers of table {} were missing; copying it again from SQLite", table);
                    toCopy.add(shape);
                    continue;
                }
                if (triggers == ChangeCapture.Triggers.OUTDATED) {
                    reinstallTriggers(shape);
                }
                changed |= replicated.put(table, shape) == null;
            } else {
                toCopy.add(shape);
            }
        }
        Map<String, String> virtualTables = ChangeCapture.virtualTables(sqlite);
        for (Map.Entry<String, String> virtual : virtualTables.entrySet()) {
            notReplicated.put(virtual.getKey(), "it is a virtual table (" + virtual.getValue() + "), which SQLite serves:"
                    + " the replica holds plain tables only");
        }
        Set<String> known = new LinkedHashSet<>(signatures.keySet());
        known.addAll(replicated.keySet()); // a table whose record went with its triggers (ALTER through the facade)
        for (String gone : known) {
            if (!tables.contains(gone)) {
                dropReplica(gone);
                changed = true;
            }
        }
        for (String orphan : store.tables()) {
            if (!replicated.containsKey(orphan) && toCopy.stream().noneMatch(t -> t.name().equals(orphan))) {
                store.drop(orphan);
                store.connection().commit();
            }
        }
        notReplicated.keySet().removeIf(t -> !tables.contains(t) && !virtualTables.containsKey(t));
        changed |= replicated.keySet().retainAll(tables);
        long rows = 0;
        try {
            for (int i = 0; i < toCopy.size(); i++) {
                String done = i + " of " + toCopy.size() + " tables, ";
                long before = rows;
                if (toCopy.size() > 1) {
                    rebuilding = done + rows + " rows copied";
                    LOG.info("replica rebuild: {}; copying {}", rebuilding, toCopy.get(i).name());
                }
                // a large table reports its rows as they are copied, also when it is the only one
                rows += copyTable(toCopy.get(i), copied -> rebuilding = done + (before + copied) + " rows copied");
                changed = true;
            }
        } finally {
            rebuilding = null;
        }
        if (toCopy.size() > 1) {
            LOG.info("replica rebuild: {} tables, {} rows copied", toCopy.size(), rows);
        }
        store.connection().commit(); // end the read transaction the catalog reads opened: no snapshot pinned while idle
        schemaVersion = schemaVersion();
        if (changed) {
            fireTablesChanged();
        }
    }

    /**
     * Replicas one table: triggers first (a short write transaction), then the rows from a read snapshot.
     * Changes committed in between are in the log and are applied after the copy, idempotently.
     */
    private long copyTable(ReplicatedTable shape, LongConsumer progress) throws SQLException {
        String table = shape.name();
        boolean outer = sqlite.getAutoCommit();
        try {
            sqlite.setAutoCommit(false);
            ChangeCapture.installTriggers(sqlite, shape);
            // rows up to the mark are logged from now on; rows above it are found by scanning
            long mark = shape.keyed() ? 0 : ChangeCapture.raiseHighWaterMark(sqlite, table);
            sqlite.commit();
            long copied;
            try (PreparedStatement ps = sqlite.prepareStatement(
                    "SELECT " + shape.selectList(Sql.quote(table)) + " FROM " + Sql.quote(table))) {
                store.create(shape);
                copied = copyRowsInBulk(shape, ps, progress);
            }
            if (!shape.keyed()) {
                // copied rows above the mark are copied again by the next scan, as an upsert
                store.setHighWaterMark(table, mark);
            }
            store.connection().commit();
            if (!shape.keyed()) {
                replicaMarks.put(table, mark);
            } else {
                replicaMarks.remove(table);
            }
            sqlite.commit();
            replicated.put(table, shape);
            notReplicated.remove(table);
            maxRowids.remove(table);
            LOG.debug("replicated table {} into DuckDB ({} rows)", table, copied);
            return copied;
        } catch (SQLException e) {
            rollbackQuietly(e);
            if (String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) {
                throw e; // a writer held the lock past the busy timeout: the worker retries, the table is not given up
            }
            replicated.remove(table);
            notReplicated.put(table, "replicating failed: " + e.getMessage());
            try {
                ChangeCapture.dropTriggers(sqlite, table); // no capture for a table the replica does not hold
                sqlite.commit();
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            LOG.warn("table {} is not replicated into DuckDB; queries on it run on SQLite: {}", table, e.getMessage());
            return 0;
        } finally {
            sqlite.setAutoCommit(outer);
        }
    }

    /** Replaces a table's triggers written by an earlier version, in one transaction: no change is missed. */
    private void reinstallTriggers(ReplicatedTable shape) throws SQLException {
        boolean outer = sqlite.getAutoCommit();
        sqlite.setAutoCommit(false);
        try {
            ChangeCapture.installTriggers(sqlite, shape);
            sqlite.commit();
            LOG.info("capture triggers of table {} rewritten in this version's form", shape.name());
        } catch (SQLException e) {
            sqlite.rollback();
            throw e;
        } finally {
            sqlite.setAutoCommit(outer);
        }
    }

    private void dropReplica(String table) throws SQLException {
        ChangeCapture.dropTriggers(sqlite, table);
        store.drop(table);
        store.connection().commit();
        replicated.remove(table);
        maxRowids.remove(table);
        replicaMarks.remove(table);
    }

    private long schemaVersion() throws SQLException {
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("PRAGMA schema_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- apply

    /**
     * Applies every logged change to DuckDB, in transactions of at most {@value #APPLY_CHUNK} changes,
     * then prunes the applied part of the log.
     *
     * @return the sequence number DuckDB has applied up to
     * @throws ReplicaException naming the table and row when DuckDB cannot take a change; nothing of
     *     that batch is applied and the log keeps it
     * @throws SQLException when an engine fails otherwise
     */
    public long apply() throws SQLException {
        raiseHighWaterMarks();
        return applyPending();
    }

    /**
     * Lets the owner serialize this replica's SQLite writes (raising high-water marks) with its own
     * writers, so that neither waits in SQLite's busy handler. Lock order: this lock, then this replica.
     */
    public void useWriteLock(java.util.concurrent.locks.Lock lock) {
        this.writeLock = java.util.Objects.requireNonNull(lock, "lock");
    }

    /**
     * Lets the owner serialize this replica's routine SQLite writes (raising high-water marks, pruning
     * the log) with its own, and run them on {@code writer}, its writer connection, while holding
     * {@code lock}: then every commit this process makes comes from one connection, so the owner can tell
     * other programs' commits from its own ({@code PRAGMA data_version} counts only other connections').
     */
    public void useWriter(java.util.concurrent.locks.Lock lock, Connection writer) {
        useWriter(lock, writer, () -> { });
    }

    /**
     * As {@link #useWriter(java.util.concurrent.locks.Lock, Connection)}, and runs {@code afterCommit}
     * after each commit made on {@code writer}, while {@code lock} is still held (so the owner can take
     * note of the commit before anyone else sees the lock free). An exception it throws is logged.
     */
    public void useWriter(java.util.concurrent.locks.Lock lock, Connection writer, Runnable afterCommit) {
        useWriteLock(lock);
        this.afterWriterCommit = java.util.Objects.requireNonNull(afterCommit, "afterCommit");
        this.ownerWriter = java.util.Objects.requireNonNull(writer, "writer");
    }

    private void notifyWriterCommit() {
        try {
            afterWriterCommit.run();
        } catch (RuntimeException e) {
            LOG.warn("the owner's after-commit callback failed: {}", e.toString());
        }
    }

    /**
     * Raises the SQLite high-water mark of every replicated rowid table that has rows above it, so that the
     * next apply scans them. Taken under the owner's write lock, outside this replica's monitor.
     */
    private void raiseHighWaterMarks() throws SQLException {
        List<String> behind = tablesWithAppends();
        if (behind.isEmpty()) {
            return;
        }
        try {
            writeLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to raise the replica's high-water marks", e);
        }
        try {
            synchronized (this) {
                Connection c = ownerWriter != null ? ownerWriter : sqlite;
                boolean outer = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    for (String table : behind) {
                        if (replicated.containsKey(table)) {
                            ChangeCapture.raiseHighWaterMark(c, table);
                        }
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(outer);
                }
                if (c == ownerWriter) {
                    notifyWriterCommit();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Replicated rowid tables whose largest rowid is above their SQLite high-water mark (reads only). */
    private synchronized List<String> tablesWithAppends() throws SQLException {
        Map<String, Long> marks = ChangeCapture.highWaterMarks(sqlite);
        List<String> behind = new ArrayList<>();
        for (ReplicatedTable shape : replicated.values()) {
            Long mark = marks.get(shape.name()); // none yet: behind, so that one is made
            if (!shape.keyed() && (mark == null || ChangeCapture.maxRowid(sqlite, shape.name()) > mark)) {
                behind.add(shape.name());
            }
        }
        if (!sqlite.getAutoCommit()) {
            sqlite.commit();
        }
        return behind;
    }

    private synchronized long applyPending() throws SQLException {
        long entries = 0;
        try {
            while (true) {
                Batch batch = readAndApplyChunk();
                if (batch == null) {
                    return appliedSequence;
                }
                entries += batch.entries + batch.scanned;
                appliedWork += batch.entries + batch.scanned;
                pruneIfDue(batch.entries >= APPLY_CHUNK);
                synchronized (progress) {
                    progress.notifyAll();
                }
                if (batch.entries < APPLY_CHUNK && !batch.moreToScan) {
                    return appliedSequence;
                }
            }
        } finally {
            if (entries >= CHECKPOINT_AFTER) {
                checkpoint();
            }
        }
    }

    /**
     * Prunes the applied part of the log, at most every {@value #PRUNE_EVERY_MILLIS} ms unless
     * {@code now}, and without waiting for SQLite's write lock: a writer holding it is never made to wait
     * behind housekeeping, nor this worker behind a writer (SQLite's busy handler sleeps in steps of up
     * to 100 ms). A skipped prune costs nothing: applied entries are never read again.
     */
    private void pruneIfDue(boolean now) throws SQLException {
        long t = System.nanoTime();
        if (appliedSequence <= prunedBelow) {
            return; // nothing to prune: no write transaction, no lock taken
        }
        if (!now && t - lastPruneNanos < TimeUnit.MILLISECONDS.toNanos(PRUNE_EVERY_MILLIS)) {
            return;
        }
        lastPruneNanos = t;
        Connection writer = ownerWriter;
        if (writer == null) {
            pruneOn(sqlite, busyTimeoutMillis);
            return;
        }
        if (!writeLock.tryLock()) {
            return; // the owner is writing: skipped, tried again later
        }
        try {
            long ownerTimeout;
            try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
                rs.next();
                ownerTimeout = rs.getLong(1);
            }
            pruneOn(writer, ownerTimeout);
            notifyWriterCommit();
        } finally {
            writeLock.unlock();
        }
    }

    private void pruneOn(Connection c, long busyTimeout) throws SQLException {
        try {
            Sql.exec(c, "PRAGMA busy_timeout = 0");
            ChangeCapture.prune(c, appliedSequence);
            prunedBelow = appliedSequence;
        } catch (SQLException e) {
            LOG.debug("pruning the change log skipped (SQLite is busy); it is tried again later: {}", e.getMessage());
        } finally {
            Sql.exec(c, "PRAGMA busy_timeout = " + busyTimeout);
        }
    }

    /**
     * Checkpoints DuckDB after a bulk apply: appended rows then leave the WAL for compressed row groups,
     * which scan faster and take less memory. A failure is logged; the data is safe in the WAL.
     */
    private void checkpoint() {
        DuckDBConnection duck = store.connection();
        try {
            duck.setAutoCommit(true);
            Sql.exec(duck, "CHECKPOINT");
        } catch (SQLException e) {
            LOG.warn("DuckDB checkpoint after a bulk apply failed (the data is in its WAL): {}", e.getMessage());
        } finally {
            try {
                duck.setAutoCommit(false);
            } catch (SQLException e) {
                LOG.warn("DuckDB replica connection could not return to manual commit: {}", e.getMessage());
            }
        }
    }

    private Batch readAndApplyChunk() throws SQLException {
        boolean outer = sqlite.getAutoCommit();
        sqlite.setAutoCommit(false); // one SQLite snapshot for the log and the rows it names
        try {
            Map<String, Long> sqliteMarks = ChangeCapture.highWaterMarks(sqlite); // in this snapshot
            Map<String, Set<Long>> changed = new LinkedHashMap<>();
            Map<String, Set<String>> changedKeys = new LinkedHashMap<>();
            long last = appliedSequence;
            int entries = 0;
            try (PreparedStatement ps = sqlite.prepareStatement(
                    "SELECT seq, tbl, rid, pk FROM " + ChangeCapture.LOG + " WHERE seq > ? ORDER BY seq LIMIT " + APPLY_CHUNK)) {
                ps.setLong(1, appliedSequence);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        entries++;
                        String key = rs.getString(4);
                        if (key != null) {
                            changedKeys.computeIfAbsent(rs.getString(2), k -> new LinkedHashSet<>()).add(key);
                        } else {
                            changed.computeIfAbsent(rs.getString(2), k -> new TreeSet<>()).add(rs.getLong(3));
                        }
                    }
                }
            }
            Map<String, long[]> scans = new LinkedHashMap<>(); // table -> {from (exclusive), to (inclusive)}
            boolean moreToScan = false;
            for (ReplicatedTable shape : replicated.values()) {
                if (shape.keyed()) {
                    continue;
                }
                long from = replicaMarks.getOrDefault(shape.name(), 0L);
                long mark = sqliteMarks.getOrDefault(shape.name(), from);
                if (mark > from) {
                    long to = Math.min(mark, from + APPLY_CHUNK);
                    scans.put(shape.name(), new long[] {from, to});
                    moreToScan |= to < mark;
                }
            }
            if (entries == 0 && scans.isEmpty()) {
                sqlite.commit();
                return null;
            }
            for (Map.Entry<String, Set<String>> e : changedKeys.entrySet()) {
                ReplicatedTable shape = replicated.get(e.getKey());
                if (shape != null && shape.keyed()) {
                    applyNamingTable(shape, () -> applyKeyedTable(shape, e.getValue()));
                }
            }
            for (Map.Entry<String, Set<Long>> e : changed.entrySet()) {
                ReplicatedTable shape = replicated.get(e.getKey());
                if (shape != null && !shape.keyed()) {
                    // rows above DuckDB's mark are covered by the scans (now or later), read in their current state
                    long covered = replicaMarks.getOrDefault(shape.name(), 0L);
                    Set<Long> logged = new TreeSet<>(e.getValue().stream().filter(id -> id <= covered).toList());
                    applyNamingTable(shape, () -> applyTable(shape, logged));
                }
            }
            long scanned = 0;
            for (Map.Entry<String, long[]> scan : scans.entrySet()) {
                ReplicatedTable shape = replicated.get(scan.getKey());
                long[] range = scan.getValue();
                long[] count = {0};
                applyNamingTable(shape, () -> count[0] = scanAppends(shape, range[0], range[1]));
                scanned += count[0];
            }
            if (entries > 0) {
                store.setAppliedSequence(last);
            }
            store.connection().commit();
            sqlite.commit();
            appliedSequence = last;
            for (Map.Entry<String, long[]> scan : scans.entrySet()) {
                replicaMarks.put(scan.getKey(), scan.getValue()[1]);
            }
            return new Batch(last, entries, scanned, moreToScan);
        } catch (SQLException e) {
            maxRowids.clear();
            rollbackQuietly(e);
            throw e instanceof ReplicaException ? e : new ReplicaException("applying changes to DuckDB failed: " + e.getMessage(), e);
        } finally {
            sqlite.setAutoCommit(outer);
        }
    }

    /**
     * Copies the rows of {@code (from, to]} as an upsert (range delete, then append) and records the
     * new high-water mark in the same DuckDB transaction; returns the rows copied.
     */
    private long scanAppends(ReplicatedTable shape, long from, long to) throws SQLException {
        String table = shape.name();
        // DuckDB holds rows above its mark only after a table's first copy (rows appended while it ran):
        // its largest rowid tells, read once and then kept as an upper bound, so a steady stream of
        // appends costs no delete
        Long known = maxRowids.get(table);
        long max = known != null ? known : store.maxRowid(table);
        if (max > from) {
            store.deleteRowidRange(table, from, to);
        }
        long copied;
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT " + shape.selectList(Sql.quote(table)) + " FROM " + Sql.quote(table)
                + " WHERE rowid > ? AND rowid <= ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            if (to - from >= READ_AHEAD_MIN_ROWS) {
                copied = copyRowsInBulk(shape, ps, count -> { });
            } else {
                try (ResultSet rs = ps.executeQuery()) {
                    copied = appendRows(shape, rs)[1];
                }
            }
        }
        store.setHighWaterMark(table, to);
        // every row copied here is at most `to` (a bound too high costs a needless delete; one too low would
        // duplicate rows, so the bound is dropped whenever DuckDB's table changes otherwise or a batch fails)
        maxRowids.put(table, Math.max(max, to));
        return copied;
    }

    /** One table's part of a batch. */
    @FunctionalInterface
    private interface TableApply {
        void run() throws SQLException;
    }

    /** Runs one table's part of a batch; a failure names the table, so the repair knows what to copy again. */
    private static void applyNamingTable(ReplicatedTable shape, TableApply apply) throws SQLException {
        try {
            apply.run();
        } catch (ReplicaException e) {
            throw e;
        } catch (SQLException e) {
            throw new ReplicaException("applying changes of table " + shape.name() + " to DuckDB failed: " + e.getMessage(),
                    shape.name(), e);
        }
    }

    private void applyTable(ReplicatedTable shape, Set<Long> rowids) throws SQLException {
        String table = shape.name();
        long max = maxRowids.containsKey(table) ? maxRowids.get(table) : store.maxRowid(table);
        List<Long> existing = new ArrayList<>();
        for (long id : rowids) {
            if (id <= max) {
                existing.add(id);
            }
        }
        for (int i = 0; i < existing.size(); i += READ_CHUNK) {
            store.deleteRowids(table, existing.subList(i, Math.min(existing.size(), i + READ_CHUNK)));
        }
        // Consecutive rowids (what bulk inserts produce) are read as ranges, in one sequential scan each;
        // the scattered rest by lookup, READ_CHUNK at a time.
        List<Long> scattered = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        long runStart = 0;
        long runEnd = -1;
        for (long id : rowids) { // sorted
            if (runEnd >= runStart && id == runEnd + 1) {
                runEnd = id;
                continue;
            }
            collect(runStart, runEnd, ranges, scattered);
            runStart = id;
            runEnd = id;
        }
        collect(runStart, runEnd, ranges, scattered);
        String columns = "SELECT " + shape.selectList(Sql.quote(table)) + " FROM " + Sql.quote(table);
        try (PreparedStatement ps = sqlite.prepareStatement(columns + " WHERE rowid BETWEEN ? AND ?")) {
            for (long[] range : ranges) {
                ps.setLong(1, range[0]);
                ps.setLong(2, range[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    max = Math.max(max, appendRows(shape, rs)[0]);
                }
            }
        }
        try (PreparedStatement ps = sqlite.prepareStatement(columns + " WHERE rowid IN (SELECT value FROM json_each(?))")) {
            for (int i = 0; i < scattered.size(); i += READ_CHUNK) {
                ps.setString(1, scattered.subList(i, Math.min(scattered.size(), i + READ_CHUNK)).toString());
                try (ResultSet rs = ps.executeQuery()) {
                    max = Math.max(max, appendRows(shape, rs)[0]);
                }
            }
        }
        maxRowids.put(table, max);
    }

    /**
     * Applies changes to a {@code WITHOUT ROWID} table: deletes the logged keys in DuckDB, then copies
     * the rows that still exist, found through the primary key's index with a row-value IN.
     */
    private void applyKeyedTable(ReplicatedTable shape, Set<String> keys) throws SQLException {
        List<String> all = new ArrayList<>(keys);
        StringBuilder match = new StringBuilder("(");
        StringBuilder extract = new StringBuilder();
        for (int k = 0; k < shape.keyColumns().size(); k++) {
            match.append(k == 0 ? "" : ", ").append(Sql.quote(shape.keyColumns().get(k)));
            extract.append(k == 0 ? "" : ", ").append("json_extract(value, '$[").append(k).append("]')");
        }
        match.append(")");
        String select = "SELECT " + shape.selectList(Sql.quote(shape.name()))
                + " FROM " + Sql.quote(shape.name()) + " WHERE " + match + " IN (SELECT " + extract + " FROM json_each(?))";
        try (PreparedStatement ps = sqlite.prepareStatement(select)) {
            for (int i = 0; i < all.size(); i += READ_CHUNK) {
                List<String> chunk = all.subList(i, Math.min(all.size(), i + READ_CHUNK));
                store.deleteKeys(shape.name(), chunk);
                ps.setString(1, "[" + String.join(",", chunk) + "]");
                try (ResultSet rs = ps.executeQuery()) {
                    appendRows(shape, rs);
                }
            }
        }
    }

    /** Files the run {@code [start, end]} as a range if it is long enough to be worth a scan. */
    private static void collect(long start, long end, List<long[]> ranges, List<Long> scattered) {
        if (end < start) {
            return;
        }
        if (end - start + 1 >= MIN_RANGE) {
            ranges.add(new long[] {start, end});
        } else {
            for (long id = start; id <= end; id++) {
                scattered.add(id);
            }
        }
    }

    /**
     * Appends {@code identity, columns...} rows to the replica (the identity is the rowid, or the key's
     * json_array text); returns the largest rowid appended (for rowid tables) and the count.
     */
    private long[] appendRows(ReplicatedTable shape, ResultSet rs) throws SQLException {
        long max = Long.MIN_VALUE;
        long count = 0;
        SqliteRowReader reader = SqliteRowReader.of(rs.getStatement(), shape, utf8);
        try (DuckDBAppender appender = store.appender(shape.name())) {
            while (rs.next()) {
                Object[] row = reader.read(rs);
                if (!shape.keyed()) {
                    max = Math.max(max, (Long) row[0]);
                }
                ValueConverter.appendRow(appender, shape, row);
                count++;
            }
        } catch (SQLException e) {
            throw namingTableOfBadValue(shape, e);
        }
        return new long[] {max, count};
    }

    /**
     * Copies many rows (a rowid table's scan of appended rows, a table's first copy) with the SQLite read
     * on a second thread ({@link ReadAhead}) and DuckDB's writes staged ({@link StagedAppender}); returns
     * the count. {@code progress} hears the rows copied so far, every {@value StagedAppender#STAGE_ROWS}.
     */
    private long copyRowsInBulk(ReplicatedTable shape, PreparedStatement scan, LongConsumer progress) throws SQLException {
        String reader = Thread.currentThread().getName() + " read-ahead";
        try (StagedAppender staged = new StagedAppender(store.connection(), shape, progress)) {
            ReadAhead.run(scan, SqliteRowReader.of(scan, shape, utf8)::read, staged::append, reader);
            return staged.finish();
        } catch (SQLException e) {
            throw namingTableOfBadValue(shape, e);
        }
    }

    /** A value DuckDB cannot hold (SQLSTATE 22018) is the named table's failure, for the repair to copy it again. */
    private static SQLException namingTableOfBadValue(ReplicatedTable shape, SQLException e) {
        return e.getSQLState() != null && e.getSQLState().equals("22018") ? new ReplicaException(e.getMessage(), shape.name(), e)
                : e;
    }

    private void rollbackQuietly(SQLException cause) {
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

    // ---------------------------------------------------------------- worker

    /**
     * Starts the apply worker, a daemon thread named {@code threadName}. Idempotent.
     */
    public synchronized void start(String threadName) {
        if (worker != null) {
            return;
        }
        running = true;
        Thread t = new Thread(this::runWorker, threadName);
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    /**
     * Tells the worker that a write committed. Cheap; call after every commit. Under a steady stream of
     * commits the worker gathers them for up to {@value #GATHER_MILLIS} ms per batch, unless a reader is
     * waiting for them ({@link #awaitApplied}), which it serves at once.
     */
    public void committed() {
        if (pendingSinceNanos.get() == 0) {
            pendingSinceNanos.compareAndSet(0, System.nanoTime());
        }
        if (signalled) {
            return; // already on its way: no lock, no wake-up on the writer's hot path
        }
        synchronized (wake) {
            signalled = true;
            if (idleWaiting) {
                wake.notifyAll();
            }
        }
    }

    private void wakeUrgently() {
        synchronized (wake) {
            signalled = true;
            urgent = true;
            wake.notifyAll();
        }
    }

    /** Sets what to run when the set of replicated tables changes (e.g. to re-route). Exceptions are logged. */
    public void onTablesChanged(Runnable listener) {
        this.onTablesChanged = listener == null ? () -> { } : listener;
    }

    /**
     * Sets what to run on the worker after it applied changes (e.g. to re-read table sizes, so routing
     * follows other programs' writes). Exceptions are logged.
     */
    public void onApplied(Runnable listener) {
        this.onApplied = listener == null ? () -> { } : listener;
    }

    private void fireTablesChanged() {
        try {
            onTablesChanged.run();
        } catch (RuntimeException e) {
            LOG.warn("a tables-changed listener failed; the replica goes on", e);
        }
    }

    private void runWorker() {
        while (running) {
            try {
                if (corruption != null) {
                    rebuildAfterCorruption();
                }
                if (needsCatchUp) {
                    reconcile();
                    apply();
                    checkAfterOpen();
                    needsCatchUp = false;
                } else if (schemaChangedElsewhere()) {
                    reconcile();
                }
                long before = appliedWork;
                apply();
                if (consecutiveFailures > 0) {
                    LOG.info("DuckDB replica recovered after {} failed attempts", consecutiveFailures);
                }
                consecutiveFailures = 0;
                failure = null;
                if (markCaughtUpIfIdle()) {
                    pruneWhenIdle();
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
                if (appliedWork != before) {
                    try {
                        onApplied.run();
                    } catch (RuntimeException e) {
                        LOG.warn("an applied-changes listener failed; the replica goes on", e);
                    }
                    gather();
                }
                awaitSignal(IDLE_POLL_MILLIS);
            } catch (SQLException e) {
                rollbackQuietly(e); // a failed statement leaves DuckDB's transaction aborted: nothing else would run on it
                if (!running) {
                    // close() interrupted the batch: nothing of it was committed, and the log keeps it for the next open
                    LOG.debug("the replica worker stopped during a batch: {}", e.getMessage());
                    break;
                }
                if (isCorruption(e) && corruption == null) {
                    corruption = e; // copied again at once: retrying reads the same corrupt block
                    continue;
                }
                failure = e;
                consecutiveFailures++;
                LOG.warn("applying to the DuckDB replica failed (attempt {}): {}", consecutiveFailures, e.getMessage());
                synchronized (progress) {
                    progress.notifyAll();
                }
                if (consecutiveFailures % REPAIR_AFTER == 0) {
                    repair(e);
                }
                pause(Math.min(MAX_BACKOFF_MILLIS, 10L << Math.min(20, consecutiveFailures)));
            } catch (RuntimeException e) {
                failure = new SQLException("the replica worker failed unexpectedly: " + e, e);
                consecutiveFailures++;
                LOG.error("the replica worker failed unexpectedly", e);
                pause(MAX_BACKOFF_MILLIS);
            }
        }
    }

    /**
     * The cheap check after open (counts and largest rowid of every table, {@link #verify}): a replica
     * ahead of SQLite, as after a lost WAL tail that held only appends, passes the sequence check at
     * open but not this one, and the table is copied again.
     */
    private void checkAfterOpen() throws SQLException {
        VerifyReport report = verify(false);
        if (!report.consistent()) {
            LOG.warn("the replica differed from SQLite after open; tables copied again: {}", report.tables().stream()
                    .filter(VerifyReport.TableCheck::repaired).map(VerifyReport.TableCheck::table).toList());
        }
    }

    private synchronized boolean schemaChangedElsewhere() throws SQLException {
        return schemaVersion() != schemaVersion;
    }

    /** Records that the replica is caught up, if it is; returns whether it is. */
    private boolean markCaughtUpIfIdle() throws SQLException {
        long now = System.nanoTime();
        long since = pendingSinceNanos.get();
        if (lastCommittedOnOwnConnection() <= appliedSequence && tablesWithAppends().isEmpty() && scansDone()) {
            caughtUpAtNanos = now; // everything committed before `now` is applied
            if (since != 0) {
                pendingSinceNanos.compareAndSet(since, 0);
            }
            return true;
        }
        return false;
    }

    private synchronized void pruneWhenIdle() throws SQLException {
        pruneIfDue(false);
    }

    private synchronized boolean scansDone() throws SQLException {
        Map<String, Long> marks = ChangeCapture.highWaterMarks(sqlite);
        if (!sqlite.getAutoCommit()) {
            sqlite.commit();
        }
        for (ReplicatedTable shape : replicated.values()) {
            if (!shape.keyed() && replicaMarks.getOrDefault(shape.name(), 0L) < marks.getOrDefault(shape.name(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /** Prunes the applied part of the log now (without waiting for SQLite's write lock). */
    synchronized void prune() throws SQLException {
        pruneIfDue(true);
    }

    /**
     * When the worker last saw DuckDB holding every change committed before that moment
     * ({@link System#nanoTime()}), or 0 if not yet: a read allowing staleness {@code d} needs no wait
     * while {@code nanoTime() - caughtUpAtNanos() <= d}.
     */
    public long caughtUpAtNanos() {
        return needsCatchUp ? 0 : caughtUpAtNanos;
    }

    private synchronized long lastCommittedOnOwnConnection() throws SQLException {
        return ChangeCapture.lastIssuedSequence(sqlite);
    }

    // ---------------------------------------------------------------- verification

    /** Attempts at a consistent view of a table that another program keeps writing. */
    private static final int VERIFY_ATTEMPTS = 5;

    /**
     * Compares every replicated table on both engines, each in one consistent view (SQLite's snapshot and
     * DuckDB's state at the same applied sequence), and copies again from SQLite every table that
     * differs. {@code deep}: a checksum of every row; otherwise row counts and the largest rowid, the
     * cheap check made after open (a replica ahead of SQLite after a lost WAL tail shows there).
     *
     * @throws SQLException if an engine fails
     */
    public VerifyReport verify(boolean deep) throws SQLException {
        long start = System.nanoTime();
        List<VerifyReport.TableCheck> checks = new ArrayList<>();
        for (String table : replicatedTables()) {
            VerifyReport.TableCheck check = checkTable(table, deep);
            if (check != null) {
                checks.add(check);
            }
        }
        return new VerifyReport(checks, Duration.ofNanos(System.nanoTime() - start));
    }

    private VerifyReport.TableCheck checkTable(String table, boolean deep) throws SQLException {
        String problem = null;
        for (int attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
            try {
                writeLock.lockInterruptibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while verifying the replica", e);
            }
            boolean locked = true;
            try {
                raiseHighWaterMarks(); // writes of this process stop while the lock is held: catch up with all of them
                synchronized (this) {
                    ReplicatedTable shape = replicated.get(table);
                    if (shape == null) {
                        return null; // dropped meanwhile
                    }
                    applyPending();
                    boolean outer = sqlite.getAutoCommit();
                    sqlite.setAutoCommit(false);
                    TableVerifier.Side inSqlite;
                    TableVerifier.Side inReplica;
                    try {
                        long issued = ChangeCapture.lastIssuedSequence(sqlite); // the snapshot begins with this read
                        long mark = shape.keyed() ? 0 : ChangeCapture.highWaterMarks(sqlite).getOrDefault(table, 0L);
                        writeLock.unlock(); // the snapshot holds still: writers go on
                        locked = false;
                        inSqlite = new TableVerifier(sqlite, store.connection(), utf8).sqlite(shape, deep);
                        inReplica = new TableVerifier(sqlite, store.connection(), utf8).replica(shape, deep);
                        boolean quiet = issued == appliedSequence && (shape.keyed()
                                || (inSqlite.maxRowid() <= mark && replicaMarks.getOrDefault(table, 0L) >= mark));
                        if (!quiet) {
                            problem = "another program wrote to SQLite while the table was compared";
                            continue;
                        }
                    } finally {
                        sqlite.commit();
                        store.connection().commit();
                        sqlite.setAutoCommit(outer);
                    }
                    boolean matched = inSqlite.equals(inReplica);
                    if (!matched) {
                        LOG.warn("replica of table {} differs from SQLite ({} rows there, {} in DuckDB{}); copying it again",
                                table, inSqlite.rows(), inReplica.rows(), deep ? ", or checksums differ" : "");
                        recopy(shape);
                    }
                    return new VerifyReport.TableCheck(table, inSqlite.rows(), inReplica.rows(), matched, !matched, Optional.empty());
                }
            } finally {
                if (locked) {
                    writeLock.unlock();
                }
            }
        }
        return new VerifyReport.TableCheck(table, -1, -1, false, false, Optional.of(problem + " (" + VERIFY_ATTEMPTS + " attempts)"));
    }

    /** Copies a table again from SQLite, reporting progress as a rebuild. */
    private void recopy(ReplicatedTable shape) throws SQLException {
        try {
            rebuilding = "table " + shape.name() + " copied again";
            copyTable(ChangeCapture.describe(sqlite, shape.name()),
                    copied -> rebuilding = "table " + shape.name() + " copied again, " + copied + " rows so far");
        } finally {
            rebuilding = null;
        }
        fireTablesChanged();
    }

    // ---------------------------------------------------------------- corruption

    /** The SQLite meta key that tells the next open to move the DuckDB file aside: copying within it failed. */
    private static final String UNREADABLE = "replica_unreadable";

    /**
     * Whether DuckDB's error says its file is damaged (a block whose checksum does not match, or an
     * internal error that invalidated the instance), as opposed to a problem with one statement.
     */
    public static boolean isCorruption(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Data Corruption Error") || m.contains("Corrupt database file") || m.contains("INTERNAL Error")
                    || m.contains("database has been invalidated")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a previous process found the DuckDB file damaged beyond repair in place: the owner then
     * moves the file aside before opening it, and the replica is rebuilt in a new one.
     */
    public static boolean markedUnreadable(Connection sqlite) throws SQLException {
        ChangeCapture.ensureLog(sqlite);
        return ChangeCapture.meta(sqlite, UNREADABLE).isPresent();
    }

    /**
     * Tells the replica that a read found DuckDB's file damaged: the worker copies every table again,
     * and reads of a table go to SQLite until its copy is complete.
     */
    public void corruptionSeen(SQLException e) {
        if (isCorruption(e) && corruption == null) {
            corruption = e;
            wakeUrgently();
        }
    }

    /**
     * Drops every replica and copies every table again: dropped tables free their blocks, the damaged one
     * with them. If DuckDB fails again, the file is marked for the next open to move aside; reads stay on
     * SQLite meanwhile (no table is replicated).
     */
    private synchronized void rebuildAfterCorruption() throws SQLException {
        SQLException seen = corruption;
        LOG.error("DuckDB reports a damaged replica file ({}); copying every table again from SQLite, reads go to SQLite"
                + " meanwhile", seen.getMessage());
        rebuilding = "copying every table again: DuckDB reported a damaged file";
        try {
            rollbackQuietly(seen);
            for (String table : new ArrayList<>(replicated.keySet())) {
                replicated.remove(table);
                notReplicated.put(table, "its replica is being copied again: DuckDB reported a damaged file");
            }
            fireTablesChanged();
            for (String table : store.tables()) {
                store.drop(table);
            }
            store.connection().commit();
            for (String table : ChangeCapture.replicatedSignatures(sqlite).keySet()) {
                ChangeCapture.deleteMeta(sqlite, ChangeCapture.SIGNATURE_KEY + table);
            }
            replicaMarks.clear();
            maxRowids.clear();
            corruption = null;
            reconcile();
            LOG.info("the replica was copied again after DuckDB reported a damaged file");
        } catch (SQLException again) {
            corruption = null;
            ChangeCapture.putMeta(sqlite, UNREADABLE, String.valueOf(again.getMessage()));
            for (String table : ChangeCapture.userTables(sqlite)) {
                replicated.remove(table);
                notReplicated.put(table, "the DuckDB file is damaged; it is moved aside and rebuilt at the next open");
            }
            fireTablesChanged();
            throw new ReplicaException("the DuckDB file is damaged and could not be repaired in place (" + again.getMessage()
                    + "); reads go to SQLite, and the next open rebuilds the replica in a new file", again);
        } finally {
            rebuilding = null;
        }
    }

    /** Copies the failing table again from SQLite, or reconciles everything if no table is named. */
    private synchronized void repair(SQLException e) {
        Optional<String> table = e instanceof ReplicaException re ? re.table() : Optional.empty();
        try {
            if (table.isPresent() && replicated.containsKey(table.get())) {
                LOG.warn("copying table {} again from SQLite to repair the replica", table.get());
                recopy(replicated.get(table.get()));
            } else {
                reconcile();
            }
        } catch (SQLException repairFailure) {
            e.addSuppressed(repairFailure);
        }
    }

    private void awaitSignal(long millis) {
        synchronized (wake) {
            if (!signalled && running) {
                idleWaiting = true;
                try {
                    wake.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                } finally {
                    idleWaiting = false;
                }
            }
            signalled = false;
            urgent = false;
        }
    }

    /** Lets commits accumulate for up to {@link #GATHER_MILLIS}, unless a reader waits. */
    private void gather() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
        synchronized (wake) {
            long left;
            while (!urgent && running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis); // backoff between failed attempts; close() interrupts it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Waits until DuckDB has applied every change up to {@code sequence}.
     *
     * @throws ReplicaException at once if the replica is failing (retries and the repair exhausted), with the cause
     * @throws SQLTimeoutException if it has not caught up within {@code timeout}
     */
    public void awaitApplied(long sequence, Duration timeout) throws SQLException {
        awaitApplied(sequence, Map.of(), timeout);
    }

    /**
     * Waits until DuckDB has applied every change up to {@code sequence} and, for each table in
     * {@code rowTargets}, every row up to the given rowid (appends are not logged; see
     * {@link #rowTargets}).
     *
     * @throws ReplicaException at once if the replica is failing (retries and the repair exhausted), with the cause
     * @throws SQLTimeoutException if it has not caught up within {@code timeout}
     */
    public void awaitApplied(long sequence, Map<String, Long> rowTargets, Duration timeout) throws SQLException {
        if (appliedSequence >= sequence && !needsCatchUp && rowsReached(rowTargets)) {
            return;
        }
        wakeUrgently();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (appliedSequence < sequence || needsCatchUp || !rowsReached(rowTargets)) {
                SQLException f = failure;
                if (f != null && consecutiveFailures > REPAIR_AFTER) { // retried, repaired, still failing
                    throw new ReplicaException("the DuckDB replica cannot apply changes (" + consecutiveFailures
                            + " attempts failed): " + f.getMessage(), f instanceof ReplicaException re ? re.table().orElse(null) : null, f);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SQLTimeoutException("the DuckDB replica did not catch up within " + timeout.toMillis()
                            + " ms: it applied changes up to " + appliedSequence + " of " + sequence
                            + (needsCatchUp ? " and is still replicating tables (" + rebuilding + ")" : "")
                            + (f == null ? "" : "; last error: " + f.getMessage()), "HYT00");
                }
                if (worker == null) {
                    throw new SQLTimeoutException("the DuckDB replica has no worker running (start() was not called)"
                            + " and is at " + appliedSequence + " of " + sequence, "HYT00");
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLTimeoutException("interrupted while waiting for the DuckDB replica", "HYT00", e);
                }
            }
        }
    }

    private boolean rowsReached(Map<String, Long> rowTargets) {
        for (Map.Entry<String, Long> target : rowTargets.entrySet()) {
            ReplicatedTable shape = replicated.get(target.getKey());
            if (shape != null && !shape.keyed() && replicaMarks.getOrDefault(target.getKey(), 0L) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a read of {@code tables} must wait for besides the log: each replicated rowid table's largest
     * rowid now, read on {@code connection} (any connection to the database, e.g. a pooled reader).
     * Tables that are not replicated rowid tables are left out.
     */
    public Map<String, Long> rowTargets(Connection connection, java.util.Collection<String> tables) throws SQLException {
        Map<String, Long> targets = new HashMap<>();
        for (String table : tables) {
            ReplicatedTable shape = replicated.get(table);
            if (shape != null && !shape.keyed()) {
                targets.put(table, ChangeCapture.maxRowid(connection, table));
            }
        }
        return targets;
    }

    /**
     * The sequence number of the last change committed in SQLite, read on {@code connection} (any
     * connection to the database, e.g. a pooled reader). A read that must see everything committed
     * before it waits for this number with {@link #awaitApplied}.
     */
    public static long lastCommittedSequence(Connection connection) throws SQLException {
        return ChangeCapture.lastIssuedSequence(connection);
    }

    /** The SQL that {@link #lastCommittedSequence} runs, for callers that cache prepared statements. */
    public static String lastCommittedSequenceSql() {
        return "SELECT coalesce(max(seq), 0) FROM " + ChangeCapture.LOG;
    }

    /**
     * The replica's state; {@code lastCommitted} is {@link #lastCommittedSequence} read by the caller.
     */
    public SyncStatus status(long lastCommitted) {
        return status(lastCommitted, Map.of());
    }

    /**
     * The replica's state; {@code lastCommitted} and {@code rowTargets} as {@link #lastCommittedSequence}
     * and {@link #rowTargets} read by the caller (appended rows not yet applied count as pending).
     */
    public SyncStatus status(long lastCommitted, Map<String, Long> rowTargets) {
        long applied = appliedSequence;
        long pending = Math.max(0, lastCommitted - applied);
        for (Map.Entry<String, Long> target : rowTargets.entrySet()) {
            if (replicated.containsKey(target.getKey())) {
                pending += Math.max(0, target.getValue() - replicaMarks.getOrDefault(target.getKey(), 0L));
            }
        }
        long since = pendingSinceNanos.get();
        Duration lag = pending == 0 || since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
        SQLException f = failure;
        String rebuild = rebuilding != null ? rebuilding : needsCatchUp ? "catching up with SQLite after open" : null;
        return new SyncStatus(applied, lastCommitted, pending, lag, Optional.ofNullable(f).map(SQLException::getMessage),
                consecutiveFailures, Optional.ofNullable(rebuild));
    }

    /**
     * Drops {@code table}'s capture triggers on {@code connection}, inside the caller's transaction.
     * Needed before {@code ALTER TABLE ... DROP COLUMN}, which SQLite refuses while a trigger names the
     * column. Run it in the same transaction as the ALTER, then {@link #reconcile()}: the table is
     * replicated afresh (triggers first, then a full copy), so nothing written in between is missed.
     */
    public static void dropCaptureTriggers(Connection connection, String table) throws SQLException {
        ChangeCapture.dropTriggers(connection, table);
    }

    // ---------------------------------------------------------------- state

    /** Whether {@code table} has an up-to-date replica in DuckDB. */
    public boolean isReplicated(String table) {
        return replicated.containsKey(table);
    }

    /** The tables replicated in DuckDB. */
    public Set<String> replicatedTables() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(replicated.keySet()));
    }

    /** Why {@code table} is not replicated, if it is a table SQLite has and the replica left out. */
    public Optional<String> whyNotReplicated(String table) {
        return Optional.ofNullable(notReplicated.get(table));
    }

    /** The sequence number of the last change DuckDB has applied. */
    public long appliedSequence() {
        return appliedSequence;
    }

    /** The id that ties the DuckDB file to its SQLite database. */
    public String replicaId() {
        return replicaId;
    }

    /** Stops the worker (waiting for its batch to finish) and closes this replica's SQLite connection. */
    @Override
    public void close() throws SQLException {
        Thread t = worker;
        running = false;
        if (t != null) {
            synchronized (wake) {
                wake.notifyAll();
            }
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            sqlite.close();
        }
    }

    private record Batch(long lastSequence, int entries, long scanned, boolean moreToScan) {}
}
