package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a DuckDB replica of a SQLite database's tables, fed by durable change capture.
 *
 * <pre>{@code
 * Replica replica = Replica.open(sqliteWriter, duckConnection); // verifies or rebuilds DuckDB
 * sqliteWriter.createStatement().execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v DOUBLE)");
 * replica.reconcile();                                          // mirrors the new table
 * sqliteWriter.createStatement().execute("INSERT INTO t VALUES (1, 2.5)");
 * replica.apply();                                              // DuckDB's main.t now has the row
 * }</pre>
 *
 * <p>Guarantees: a change committed in SQLite is logged in the same transaction (triggers), and a batch
 * applied to DuckDB is recorded with its last sequence in the same DuckDB transaction, so a crash at any
 * point neither loses nor doubles a change. On {@link #open} the DuckDB side is checked against SQLite
 * (same replica id, no gap between what it applied and what the log still holds) and rebuilt from
 * SQLite when it does not match: a missing, foreign or stale DuckDB file costs a rebuild, never a wrong
 * answer.
 *
 * <p>Threading: the caller serializes writes; this class uses the SQLite connection it is given (the
 * database's single writer) and is itself synchronized.
 */
public final class Replica {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /** Log entries applied per DuckDB transaction. */
    static final int APPLY_CHUNK = 50_000;
    /** Changes applied in one call after which DuckDB is checkpointed. */
    static final int CHECKPOINT_AFTER = 100_000;
    /** Rowids read from SQLite per query while applying. */
    private static final int READ_CHUNK = 2_000;

    private final Connection sqlite;
    private final DuckMirror mirror;
    private final String replicaId;
    private final Map<String, MirroredTable> mirrored = new ConcurrentHashMap<>();
    private final Map<String, String> unmirrored = new ConcurrentHashMap<>();
    private final Map<String, Long> maxRowids = new HashMap<>();
    private volatile long appliedSequence;

    private Replica(Connection sqlite, DuckMirror mirror, String replicaId, long appliedSequence) {
        this.sqlite = sqlite;
        this.mirror = mirror;
        this.replicaId = replicaId;
        this.appliedSequence = appliedSequence;
    }

    /**
     * Attaches a replica: creates the change log if needed, verifies the DuckDB side (rebuilding it when
     * it does not belong to this SQLite database or has fallen behind the log), mirrors every table and
     * applies what is pending.
     *
     * @param sqlite the SQLite connection that writes; used in auto-commit mode between calls
     * @param duck a DuckDB connection used only by this replica
     * @throws SQLException if either engine fails
     */
    public static Replica open(Connection sqlite, DuckDBConnection duck) throws SQLException {
        ChangeCapture.ensureLog(sqlite);
        String id = ChangeCapture.meta(sqlite, "replica_id").orElse(null);
        if (id == null) {
            id = UUID.randomUUID().toString();
            ChangeCapture.putMeta(sqlite, "replica_id", id);
        }
        DuckMirror mirror = new DuckMirror(duck);
        long lastIssued = ChangeCapture.lastIssuedSequence(sqlite);
        long firstLogged = ChangeCapture.firstLoggedSequence(sqlite);
        Optional<DuckMirror.State> state = mirror.state();
        String problem = verify(id, state, lastIssued, firstLogged);
        long applied;
        if (problem != null) {
            if (state.isEmpty() && ChangeCapture.userTables(sqlite).isEmpty()) {
                LOG.debug("new DuckDB replica {}", id);
            } else {
                LOG.warn("DuckDB replica is rebuilt from SQLite: {}", problem);
            }
            for (String table : mirror.tables()) {
                mirror.drop(table);
            }
            for (String table : ChangeCapture.mirroredSignatures(sqlite).keySet()) {
                ChangeCapture.deleteMeta(sqlite, "mirror:" + table);
            }
            mirror.setState(id, lastIssued);
            duck.commit();
            applied = lastIssued;
        } else {
            applied = state.get().appliedSequence();
        }
        Replica replica = new Replica(sqlite, mirror, id, applied);
        replica.reconcile();
        replica.apply();
        return replica;
    }

    private static String verify(String id, Optional<DuckMirror.State> state, long lastIssued, long firstLogged) {
        if (state.isEmpty()) {
            return "it has no replica state (new or missing DuckDB file)";
        }
        DuckMirror.State s = state.get();
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

    /**
     * Brings the set of mirrored tables in line with SQLite's catalog: mirrors new tables (with their
     * current rows), re-mirrors tables whose columns changed, drops mirrors of tables that are gone. A
     * table that cannot be mirrored is left out and its reason kept ({@link #unmirroredReason}).
     *
     * @throws SQLException if an engine fails outside a single table's mirroring
     */
    public synchronized void reconcile() throws SQLException {
        List<String> tables = ChangeCapture.userTables(sqlite);
        Map<String, String> signatures = ChangeCapture.mirroredSignatures(sqlite);
        Set<String> duckTables = mirror.tables();
        unmirrored.clear();
        for (String table : tables) {
            Optional<String> reason = ChangeCapture.unmirrorableReason(sqlite, table);
            if (reason.isPresent()) {
                unmirrored.put(table, reason.get());
                if (signatures.containsKey(table)) {
                    unmirror(table);
                }
                continue;
            }
            MirroredTable shape = ChangeCapture.describe(sqlite, table);
            if (shape.signature().equals(signatures.get(table)) && duckTables.contains(table)) {
                mirrored.put(table, shape);
            } else {
                mirrorWithRows(shape);
            }
        }
        for (String gone : signatures.keySet()) {
            if (!tables.contains(gone)) {
                unmirror(gone);
            }
        }
        for (String orphan : mirror.tables()) {
            if (!mirrored.containsKey(orphan)) {
                mirror.drop(orphan);
                mirror.connection().commit();
            }
        }
        mirrored.keySet().retainAll(tables);
    }

    private void mirrorWithRows(MirroredTable shape) throws SQLException {
        String table = shape.name();
        boolean outer = sqlite.getAutoCommit();
        sqlite.setAutoCommit(false);
        try {
            ChangeCapture.installTriggers(sqlite, shape);
            mirror.create(shape);
            try (PreparedStatement ps = sqlite.prepareStatement(
                    "SELECT rowid, " + shape.columnList() + " FROM " + Sql.quote(table));
                    ResultSet rs = ps.executeQuery()) {
                appendRows(shape, rs);
            }
            mirror.connection().commit();
            sqlite.commit();
            mirrored.put(table, shape);
            unmirrored.remove(table);
            maxRowids.remove(table);
            LOG.debug("mirrored table {} into DuckDB", table);
        } catch (SQLException e) {
            rollbackQuietly(e);
            mirrored.remove(table);
            unmirrored.put(table, "mirroring failed: " + e.getMessage());
            LOG.warn("table {} is not mirrored into DuckDB; queries on it run on SQLite: {}", table, e.getMessage());
        } finally {
            sqlite.setAutoCommit(outer);
        }
    }

    private void unmirror(String table) throws SQLException {
        ChangeCapture.dropTriggers(sqlite, table);
        mirror.drop(table);
        mirror.connection().commit();
        mirrored.remove(table);
        maxRowids.remove(table);
    }

    /**
     * Applies every logged change to DuckDB, in transactions of at most {@value #APPLY_CHUNK} changes,
     * then prunes the applied part of the log.
     *
     * @return the sequence number DuckDB has applied up to
     * @throws ReplicaException naming the table and row when DuckDB cannot take a change; nothing of
     *     that batch is applied and the log keeps it
     * @throws SQLException when an engine fails otherwise
     */
    public synchronized long apply() throws SQLException {
        long entries = 0;
        try {
            while (true) {
                Batch batch = readAndApplyChunk();
                if (batch == null) {
                    return appliedSequence;
                }
                entries += batch.entries;
                ChangeCapture.prune(sqlite, batch.lastSequence);
                if (batch.entries < APPLY_CHUNK) {
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
     * Checkpoints DuckDB after a bulk apply: appended rows then leave the WAL for compressed row groups,
     * which scan faster and take less memory. A failure is logged; the data is safe in the WAL.
     */
    private void checkpoint() {
        DuckDBConnection duck = mirror.connection();
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
            Map<String, Set<Long>> changed = new LinkedHashMap<>();
            long last = appliedSequence;
            int entries = 0;
            try (PreparedStatement ps = sqlite.prepareStatement(
                    "SELECT seq, tbl, rid FROM " + ChangeCapture.LOG + " WHERE seq > ? ORDER BY seq LIMIT " + APPLY_CHUNK)) {
                ps.setLong(1, appliedSequence);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        last = rs.getLong(1);
                        entries++;
                        changed.computeIfAbsent(rs.getString(2), k -> new TreeSet<>()).add(rs.getLong(3));
                    }
                }
            }
            if (entries == 0) {
                sqlite.commit();
                return null;
            }
            for (Map.Entry<String, Set<Long>> e : changed.entrySet()) {
                MirroredTable shape = mirrored.get(e.getKey());
                if (shape != null) {
                    applyTable(shape, e.getValue());
                }
            }
            mirror.setAppliedSequence(last);
            mirror.connection().commit();
            sqlite.commit();
            appliedSequence = last;
            return new Batch(last, entries);
        } catch (SQLException e) {
            maxRowids.clear();
            rollbackQuietly(e);
            throw e instanceof ReplicaException ? e : new ReplicaException("applying changes to DuckDB failed: " + e.getMessage(), e);
        } finally {
            sqlite.setAutoCommit(outer);
        }
    }

    private void applyTable(MirroredTable shape, Set<Long> rowids) throws SQLException {
        String table = shape.name();
        long max = maxRowids.containsKey(table) ? maxRowids.get(table) : mirror.maxRowid(table);
        List<Long> existing = new ArrayList<>();
        for (long id : rowids) {
            if (id <= max) {
                existing.add(id);
            }
        }
        for (int i = 0; i < existing.size(); i += READ_CHUNK) {
            mirror.deleteRowids(table, existing.subList(i, Math.min(existing.size(), i + READ_CHUNK)));
        }
        List<Long> ids = new ArrayList<>(rowids);
        String select = "SELECT rowid, " + shape.columnList() + " FROM " + Sql.quote(table)
                + " WHERE rowid IN (SELECT value FROM json_each(?))";
        try (PreparedStatement ps = sqlite.prepareStatement(select)) {
            for (int i = 0; i < ids.size(); i += READ_CHUNK) {
                ps.setString(1, ids.subList(i, Math.min(ids.size(), i + READ_CHUNK)).toString());
                try (ResultSet rs = ps.executeQuery()) {
                    max = Math.max(max, appendRows(shape, rs));
                }
            }
        }
        maxRowids.put(table, max);
    }

    /** Appends {@code rowid, columns...} rows to the mirror; returns the largest rowid appended. */
    private long appendRows(MirroredTable shape, ResultSet rs) throws SQLException {
        long max = Long.MIN_VALUE;
        List<MirroredTable.Column> columns = shape.columns();
        try (DuckDBAppender appender = mirror.appender(shape.name())) {
            while (rs.next()) {
                long rowid = rs.getLong(1);
                max = Math.max(max, rowid);
                appender.beginRow();
                appender.append(rowid);
                for (int c = 0; c < columns.size(); c++) {
                    ValueConverter.append(appender, shape, columns.get(c), rowid, rs.getObject(c + 2));
                }
                appender.endRow();
            }
        } catch (SQLException e) {
            throw e.getSQLState() != null && e.getSQLState().equals("22018")
                    ? new ReplicaException(e.getMessage(), e)
                    : e;
        }
        return max;
    }

    private void rollbackQuietly(SQLException cause) {
        try {
            mirror.connection().rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        try {
            sqlite.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    // ---------------------------------------------------------------- state

    /** Whether {@code table} has an up-to-date mirror in DuckDB. */
    public boolean isMirrored(String table) {
        return mirrored.containsKey(table);
    }

    /** The tables mirrored in DuckDB. */
    public Set<String> mirroredTables() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(mirrored.keySet()));
    }

    /** Why {@code table} is not mirrored, if it is a table SQLite has and the replica left out. */
    public Optional<String> unmirroredReason(String table) {
        return Optional.ofNullable(unmirrored.get(table));
    }

    /** The sequence number of the last change DuckDB has applied. */
    public long appliedSequence() {
        return appliedSequence;
    }

    /** The id that ties the DuckDB file to its SQLite database. */
    public String replicaId() {
        return replicaId;
    }

    private record Batch(long lastSequence, int entries) {}
}
