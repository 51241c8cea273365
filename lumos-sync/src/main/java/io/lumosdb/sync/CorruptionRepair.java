package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the replica does when DuckDB reports its file damaged: every table is dropped and copied again in
 * place (dropping a table frees its blocks, the damaged one with them), reads going to SQLite meanwhile.
 * If DuckDB fails again, the file is marked in SQLite, and the next open moves it aside and rebuilds the
 * replica in a new one ({@link Replica#markedUnreadable}).
 */
final class CorruptionRepair {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /** The SQLite meta key that tells the next open to move the DuckDB file aside: copying within it failed. */
    static final String UNREADABLE = "replica_unreadable";

    private final ReplicaState state;
    private final ReplicaCatalog catalog;

    CorruptionRepair(ReplicaState state, ReplicaCatalog catalog) {
        this.state = state;
        this.catalog = catalog;
    }

    /**
     * Whether DuckDB's error says its file is damaged (a block whose checksum does not match, or an
     * internal error that invalidated the instance), as opposed to a problem with one statement.
     */
    static boolean isCorruption(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Data Corruption Error") || m.contains("Corrupt database file") || m.contains("INTERNAL Error")
                    || m.contains("database has been invalidated")) {
                return true;
            }
        }
        return false;
    }

    static boolean markedUnreadable(Connection sqlite) throws SQLException {
        ChangeCapture.ensureLog(sqlite);
        return ChangeCapture.meta(sqlite, UNREADABLE).isPresent();
    }

    /** A read found DuckDB's file damaged: the worker copies every table again (woken by the caller). */
    void seen(SQLException e) {
        if (isCorruption(e) && state.corruption == null) {
            state.corruption = e;
        }
    }

    /** Drops every table of the replica and copies it again; marks the file for the next open if that fails. */
    void rebuild() throws SQLException {
        state.locked(() -> {
            rebuildLocked();
            return null;
        });
    }

    private void rebuildLocked() throws SQLException {
        SQLException seen = state.corruption;
        LOG.error("DuckDB reports a damaged replica file ({}); copying every table again from SQLite, reads go to SQLite"
                + " meanwhile", seen.getMessage());
        state.rebuilding = "copying every table again: DuckDB reported a damaged file";
        try {
            state.rollbackQuietly(seen);
            for (String table : new ArrayList<>(state.replicated.keySet())) {
                state.replicated.remove(table);
                state.notReplicated.put(table, "its replica is being copied again: DuckDB reported a damaged file");
            }
            state.tablesChanged();
            for (String table : state.store.tables()) {
                state.store.drop(table);
            }
            state.store.connection().commit();
            for (String table : ChangeCapture.replicatedSignatures(state.sqlite).keySet()) {
                ChangeCapture.deleteMeta(state.sqlite, ChangeCapture.SIGNATURE_KEY + table);
            }
            state.replicaMarks.clear();
            state.maxRowids.clear();
            state.corruption = null;
            catalog.reconcile();
            LOG.info("the replica was copied again after DuckDB reported a damaged file");
        } catch (SQLException again) {
            state.corruption = null;
            ChangeCapture.putMeta(state.sqlite, UNREADABLE, String.valueOf(again.getMessage()));
            for (String table : ChangeCapture.userTables(state.sqlite)) {
                state.replicated.remove(table);
                state.notReplicated.put(table, "the DuckDB file is damaged; it is moved aside and rebuilt at the next open");
            }
            state.tablesChanged();
            throw new ReplicaException("the DuckDB file is damaged and could not be repaired in place (" + again.getMessage()
                    + "); reads go to SQLite, and the next open rebuilds the replica in a new file", again);
        } finally {
            state.rebuilding = null;
        }
    }
}
