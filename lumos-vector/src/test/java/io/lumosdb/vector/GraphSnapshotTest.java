package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot format: a round trip keeps the graph exactly; anything damaged, old or foreign is refused with a reason. */
class GraphSnapshotTest {
    static final VectorSpec SPEC = VectorSpec.of(HnswGraphTest.DIMENSIONS, Metric.COSINE);

    @TempDir
    Path dir;
    Path file;
    GraphIndex index;
    GraphSnapshot.Header header;

    @BeforeEach
    void build() throws Exception {
        file = dir.resolve("docs.hnsw");
        List<IndexedVector> vectors = HnswGraphTest.vectors(1_500, Metric.COSINE, 21);
        index = GraphIndex.build(SPEC, vectors, 2, (done, total) -> { });
        for (int i = 0; i < 1_500; i += 10) {
            index.remove("v" + i, 5_000 + i);
        }
        header = new GraphSnapshot.Header("id-1", SPEC.dimensions(), SPEC.metric(), SPEC.m(), 7_000, index.size(), index.removed());
        GraphSnapshot.save(index, file, header);
    }

    @Test
    void roundTrip_keepsEveryNodeListAndState_andSearchesAlike() throws Exception {
        GraphSnapshot.Loaded loaded = GraphSnapshot.load(file, SPEC, header);
        assertEquals(header, loaded.header());
        GraphIndex back = loaded.index();
        HnswGraph a = index.graph();
        HnswGraph b = back.graph();
        assertEquals(a.size(), b.size());
        assertEquals(a.entry(), b.entry());
        assertEquals(index.size(), back.size());
        assertEquals(index.removed(), back.removed());
        float[] va = new float[a.dimensions()];
        float[] vb = new float[b.dimensions()];
        for (int node = 0; node < a.size(); node++) {
            assertEquals(a.id(node), b.id(node));
            assertEquals(a.version(node), b.version(node));
            assertEquals(a.state(node), b.state(node));
            assertEquals(a.level(node), b.level(node));
            assertArrayEquals(a.copyVector(node, va), b.copyVector(node, vb));
            for (int level = 0; level <= a.level(node); level++) {
                assertArrayEquals(a.neighbours(node, level), b.neighbours(node, level));
            }
        }
        for (float[] q : HnswGraphTest.queries(Metric.COSINE)) {
            assertArrayEquals(index.nearest(q, 50, null, Integer.MAX_VALUE).nodes(), back.nearest(q, 50, null, Integer.MAX_VALUE).nodes());
        }
        back.add(new IndexedVector("new", HnswGraphTest.queries(Metric.COSINE).get(0), 9_000)); // a loaded graph takes inserts
        assertEquals("new", back.id(back.nearest(HnswGraphTest.queries(Metric.COSINE).get(0), 5, null, Integer.MAX_VALUE).nodes()[0]));
        HnswGraphTest.assertStructure(back.graph());
    }

    private String rejection(byte[] contents, GraphSnapshot.Header expected) throws Exception {
        Files.write(file, contents);
        return assertThrows(GraphSnapshot.SnapshotRejected.class, () -> GraphSnapshot.load(file, SPEC, expected)).getMessage();
    }

    @Test
    void damagedFilesAreRefused_sayingWhy() throws Exception {
        byte[] good = Files.readAllBytes(file);
        byte[] flipped = good.clone();
        // inside node 0's vector (header 66 bytes, then state, level, version, id "v0"): only the checksum can tell
        flipped[66 + 1 + 1 + 8 + 4 + 2 + 20] ^= 0x10;
        assertTrue(rejection(flipped, header).contains("checksum"), rejection(flipped, header));
        String third = rejection(Arrays.copyOf(good, good.length / 3), header);
        assertTrue(third.contains("more than its"), third); // the node count does not fit what is left
        String cut = rejection(Arrays.copyOf(good, good.length - 40), header);
        assertTrue(cut.contains("ends in the middle"), cut);
        assertTrue(rejection(Arrays.copyOf(good, good.length + 8), header).contains("follow the last node")
                || rejection(Arrays.copyOf(good, good.length + 8), header).contains("checksum"));
        assertTrue(rejection(new byte[] {1, 2, 3}, header).contains("not a Lumos-DB vector snapshot"));
        assertTrue(rejection(new byte[0], header).contains("not a Lumos-DB vector snapshot"));
        Files.delete(file);
        assertTrue(assertThrows(GraphSnapshot.SnapshotRejected.class, () -> GraphSnapshot.load(file, SPEC, header)).getMessage()
                .contains("no snapshot"));
    }

    @Test
    void hugeCountsAreRefusedBeforeAnythingIsAllocated() throws Exception {
        byte[] good = Files.readAllBytes(file);
        // the node count follows the header: magic, format, id, dimensions, metric, M, sequence, live, removed
        int at = 8 + 4 + (4 + 4) + 4 + (4 + "COSINE".length()) + 4 + 8 + 4 + 4;
        byte[] huge = good.clone();
        huge[at + 3] = 0x7f; // little-endian: the count becomes ~2 billion
        assertTrue(rejection(huge, header).contains("more than its"), rejection(huge, header));
    }

    @Test
    void foreignOrNewerSnapshotsAreRefused() throws Exception {
        GraphSnapshot.Header other = new GraphSnapshot.Header("id-2", header.dimensions(), header.metric(), header.m(), 7_000, 0, 0);
        assertTrue(assertThrows(GraphSnapshot.SnapshotRejected.class, () -> GraphSnapshot.load(file, SPEC, other)).getMessage()
                .contains("another collection"));
        GraphSnapshot.Header behind = new GraphSnapshot.Header("id-1", header.dimensions(), header.metric(), header.m(), 6_999, 0, 0);
        assertTrue(assertThrows(GraphSnapshot.SnapshotRejected.class, () -> GraphSnapshot.load(file, SPEC, behind)).getMessage()
                .contains("reflects change 7000"));
        GraphSnapshot.Header otherM = new GraphSnapshot.Header("id-1", header.dimensions(), header.metric(), 32, 7_000, 0, 0);
        assertTrue(assertThrows(GraphSnapshot.SnapshotRejected.class, () -> GraphSnapshot.load(file, SPEC.withM(32), otherM))
                .getMessage().contains("other settings"));
    }

    @Test
    void formatOne_hnswlibsSerializedGraph_isRecognisedAndRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF("LUMOSVEC");
        out.writeInt(1);
        out.writeUTF("id-1");
        out.flush();
        String why = rejection(bytes.toByteArray(), header);
        assertTrue(why.contains("format 1") && why.contains("no longer reads"), why);
    }
}
