package io.lumosdb.vector;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a collection's graph compact and saved: rebuilds it from the live vectors when removed nodes pile
 * up, and writes snapshots ({@link GraphSnapshot}) with the change sequence they reflect, so that an open
 * loads the graph and replays only the changes after it instead of rebuilding.
 *
 * <pre>{@code
 * snapshots.snapshot();   // now; also after a compaction and when the database closes
 * snapshots.compact();    // rebuild from the live vectors now
 * }</pre>
 *
 * <p>A compaction runs when removed nodes reach a fifth of the live ones and at least
 * {@value #COMPACT_MIN_REMOVED}: writes to the collection wait meanwhile (it runs under the write lock),
 * searches go on with the old graph until the new one replaces it. Once a snapshot is saved the tombstones
 * it covers are pruned from SQLite.
 */
final class CollectionSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(CollectionSnapshots.class);
    static final int COMPACT_MIN_REMOVED = 1_000;

    private final CollectionState state;

    CollectionSnapshots(CollectionState state) {
        this.state = state;
    }

    /** Rebuilds the graph from the live vectors when removed nodes pile up; under the write lock. */
    void compactIfDue() {
        GraphIndex g = state.graph;
        if (g.removed() >= COMPACT_MIN_REMOVED && g.removed() * 5 >= g.size()) {
            compactNow();
        }
    }

    /** See {@link VectorCollection#compact()}. */
    void compact() throws SQLException {
        state.lockForWrite();
        try {
            compactNow();
        } finally {
            state.writeLock.unlock();
        }
    }

    private void compactNow() {
        GraphIndex old = state.graph;
        long t0 = System.nanoTime();
        try {
            state.graph = old.rebuilt(Runtime.getRuntime().availableProcessors(), (done, total) ->
                    LOG.debug("compacting {}: {} of {} vectors", state.name(), done, total));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("compaction of {} interrupted; the old graph stays", state.name());
            return;
        }
        LOG.info("compacted vector collection {}: {} live vectors, {} removed dropped, in {} ms", state.name(),
                state.graph.size(), old.removed(), (System.nanoTime() - t0) / 1_000_000);
        try {
            snapshotNow();
        } catch (IOException | SQLException e) {
            LOG.warn("snapshot of {} after compaction failed (it is rebuilt or replayed at the next open): {}", state.name(),
                    e.toString());
        }
    }

    /** See {@link VectorCollection#snapshot()}. */
    void snapshot() throws SQLException {
        state.lockForWrite();
        try {
            snapshotNow();
        } catch (IOException e) {
            throw new SQLException("cannot save the snapshot of collection " + state.name() + ": " + e, "58030", e);
        } finally {
            state.writeLock.unlock();
        }
    }

    /** Saves the graph if it changed since the last snapshot, then prunes the tombstones it covers; under the write lock. */
    private void snapshotNow() throws IOException, SQLException {
        if (state.graphBehind) {
            LOG.warn("vector collection {}: not saving a snapshot, an interrupted write left its graph behind SQLite"
                    + " (the next open replays the changes)", state.name());
            return;
        }
        if (state.sequence == state.snapshotSequence && Files.exists(state.snapshotFile())) {
            return;
        }
        GraphIndex g = state.graph;
        GraphSnapshot.save(g, state.snapshotFile(), new GraphSnapshot.Header(state.collectionId, state.spec.dimensions(),
                state.spec.metric(), state.spec.m(), state.sequence, g.size(), g.removed()));
        state.snapshotSequence = state.sequence;
        long covered = state.sequence;
        state.storage.write(Set.of(), false, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CollectionTables.DELETES
                    + " WHERE collection = ? AND seq <= ?")) {
                ps.setString(1, state.name());
                ps.setLong(2, covered);
                return ps.executeUpdate();
            }
        });
    }

    /** Saves a snapshot if anything changed since the last one, and refuses further writes. */
    void close() {
        state.writeLock.lock();
        try {
            if (!state.closed) {
                try {
                    snapshotNow();
                } catch (IOException | SQLException | RuntimeException e) {
                    LOG.warn("snapshot of {} at close failed (the next open replays or rebuilds): {}", state.name(), e.toString());
                }
                state.closed = true;
            }
        } finally {
            state.writeLock.unlock();
        }
    }
}
