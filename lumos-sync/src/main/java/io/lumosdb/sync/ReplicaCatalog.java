package io.lumosdb.sync;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which tables the replica holds, kept in line with SQLite's catalog: a new table is copied (triggers
 * first, then its rows from a read snapshot), a changed one copied again, a dropped one dropped; a
 * table that cannot be replicated is left out with the reason; capture triggers that are missing are
 * a reason to copy the table again, triggers of an older version's form are replaced.
 */
final class ReplicaCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaState state;
    private final RowCopier copier;
    /** SQLite's schema version when the catalog was last compared (under the lock). */
    private long schemaVersion = -1;

    ReplicaCatalog(ReplicaState state, RowCopier copier) {
        this.state = state;
        this.copier = copier;
    }

    /** Whether another connection changed SQLite's schema since the last {@link #reconcile}. */
    boolean schemaChangedElsewhere() throws SQLException {
        return state.locked(() -> state.schemaVersion() != schemaVersion);
    }


    /**
     * Brings the set of replicated tables in line with SQLite's catalog: replicas new tables (with their
     * current rows), re-replicas tables whose columns changed, drops replicas of tables that are gone. A
     * table that cannot be replicated is left out and its reason kept ({@link #whyNotReplicated}).
     *
     * @throws SQLException if an engine fails outside a single table's replicating
     */
    void reconcile() throws SQLException {
        state.lock.lock();
        try {
            reconcileLocked();
        } finally {
            state.lock.unlock();
        }
    }

    private void reconcileLocked() throws SQLException {
        List<String> tables = ChangeCapture.userTables(state.sqlite);
        Map<String, String> signatures = ChangeCapture.replicatedSignatures(state.sqlite);
        Set<String> duckTables = state.store.tables();
        boolean changed = false;
        List<ReplicatedTable> toCopy = new ArrayList<>();
        for (String table : tables) {
            Optional<String> reason = ChangeCapture.unreplicableReason(state.sqlite, table);
            if (reason.isPresent()) {
                state.notReplicated.put(table, reason.get());
                if (signatures.containsKey(table) || state.replicated.containsKey(table)) {
                    dropReplica(table);
                    changed = true;
                }
                continue;
            }
            ReplicatedTable shape = ChangeCapture.describe(state.sqlite, table);
            if (shape.signature().equals(signatures.get(table)) && duckTables.contains(table)) {
                ChangeCapture.Triggers triggers = ChangeCapture.triggers(state.sqlite, shape);
                if (triggers == ChangeCapture.Triggers.MISSING) {
                    // dropped by someone: changes may have gone unlogged since, so the table is copied again
                    LOG.warn("capture triggers of table {} were missing; copying it again from SQLite", table);
                    toCopy.add(shape);
                    continue;
                }
                if (triggers == ChangeCapture.Triggers.OUTDATED) {
                    reinstallTriggers(shape);
                }
                changed |= state.replicated.put(table, shape) == null;
            } else {
                toCopy.add(shape);
            }
        }
        Map<String, String> virtualTables = ChangeCapture.virtualTables(state.sqlite);
        for (Map.Entry<String, String> virtual : virtualTables.entrySet()) {
            state.notReplicated.put(virtual.getKey(), "it is a virtual table (" + virtual.getValue() + "), which SQLite serves:"
                    + " the replica holds plain tables only");
        }
        Set<String> known = new LinkedHashSet<>(signatures.keySet());
        known.addAll(state.replicated.keySet()); // a table whose record went with its triggers (ALTER through the facade)
        for (String gone : known) {
            if (!tables.contains(gone)) {
                dropReplica(gone);
                changed = true;
            }
        }
        for (String orphan : state.store.tables()) {
            if (!state.replicated.containsKey(orphan) && toCopy.stream().noneMatch(t -> t.name().equals(orphan))) {
                state.store.drop(orphan);
                state.store.connection().commit();
            }
        }
        state.notReplicated.keySet().removeIf(t -> !tables.contains(t) && !virtualTables.containsKey(t));
        changed |= state.replicated.keySet().retainAll(tables);
        long rows = 0;
        try {
            for (int i = 0; i < toCopy.size(); i++) {
                String done = i + " of " + toCopy.size() + " tables, ";
                long before = rows;
                if (toCopy.size() > 1) {
                    state.rebuilding = done + rows + " rows copied";
                    LOG.info("replica rebuild: {}; copying {}", state.rebuilding, toCopy.get(i).name());
                }
                // a large table reports its rows as they are copied, also when it is the only one
                rows += copyTable(toCopy.get(i), copied -> state.rebuilding = done + (before + copied) + " rows copied");
                changed = true;
            }
        } finally {
            state.rebuilding = null;
        }
        if (toCopy.size() > 1) {
            LOG.info("replica rebuild: {} tables, {} rows copied", toCopy.size(), rows);
        }
        state.store.connection().commit(); // end the read transaction the catalog reads opened: no snapshot pinned while idle
        schemaVersion = state.schemaVersion();
        if (changed) {
            state.tablesChanged();
        }
    }

    /**
     * Replicas one table: triggers first (a short write transaction), then the rows from a read snapshot.
     * Changes committed in between are in the log and are applied after the copy, idempotently.
     */
    private long copyTable(ReplicatedTable shape, LongConsumer progress) throws SQLException {
        String table = shape.name();
        state.tablesCopied.incrementAndGet();
        boolean outer = state.sqlite.getAutoCommit();
        try {
            state.sqlite.setAutoCommit(false);
            ChangeCapture.installTriggers(state.sqlite, shape);
            // rows up to the mark are logged from now on; rows above it are found by scanning
            long mark = shape.keyed() ? 0 : ChangeCapture.raiseHighWaterMark(state.sqlite, table);
            state.sqlite.commit();
            long copied;
            try (PreparedStatement ps = state.sqlite.prepareStatement(
                    "SELECT " + shape.selectList(Sql.quote(table)) + " FROM " + Sql.quote(table))) {
                state.store.create(shape);
                copied = copier.appendInBulk(shape, ps, progress);
            }
            if (!shape.keyed()) {
                // copied rows above the mark are copied again by the next scan, as an upsert
                state.store.setHighWaterMark(table, mark);
            }
            state.store.connection().commit();
            if (!shape.keyed()) {
                state.replicaMarks.put(table, mark);
            } else {
                state.replicaMarks.remove(table);
            }
            state.sqlite.commit();
            state.replicated.put(table, shape);
            state.notReplicated.remove(table);
            state.maxRowids.remove(table);
            LOG.debug("replicated table {} into DuckDB ({} rows)", table, copied);
            return copied;
        } catch (SQLException e) {
            state.rollbackQuietly(e);
            if (String.valueOf(e.getMessage()).contains("SQLITE_BUSY")) {
                throw e; // a writer held the lock past the busy timeout: the worker retries, the table is not given up
            }
            state.replicated.remove(table);
            state.notReplicated.put(table, "replicating failed: " + e.getMessage());
            try {
                ChangeCapture.dropTriggers(state.sqlite, table); // no capture for a table the replica does not hold
                state.sqlite.commit();
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            LOG.warn("table {} is not replicated into DuckDB; queries on it run on SQLite: {}", table, e.getMessage());
            return 0;
        } finally {
            state.sqlite.setAutoCommit(outer);
        }
    }

    /** Replaces a table's triggers written by an earlier version, in one transaction: no change is missed. */
    private void reinstallTriggers(ReplicatedTable shape) throws SQLException {
        boolean outer = state.sqlite.getAutoCommit();
        state.sqlite.setAutoCommit(false);
        try {
            ChangeCapture.installTriggers(state.sqlite, shape);
            state.sqlite.commit();
            LOG.info("capture triggers of table {} rewritten in this version's form", shape.name());
        } catch (SQLException e) {
            state.sqlite.rollback();
            throw e;
        } finally {
            state.sqlite.setAutoCommit(outer);
        }
    }

    private void dropReplica(String table) throws SQLException {
        ChangeCapture.dropTriggers(state.sqlite, table);
        state.store.drop(table);
        state.store.connection().commit();
        state.replicated.remove(table);
        state.maxRowids.remove(table);
        state.replicaMarks.remove(table);
    }

    /** Copies a table again from SQLite, reporting progress as a rebuild. */
    void recopy(ReplicatedTable shape) throws SQLException {
        try {
            state.rebuilding = "table " + shape.name() + " copied again";
            copyTable(ChangeCapture.describe(state.sqlite, shape.name()),
                    copied -> state.rebuilding = "table " + shape.name() + " copied again, " + copied + " rows so far");
        } finally {
            state.rebuilding = null;
        }
        state.tablesChanged();
    }
}
