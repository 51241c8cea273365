package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Our walk over hnswlib's graph returns what hnswlib's own search returns, on the same graph. */
class GraphSearchTest {

    @Test
    void theGraphsFieldsAreFound() {
        // a new hnswlib-core laid out differently would silently fall back to the slower search
        assertNull(GraphSearch.unavailableReason());
        assertTrue(GraphSearch.available());
    }

    @Test
    void sameNeighboursAsHnswlibsSearch_withRemovedAndReplacedNodesAndBothMetrics() {
        for (Metric metric : new Metric[] {Metric.COSINE, Metric.L2}) {
            HnswIndex<String, float[], IndexedVector, Float> hnsw = HnswIndex
                    .newBuilder(32, Distances.function(metric), 4_000)
                    .withM(8).withEfConstruction(64).withEf(1).withRemoveEnabled().build();
            List<float[]> vectors = Vectors.clustered(3_000, 32, 20, 0.3, 42);
            for (int i = 0; i < vectors.size(); i++) {
                hnsw.add(new IndexedVector("v" + i, Distances.prepare(vectors.get(i), 32, metric, "v"), i));
            }
            for (int i = 0; i < vectors.size(); i += 7) {
                hnsw.remove("v" + i, 10_000 + i); // walked through, never returned
            }
            NodeVectors nodeVectors = new NodeVectors(); // filled by the first round, read by the second
            List<float[]> queries = Vectors.clustered(100, 32, 20, 0.3, 7);
            assertEquals(300, compare(hnsw, nodeVectors, metric, queries));
            // new vectors for some ids: hnswlib gives them new nodes, which the filled entries must not shadow
            List<float[]> replacements = Vectors.clustered(400, 32, 20, 0.3, 99);
            for (int i = 0; i < replacements.size(); i++) {
                int id = 7 * i + 1; // never a removed one
                hnsw.add(new IndexedVector("v" + id, Distances.prepare(replacements.get(i), 32, metric, "v"), 20_000 + i));
            }
            assertEquals(300, compare(hnsw, nodeVectors, metric, queries));
        }
    }

    /**
     * Compares our walk with hnswlib's for each query at three breadths: the same distances in the same
     * order, and the same ids at each distance (equal distances may be ordered either way, and at the
     * cut-off either of them kept); returns how many comparisons.
     */
    private static int compare(HnswIndex<String, float[], IndexedVector, Float> hnsw, NodeVectors nodeVectors, Metric metric,
            List<float[]> queries) {
        int compared = 0;
        for (float[] q : queries) {
            float[] query = Distances.prepare(q, 32, metric, "query");
            for (int breadth : new int[] {1, 10, 50}) {
                List<SearchResult<IndexedVector, Float>> theirs = hnsw.findNearest(query, breadth);
                GraphSearch.Found ours = GraphSearch.nearest(hnsw, nodeVectors, metric, query, breadth);
                assertEquals(theirs.size(), ours.size(), metric + ", breadth " + breadth);
                Map<Float, Set<String>> theirIds = new HashMap<>();
                Map<Float, Set<String>> ourIds = new HashMap<>();
                for (int i = 0; i < theirs.size(); i++) {
                    assertEquals(theirs.get(i).distance(), ours.distances()[i], 0f, metric + ", breadth " + breadth + ", rank " + i);
                    theirIds.computeIfAbsent(theirs.get(i).distance(), d -> new HashSet<>()).add(theirs.get(i).item().id());
                    ourIds.computeIfAbsent(ours.distances()[i], d -> new HashSet<>()).add(ours.items()[i].id());
                    IndexedVector held = hnsw.get(ours.items()[i].id()).orElseThrow();
                    assertArrayEquals(held.vector(), ours.items()[i].vector(), 0f, "the item returned is the one held");
                    assertTrue(Integer.parseInt(ours.items()[i].id().substring(1)) % 7 != 0,
                            "a removed node was returned: " + ours.items()[i].id());
                }
                if (!theirs.isEmpty()) {
                    theirIds.remove(theirs.get(theirs.size() - 1).distance()); // the cut-off's ties: either may be kept
                    ourIds.remove(ours.distances()[ours.size() - 1]);
                }
                assertEquals(theirIds, ourIds, metric + ", breadth " + breadth);
                compared++;
            }
        }
        return compared;
    }

    @Test
    void anEmptyGraphFindsNothing() {
        HnswIndex<String, float[], IndexedVector, Float> hnsw = HnswIndex
                .newBuilder(4, Distances.function(Metric.L2), 10).withRemoveEnabled().build();
        assertEquals(0, GraphSearch.nearest(hnsw, new NodeVectors(), Metric.L2, new float[4], 10).size());
    }

    @Property(tries = 200)
    void packedKeysOrderByDistanceThenId(@ForAll float a, @ForAll float b, @ForAll int idA, @ForAll int idB) {
        if (Float.isNaN(a) || Float.isNaN(b) || idA < 0 || idB < 0) {
            return;
        }
        long ka = GraphSearch.pack(a, idA);
        long kb = GraphSearch.pack(b, idB);
        assertEquals(a, GraphSearch.distanceOf(ka), 0f);
        assertEquals(idA, GraphSearch.idOf(ka));
        int expected = Float.compare(a, b); // -0.0 before 0.0, as Float.compare has it
        if (expected != 0) {
            assertEquals(expected, Long.signum(Long.compare(ka, kb)), a + " vs " + b);
        }
    }

    @Property(tries = 100)
    void theHeapPopsInOrder(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        GraphSearch.LongHeap heap = new GraphSearch.LongHeap();
        List<Long> pushed = new ArrayList<>();
        int n = random.nextInt(1, 600);
        for (int i = 0; i < n; i++) {
            long v = random.nextLong(-1_000, 1_000);
            heap.push(v);
            pushed.add(v);
            if (random.nextInt(4) == 0) { // interleave pops, as the walk does
                long popped = heap.pop();
                Long min = pushed.stream().min(Long::compare).orElseThrow();
                assertEquals(min.longValue(), popped);
                pushed.remove(min);
            }
        }
        pushed.sort(Long::compare);
        for (long expected : pushed) {
            assertEquals(expected, heap.pop());
        }
        assertEquals(0, heap.size());
    }
}
