package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies SQLite's change log to the replica. A batch reads the log and the rows it names in one SQLite
 * snapshot (consecutive rowids as ranges, the rest by lookup), deletes those rows from DuckDB, appends
 * their current state, and records the last applied sequence in the same DuckDB transaction: a crash at
 * any point neither loses nor doubles a change. Per table a batch costs one delete and one appender,
 * and per batch one progress update and the commit: DuckDB charges per statement, not per row. Appends
 * above a rowid table's high-water mark are not logged; they are found by scanning from DuckDB's mark to
 * SQLite's (docs/consistency.md, "Appends").
 * The applied part of the log is pruned at most once a second, never waiting for SQLite's write lock.
 */
final class ChangeApplier {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /** Log entries applied per DuckDB transaction. */
    static final int APPLY_CHUNK = 245_760; // two DuckDB row groups
    /** Changes applied in one call after which DuckDB is checkpointed at once. */
    static final int BULK_CHECKPOINT_AFTER = 100_000;
    /**
     * Changes applied since the last checkpoint after which an idle worker checkpoints DuckDB
     * ({@link #checkpointIfDue}): deleted old versions and appended rows that only DuckDB's WAL holds make
     * every scan check them (after 100,000 updates of a 200,000-row table the mixed workload's report took
     * 4.8 ms instead of 2.5; with 10,000 updates and appends since the last checkpoint, 3.0 ms;
     * docs/benchmarks-log.md).
     */
    static final int CHECKPOINT_AFTER = 20_000;
    /** Consecutive rowids from which a range scan replaces lookups. */
    private static final int MIN_RANGE = 32;
    /** Rowids read from SQLite per query while applying. */
    private static final int READ_CHUNK = 2_000;
    /** Scans of appended rows at least this long read SQLite on a second thread while DuckDB appends. */
    static final int READ_AHEAD_MIN_ROWS = 20_000;
    /** How often the applied part of the log is pruned while changes keep coming. */
    static final long PRUNE_EVERY_MILLIS = 1_000;

    private final ReplicaState state;
    private final RowCopier copier;
    private long lastPruneNanos; // under the lock
    private long prunedBelow; // under the lock
    /** Changes applied since DuckDB's last checkpoint (under the lock). */
    private long appliedSinceCheckpoint;

    ChangeApplier(ReplicaState state, RowCopier copier) {
        this.state = state;
        this.copier = copier;
    }

    /**
     * Applies every logged change and every scanned append, in transactions of at most {@value #APPLY_CHUNK}
     * changes: raises SQLite's high-water marks first (on the owner's writer), then applies under the lock.
     *
     * @return the sequence number DuckDB has applied up to
     * @throws ReplicaException naming the table and row when DuckDB cannot take a change; nothing of
     *     that batch is applied and the log keeps it
     */
    long apply() throws SQLException {
        raiseHighWaterMarks();
        return state.locked(this::applyPending);
    }

    /**
     * Raises the SQLite high-water mark of every replicated rowid table that has rows above it, so that
     * the next apply scans them: a write on the owner's writer, under its lock, then this replica's.
     */
    void raiseHighWaterMarks() throws SQLException {
        List<String> behind = state.locked(this::tablesWithAppends);
        if (behind.isEmpty()) {
            return;
        }
        state.host.write(writer -> state.locked(() -> {
            boolean outer = writer.getAutoCommit();
            writer.setAutoCommit(false);
            try {
                for (String table : behind) {
                    if (state.replicated.containsKey(table)) {
                        ChangeCapture.raiseHighWaterMark(writer, table);
                    }
                }
                writer.commit();
            } catch (SQLException e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(outer);
            }
            return null;
        }));
    }

    /** Replicated rowid tables whose largest rowid is above their SQLite high-water mark (reads only; under the lock). */
    List<String> tablesWithAppends() throws SQLException {
        Map<String, Long> marks = ChangeCapture.highWaterMarks(state.sqlite);
        List<String> behind = new ArrayList<>();
        for (ReplicatedTable shape : state.replicated.values()) {
            Long mark = marks.get(shape.name()); // none yet: behind, so that one is made
            if (!shape.keyed() && (mark == null || ChangeCapture.maxRowid(state.sqlite, shape.name()) > mark)) {
                behind.add(shape.name());
            }
        }
        if (!state.sqlite.getAutoCommit()) {
            state.sqlite.commit();
        }
        return behind;
    }

