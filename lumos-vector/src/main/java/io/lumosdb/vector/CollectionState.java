package io.lumosdb.vector;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the parts of one {@link VectorCollection} share: its tables, spec and storage, the in-memory graph
 * and metadata, and the write lock with the sequence numbers it guards. The write path
 * ({@link CollectionWriter}), the search path ({@link CollectionSearcher}, {@link KeywordSearcher}) and the
 * snapshots ({@link CollectionSnapshots}) each hold it.
 *
 * <p>Writes to a collection are serialized by {@link #writeLock}; searches never take it: they read the
 * volatile {@link #graph} once and the concurrent maps.
 */
final class CollectionState {
    final CollectionTables tables;
    final String collectionId;
    final VectorSpec spec;
    final VectorStorage storage;
    final MetadataStore metadata = new MetadataStore();
    final ReentrantLock writeLock = new ReentrantLock();
    /** Counts writes applied to memory: remembered filter matches are valid while it stands still. */
    final AtomicLong writes = new AtomicLong();
    /** Replaced whole by a compaction; searches read it once and use that graph to the end. */
    volatile GraphIndex graph;
    volatile boolean closed;
    /** The last change applied to the graph; under the write lock. */
    long sequence;
    /** The change the snapshot on disk reflects, or -1 if it is older than {@link #sequence}; under the write lock. */
    long snapshotSequence;
    /** An interrupted write left vectors out of the graph: no snapshot may claim {@link #sequence}; under the write lock. */
    boolean graphBehind;

    CollectionState(CollectionTables tables, String collectionId, VectorSpec spec, VectorStorage storage, GraphIndex graph,
            long sequence, long snapshotSequence) {
        this.tables = tables;
        this.collectionId = collectionId;
        this.spec = spec;
        this.storage = storage;
        this.graph = graph;
        this.sequence = sequence;
        this.snapshotSequence = snapshotSequence;
    }

    String name() {
        return tables.name();
    }

    /** Takes the write lock; refuses (and releases it) once the collection is closed. */
    void lockForWrite() throws SQLException {
        writeLock.lock();
        if (closed) {
            writeLock.unlock();
            throw new SQLNonTransientConnectionException("collection " + name() + " is closed", "08003");
        }
    }

    Path snapshotFile() {
        return snapshotFile(storage, tables);
    }

    static Path snapshotFile(VectorStorage storage, CollectionTables tables) {
        return storage.directory().resolve("vectors").resolve(tables.name() + ".hnsw");
    }

    /** @throws IllegalArgumentException unless {@code id} is 1 to 1,024 characters */
    static void requireId(String id) {
        if (id == null || id.isEmpty() || id.length() > 1_024) {
            throw new IllegalArgumentException("a vector id must be 1 to 1,024 characters, was "
                    + (id == null ? "null" : id.length() + " characters"));
        }
    }
}
