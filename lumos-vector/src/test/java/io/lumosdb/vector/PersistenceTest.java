package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots, replay, rebuilds from untrusted snapshots, compaction, concurrency. */
class PersistenceTest {
    static final int DIMENSIONS = 32;

    @TempDir
    Path dir;

    private static List<VectorRecord> records(int from, int to, List<float[]> data) {
        List<VectorRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new VectorRecord("v" + i, data.get(i), Map.of("n", i)));
        }
        return out;
    }

    private static List<String> top(VectorCollection c, float[] q) throws SQLException {
        return c.search(SearchRequest.of(q).k(5)).stream().map(VectorHit::id).toList();
    }

    @Test
    void snapshotRoundTrip_thenChangesAfterIt_areReplayed() throws SQLException {
        List<float[]> data = Vectors.clustered(2_000, DIMENSIONS, 10, 0.5, 3);
        List<String> before;
        try (SqliteStorage storage = new SqliteStorage(dir)) {
            VectorCollections vectors = VectorCollections.open(storage);
            VectorCollection c = vectors.create("docs", VectorSpec.of(DIMENSIONS, Metric.COSINE));
            c.upsertAll(records(0, 1_500, data));
            c.snapshot();
            assertTrue(Files.exists(dir.resolve("vectors").resolve("docs.hnsw")));
            c.upsertAll(records(1_500, 2_000, data)); // after the snapshot
            assertTrue(c.delete("v7"));
            c.upsert("v8", data.get(9), Map.of("n", 9));
            before = top(c, data.get(9));
            // no close(): as after a crash, the snapshot is older than SQLite
        }
        try (SqliteStorage storage = new SqliteStorage(dir)) {
            VectorCollection c = VectorCollections.open(storage).open("docs");
            assertTrue(c.openedFromSnapshot(), "the snapshot was loaded, not rebuilt");
            assertEquals(1_999, c.size());
            assertFalse(c.contains("v7"));
            assertTrue(c.contains("v1999"));
            assertEquals(new java.util.HashSet<>(before), new java.util.HashSet<>(top(c, data.get(9)))); // v8 and v9 tie
            assertEquals(Map.of("n", 9), c.get("v8").orElseThrow().metadata());
            assertArrayEquals(data.get(9), c.get("v8").orElseThrow().vector());
        }
    }

    @Test
    void missingCorruptForeignOrHostileSnapshots_areRebuiltFromSqlite() throws Exception {
        List<float[]> data = Vectors.clustered(600, DIMENSIONS, 5, 0.5, 4);
        Path snapshot = dir.resolve("vectors").resolve("docs.hnsw");
        try (SqliteStorage storage = new SqliteStorage(dir)) {
            VectorCollections vectors = VectorCollections.open(storage);
            vectors.create("docs", VectorSpec.of(DIMENSIONS, Metric.L2)).upsertAll(records(0, 600, data));
            vectors.create("other", VectorSpec.of(DIMENSIONS, Metric.L2)).upsertAll(records(0, 10, data));
            vectors.close();
        }
        List<byte[]> bad = new ArrayList<>();
        byte[] good = Files.readAllBytes(snapshot);
        bad.add(java.util.Arrays.copyOf(good, good.length / 2));                         // truncated
        bad.add(Files.readAllBytes(dir.resolve("vectors").resolve("other.hnsw")));        // another collection's
        bad.add(formatOneWithGadget());                                                   // the old format, a gadget after its header
        byte[] flipped = good.clone();
        flipped[good.length - 100] ^= 1;                                                  // one bit: only the checksum sees it
        bad.add(flipped);
        bad.add(new byte[] {1, 2, 3});                                                    // garbage
        bad.add(null);                                                                    // missing
        for (byte[] replacement : bad) {
            HOSTILE_INSTANTIATED.set(false);
            if (replacement == null) {
                Files.delete(snapshot);
            } else {
                Files.write(snapshot, replacement);
            }
            try (SqliteStorage storage = new SqliteStorage(dir)) {
                VectorCollections vectors = VectorCollections.open(storage);
                VectorCollection c = vectors.open("docs");
                assertFalse(c.openedFromSnapshot(), "rebuilt, not loaded");
                assertEquals(600, c.size());
                assertEquals("v5", top(c, data.get(5)).get(0));
                vectors.close();
            }
            assertFalse(HOSTILE_INSTANTIATED.get(), "a snapshot made the JVM deserialize a class");
        }
    }

    static final AtomicBoolean HOSTILE_INSTANTIATED = new AtomicBoolean();

    /** A class no snapshot may contain: deserializing it would run code. */
    static final class Gadget implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            HOSTILE_INSTANTIATED.set(true);
        }
    }

    /**
     * A snapshot of format 1 (a header of ours, then hnswlib's Java-serialized graph) whose graph is a
     * {@link Gadget}: format 1 is refused on its magic number, so nothing after the header is ever read.
     */
    private static byte[] formatOneWithGadget() throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("LUMOSVEC");
        out.writeInt(1);
        out.flush();
        try (OutputStream raw = bytes; ObjectOutputStream objects = new ObjectOutputStream(raw)) {
            objects.writeObject(new Gadget());
        }
        return bytes.toByteArray();
    }

    @Test
    void massDeletes_compactTheGraph_andSearchStaysRight() throws SQLException {
        List<float[]> data = Vectors.clustered(3_000, DIMENSIONS, 10, 0.5, 5);
        try (SqliteStorage storage = new SqliteStorage(dir)) {
            VectorCollection c = VectorCollections.open(storage).create("docs", VectorSpec.of(DIMENSIONS, Metric.COSINE));
            c.upsertAll(records(0, 3_000, data));
            for (int i = 0; i < 2_500; i++) {
                c.delete("v" + i);
            }
            assertEquals(500, c.size());
            assertTrue(c.removedInGraph() < CollectionSnapshots.COMPACT_MIN_REMOVED, "compacted: " + c.removedInGraph() + " removed left");
            for (int i = 2_500; i < 3_000; i += 50) {
                assertEquals("v" + i, top(c, data.get(i)).get(0));
            }
            for (VectorHit h : c.search(SearchRequest.of(data.get(3)).k(100))) {
                assertTrue(Integer.parseInt(h.id().substring(1)) >= 2_500, "deleted vector found: " + h.id());
            }
        }
    }

    @Test
    void concurrentUpsertsAndSearches() throws Exception {
        List<float[]> data = Vectors.clustered(4_000, DIMENSIONS, 10, 0.5, 6);
        try (SqliteStorage storage = new SqliteStorage(dir)) {
            VectorCollection c = VectorCollections.open(storage).create("docs", VectorSpec.of(DIMENSIONS, Metric.COSINE));
            c.upsertAll(records(0, 1_000, data));
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 1_000 + writer; i < 4_000; i += 2) {
                            c.upsert("v" + i, data.get(i), Map.of("n", i));
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }, "test-writer-" + w));
            }
            for (int r = 0; r < 2; r++) {
                threads.add(new Thread(() -> {
                    try {
                        for (int i = 0; i < 500; i++) {
                            List<VectorHit> hits = c.search(SearchRequest.of(data.get(i)).k(5).filter("n < 2000"));
                            assertEquals(5, hits.size());
                            assertEquals("v" + i, hits.get(0).id());
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }, "test-reader-" + r));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(120_000);
            }
            assertEquals(List.of(), failures);
            assertEquals(4_000, c.size());
            assertEquals(4_000, storage.count("SELECT count(*) FROM vectors_docs"));
        }
    }
}