    /** Whether DuckDB's marks have reached SQLite's for every replicated rowid table (under the lock). */
    boolean scansDone() throws SQLException {
        Map<String, Long> marks = ChangeCapture.highWaterMarks(state.sqlite);
        if (!state.sqlite.getAutoCommit()) {
            state.sqlite.commit();
        }
        for (ReplicatedTable shape : state.replicated.values()) {
            if (!shape.keyed() && state.replicaMarks.getOrDefault(shape.name(), 0L) < marks.getOrDefault(shape.name(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /** Applies batches until nothing is pending (under the lock). */
    long applyPending() throws SQLException {
        long entries = 0;
        try {
            while (true) {
                Batch batch = readAndApplyChunk();
                if (batch == null) {
                    return state.appliedSequence;
                }
                entries += batch.entries + batch.scanned;
                state.appliedWork += batch.entries + batch.scanned;
                pruneIfDue(batch.entries >= APPLY_CHUNK);
                state.progressed();
                if (batch.entries < APPLY_CHUNK && !batch.moreToScan) {
                    return state.appliedSequence;
                }
            }
        } finally {
            appliedSinceCheckpoint += entries;
            if (entries >= BULK_CHECKPOINT_AFTER) {
                checkpoint();
            }
        }
    }

    /**
     * Prunes the applied part of the log, at most every {@value #PRUNE_EVERY_MILLIS} ms unless
     * {@code now}, and only if the owner's write lock is free ({@link ReplicaHost#tryWrite}, which never
     * waits, so it may run under this replica's lock): a writer is never made to wait behind housekeeping,
     * nor this worker behind a writer (SQLite's busy handler sleeps in steps of up to 100 ms). A skipped
     * prune costs nothing: applied entries are never read again.
     */
    void pruneIfDue(boolean now) throws SQLException {
        long t = System.nanoTime();
        if (state.appliedSequence <= prunedBelow) {
            return; // nothing to prune: no write transaction, no lock taken
        }
        if (!now && t - lastPruneNanos < TimeUnit.MILLISECONDS.toNanos(PRUNE_EVERY_MILLIS)) {
            return;
        }
        lastPruneNanos = t;
        long upTo = state.appliedSequence;
        Optional<Boolean> pruned = state.host.tryWrite(writer -> {
            long busyTimeout;
            try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("PRAGMA busy_timeout")) {
                rs.next();
                busyTimeout = rs.getLong(1);
            }
            try {
                Sql.exec(writer, "PRAGMA busy_timeout = 0");
                ChangeCapture.prune(writer, upTo);
                return true;
            } catch (SQLException e) {
                LOG.debug("pruning the change log skipped (SQLite is busy); it is tried again later: {}", e.getMessage());
                return false;
            } finally {
                Sql.exec(writer, "PRAGMA busy_timeout = " + busyTimeout);
            }
        });
        if (pruned.orElse(false)) {
            prunedBelow = upTo;
        }
    }

    /**
     * Checkpoints DuckDB if {@value #CHECKPOINT_AFTER} changes or more were applied since the last checkpoint;
     * the worker calls it only when it has caught up (under the lock). Never under a stream of commits: a
     * checkpoint holds back DuckDB's writes while it runs (30-90 ms under the mixed load), so every fresh
     * read and every change would wait for it; measured, checkpoints every 20,000 changes under the stream
     * raised the freshness lag's p99 from 84-92 ms to 145-223 ms (docs/benchmarks-log.md). A stream that
     * never pauses is checkpointed by DuckDB itself once its WAL reaches {@code checkpoint_threshold}.
     */
    void checkpointIfDue() {
        if (appliedSinceCheckpoint >= CHECKPOINT_AFTER) {
            checkpoint();
        }
    }

    /**
     * Checkpoints DuckDB: appended rows leave the WAL for compressed row groups and deleted versions are
     * dropped, so scans stay as fast as on a fresh copy. A refusal (DuckDB refuses while another
     * connection's write transaction is open) is logged at debug level; the data is safe in the WAL, and the
     * next call tries again.
     */
    private void checkpoint() {
        DuckDBConnection duck = state.store.connection();
        try {
            duck.setAutoCommit(true);
            Sql.exec(duck, "CHECKPOINT");
            appliedSinceCheckpoint = 0;
        } catch (SQLException e) {
            LOG.debug("DuckDB checkpoint refused (the data is in its WAL; tried again later): {}", e.getMessage());
        } finally {
            try {
                duck.setAutoCommit(false);
            } catch (SQLException e) {
                LOG.warn("DuckDB replica connection could not return to manual commit: {}", e.getMessage());
            }
        }
    }

    private Batch readAndApplyChunk() throws SQLException {
        boolean outer = state.sqlite.getAutoCommit();
        state.sqlite.setAutoCommit(false); // one SQLite snapshot for the log and the rows it names
        try {
            Map<String, Long> sqliteMarks = ChangeCapture.highWaterMarks(state.sqlite); // in this snapshot
            Map<String, Set<Long>> changed = new LinkedHashMap<>();
            Map<String, Set<String>> changedKeys = new LinkedHashMap<>();
            long last = state.appliedSequence;
            int entries = 0;
            try (PreparedStatement ps = state.sqlite.prepareStatement(
                    "SELECT seq, tbl, rid, pk FROM " + ChangeCapture.LOG + " WHERE seq > ? ORDER BY seq LIMIT " + APPLY_CHUNK)) {
                ps.setLong(1, state.appliedSequence);
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
            for (ReplicatedTable shape : state.replicated.values()) {
                if (shape.keyed()) {
                    continue;
                }
                long from = state.replicaMarks.getOrDefault(shape.name(), 0L);
                long mark = sqliteMarks.getOrDefault(shape.name(), from);
                if (mark > from) {
                    long to = Math.min(mark, from + APPLY_CHUNK);
                    scans.put(shape.name(), new long[] {from, to});
                    moreToScan |= to < mark;
                }
            }
            if (entries == 0 && scans.isEmpty()) {
                state.sqlite.commit();
                return null;
            }
            for (Map.Entry<String, Set<String>> e : changedKeys.entrySet()) {
                ReplicatedTable shape = state.replicated.get(e.getKey());
                if (shape != null && shape.keyed()) {
                    applyNamingTable(shape, () -> applyKeyedTable(shape, e.getValue()));
                }
            }
            long scanned = 0;
            Map<String, Long> marks = new LinkedHashMap<>();
            for (ReplicatedTable shape : state.replicated.values()) {
                Set<Long> loggedIds = changed.get(shape.name());
                long[] range = scans.get(shape.name());
                if (shape.keyed() || (loggedIds == null && range == null)) {
                    continue;
                }
                // rows above DuckDB's mark are covered by the scans (now or later), read in their current state
                long covered = state.replicaMarks.getOrDefault(shape.name(), 0L);
                Set<Long> logged = loggedIds == null ? Set.of() : ((TreeSet<Long>) loggedIds).headSet(covered, true);
                long[] count = {0};
                applyNamingTable(shape, () -> count[0] = applyRowidTable(shape, logged, range));
                scanned += count[0];
                if (range != null) {
                    marks.put(shape.name(), range[1]);
                }
            }
            state.store.recordProgress(entries > 0 ? last : null, marks);
            state.store.connection().commit();
            state.sqlite.commit();
            state.appliedSequence = last;
            state.replicaMarks.putAll(marks);
            return new Batch(last, entries, scanned, moreToScan);
        } catch (SQLException e) {
            state.maxRowids.clear();
            state.rollbackQuietly(e);
            throw e instanceof ReplicaException ? e : new ReplicaException("applying changes to DuckDB failed: " + e.getMessage(), e);
        } finally {
            state.sqlite.setAutoCommit(outer);
        }
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

    /**
     * Applies one rowid table's part of a batch in as few DuckDB statements as it takes: the old versions
     * of the logged rows (and, after a first copy, of the scanned range) deleted, then one appender for
     * the logged rows' current state and the rows appended in {@code scan} ({@code (from, to]}, null for
     * none). DuckDB's cost is per statement far more than per row (a small batch: about 0.5 ms for each
     * delete, appender and update, docs/benchmarks-log.md), so a batch costs a delete and an appender per
     * table, whatever mix of updates and appends it holds. Returns the rows scanned.
     */
    private long applyRowidTable(ReplicatedTable shape, Set<Long> logged, long[] scan) throws SQLException {
        String table = shape.name();
        Long known = state.maxRowids.get(table);
        long max = known != null ? known : state.store.maxRowid(table);
        List<Long> existing = new ArrayList<>();
        for (long id : logged) {
            if (id <= max) {
                existing.add(id);
            }
        }
        for (int i = 0; i < existing.size(); i += READ_CHUNK) {
            state.store.deleteRowids(table, existing.subList(i, Math.min(existing.size(), i + READ_CHUNK)));
        }
        // DuckDB holds rows above its mark only after a table's first copy (rows appended while it ran):
        // its largest rowid tells, read once and then kept as an upper bound, so a steady stream of
        // appends costs no delete
        if (scan != null && max > scan[0]) {
            state.store.deleteRowidRange(table, scan[0], scan[1]);
        }
        String columns = "SELECT " + shape.selectList(Sql.quote(table)) + " FROM " + Sql.quote(table);
        long scanned = 0;
        boolean bulk = scan != null && scan[1] - scan[0] >= READ_AHEAD_MIN_ROWS;
        try (RowCopier.Batch rows = copier.batch(shape)) {
            appendLogged(rows, columns, logged);
            if (scan != null && !bulk) {
                scanned = rows.appendRange(state.sqlite, columns, scan[0] + 1, scan[1]); // scan[1] > scan[0]: no overflow
            }
            max = Math.max(max, rows.maxRowid());
        }
        if (bulk) {
            try (PreparedStatement ps = state.sqlite.prepareStatement(columns + " WHERE rowid > ? AND rowid <= ?")) {
                ps.setLong(1, scan[0]);
                ps.setLong(2, scan[1]);
                scanned = copier.appendInBulk(shape, ps, count -> { });
            }
        }
        if (scan != null) {
            // every row copied here is at most `to` (a bound too high costs a needless delete; one too low would
            // duplicate rows, so the bound is dropped whenever DuckDB's table changes otherwise or a batch fails)
            max = Math.max(max, scan[1]);
        }
        state.maxRowids.put(table, max);
        return scanned;
    }

    /**
     * Appends the current state of the logged rows: consecutive rowids (what bulk inserts produce) read as
     * ranges, in one sequential scan each; the scattered rest by lookup, {@value #READ_CHUNK} at a time.
     */
    private void appendLogged(RowCopier.Batch rows, String columns, Set<Long> rowids) throws SQLException {
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
        for (long[] range : ranges) {
            rows.appendRange(state.sqlite, columns, range[0], range[1]);
        }
        if (scattered.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = state.sqlite.prepareStatement(columns + " WHERE rowid IN (SELECT value FROM json_each(?))")) {
            for (int i = 0; i < scattered.size(); i += READ_CHUNK) {
                ps.setString(1, scattered.subList(i, Math.min(scattered.size(), i + READ_CHUNK)).toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rows.append(rs);
                }
            }
        }
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
        String from = "SELECT " + shape.selectList(Sql.quote(shape.name())) + " FROM " + Sql.quote(shape.name());
        // a real key cannot be turned back from its text exactly: such a table is matched on the identity text
        // itself (a scan); any other through the key's index, the logged values converted back
        String select = shape.hasRealKey() ? from + " WHERE " + shape.identity(Sql.quote(shape.name())) + " IN (SELECT value FROM json_each(?))"
                : from + " WHERE " + match + " IN (SELECT " + extract + " FROM json_each(?))";
        try (PreparedStatement ps = state.sqlite.prepareStatement(select)) {
            for (int i = 0; i < all.size(); i += READ_CHUNK) {
                List<String> chunk = all.subList(i, Math.min(all.size(), i + READ_CHUNK));
                state.store.deleteKeys(shape.name(), chunk);
                ps.setString(1, "[" + String.join(",", chunk) + "]");
                try (ResultSet rs = ps.executeQuery()) {
                    copier.append(shape, rs);
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

    private record Batch(long lastSequence, int entries, long scanned, boolean moreToScan) {}
}
