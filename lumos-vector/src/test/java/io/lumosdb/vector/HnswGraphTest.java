package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The graph itself: recall against exact search for every metric, filters during the walk, removed nodes, structure. */
class HnswGraphTest {
    static final int N = 2_000;
    static final int DIMENSIONS = 32;
    static final int K = 10;

    static List<IndexedVector> vectors(int n, Metric metric, long seed) {
        List<float[]> raw = Vectors.clustered(n, DIMENSIONS, 20, 0.6, seed);
        List<IndexedVector> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new IndexedVector("v" + i, Distances.prepare(raw.get(i), DIMENSIONS, metric, "v" + i), i + 1));
        }
        return out;
    }

    static List<float[]> queries(Metric metric) {
        List<float[]> out = new ArrayList<>();
        for (float[] q : Vectors.clustered(50, DIMENSIONS, 20, 0.6, 77)) {
            out.add(Distances.prepare(q, DIMENSIONS, metric, "query"));
        }
        return out;
    }

    /** The exact k nearest ids among {@code vectors} that {@code keep} accepts (by index). */
    static Set<String> exact(List<IndexedVector> vectors, Metric metric, float[] q, int k, IntPredicate keep) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            if (keep.test(i)) {
                ids.add(i);
            }
        }
        ids.sort((a, b) -> Float.compare(Distances.distance(metric, q, vectors.get(a).vector()),
                Distances.distance(metric, q, vectors.get(b).vector())));
        Set<String> out = new HashSet<>();
        for (int i = 0; i < Math.min(k, ids.size()); i++) {
            out.add(vectors.get(ids.get(i)).id());
        }
        return out;
    }

    static VectorSpec spec(Metric metric) {
        return VectorSpec.of(DIMENSIONS, metric);
    }

    private static double recall(GraphIndex index, List<IndexedVector> vectors, Metric metric, int ef, IntPredicate keep) {
        int found = 0;
        int wanted = 0;
        for (float[] q : queries(metric)) {
            Set<String> truth = exact(vectors, metric, q, K, keep);
            IntPredicate filter = keep == null ? null : node -> keep.test(Integer.parseInt(index.id(node).substring(1)));
            HnswGraphSearcher.Found hits = index.nearest(q, ef, filter, Integer.MAX_VALUE);
            for (int i = 0; i < Math.min(K, hits.size()); i++) {
                found += truth.contains(index.id(hits.nodes()[i])) ? 1 : 0;
            }
            wanted += truth.size();
        }
        return (double) found / wanted;
    }

    @ParameterizedTest
    @EnumSource(Metric.class)
    void recallAgainstExactSearch_atEf100_forEveryMetric(Metric metric) throws InterruptedException {
        List<IndexedVector> vectors = vectors(N, metric, 11);
        GraphIndex index = GraphIndex.build(spec(metric), vectors, 2, (done, total) -> { });
        assertEquals(N, index.size());
        double recall = recall(index, vectors, metric, 100, i -> true);
        assertTrue(recall >= 0.95, metric + ": recall@10 at ef 100 was " + recall);
        assertStructure(index.graph());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void theSameDataGivesTheSameQuality_onOneThreadOrTwo(int threads) throws InterruptedException {
        List<IndexedVector> vectors = vectors(N, Metric.L2, 12);
        GraphIndex index = GraphIndex.build(spec(Metric.L2), vectors, threads, (done, total) -> { });
        assertTrue(recall(index, vectors, Metric.L2, 100, i -> true) >= 0.95);
        assertStructure(index.graph());
    }

    @Test
    void aFilterIsAppliedDuringTheWalk_onlyMatchesComeBack_andTheNearestOfThem() throws InterruptedException {
        List<IndexedVector> vectors = vectors(N, Metric.COSINE, 13);
        GraphIndex index = GraphIndex.build(spec(Metric.COSINE), vectors, 2, (done, total) -> { });
        for (int every : new int[] {2, 10, 50}) {
            IntPredicate keep = i -> i % every == 0;
            for (float[] q : queries(Metric.COSINE)) {
                HnswGraphSearcher.Found hits = index.nearest(q, 100, node -> keep.test(Integer.parseInt(index.id(node).substring(1))),
                        Integer.MAX_VALUE);
                assertFalse(hits.stoppedEarly());
                assertEquals(Math.min(100, N / every), hits.size(), "the beam fills with matches (1 in " + every + ")");
                for (int node : hits.nodes()) {
                    assertTrue(keep.test(Integer.parseInt(index.id(node).substring(1))), "a rejected node came back");
                }
            }
            double recall = recall(index, vectors, Metric.COSINE, 100, keep);
            assertTrue(recall >= 0.95, "filtered recall@10 (1 in " + every + ") was " + recall);
        }
    }

    @Test
    void aWalkStopsAtItsVisitLimit() throws InterruptedException {
        List<IndexedVector> vectors = vectors(N, Metric.L2, 14);
        GraphIndex index = GraphIndex.build(spec(Metric.L2), vectors, 2, (done, total) -> { });
        HnswGraphSearcher.Found none = index.nearest(queries(Metric.L2).get(0), 10, node -> false, 300);
        assertTrue(none.stoppedEarly(), "a filter nothing passes walks until the limit");
        assertEquals(0, none.size());
        HnswGraphSearcher.Found all = index.nearest(queries(Metric.L2).get(0), 10, node -> false, Integer.MAX_VALUE);
        assertFalse(all.stoppedEarly(), "without a limit it walks the whole graph, then stops");
    }

    @Test
    void removedAndReplacedNodesAreNeverReturned_andTheirIdsFindTheNewVector() throws InterruptedException {
        List<IndexedVector> vectors = vectors(N, Metric.COSINE, 15);
        GraphIndex index = GraphIndex.build(spec(Metric.COSINE), vectors, 2, (done, total) -> { });
        Set<String> removed = new HashSet<>();
        for (int i = 0; i < N; i += 3) {
            assertTrue(index.remove("v" + i, N + i));
            removed.add("v" + i);
        }
        assertFalse(index.remove("v0", N), "already removed");
        List<IndexedVector> replacements = vectors(200, Metric.COSINE, 16);
        List<IndexedVector> updates = new ArrayList<>();
        for (int i = 0; i < replacements.size(); i++) {
            updates.add(new IndexedVector("v" + (3 * i + 1), replacements.get(i).vector(), 10 * N + i));
        }
        index.addAll(updates, 2);
        assertEquals(N - removed.size(), index.size());
        assertEquals(removed.size() + updates.size(), index.removed());
        for (float[] q : queries(Metric.COSINE)) {
            HnswGraphSearcher.Found hits = index.nearest(q, 100, null, Integer.MAX_VALUE);
            Set<String> seen = new HashSet<>();
            for (int node : hits.nodes()) {
                String id = index.id(node);
                assertFalse(removed.contains(id), "removed " + id + " came back");
                assertTrue(seen.add(id), id + " came back twice");
            }
        }
        for (IndexedVector u : updates) {
            assertEquals(0f, index.distance(u.vector(), u.id()), 1e-5f, "the id's vector is the new one");
            HnswGraphSearcher.Found top = index.nearest(u.vector(), 10, null, Integer.MAX_VALUE);
            assertEquals(u.id(), index.id(top.nodes()[0]));
        }
        index.addAll(List.of(new IndexedVector("v1", vectors.get(5).vector(), 1)), 1); // older than held: ignored
        assertEquals(0f, index.distance(updates.get(0).vector(), "v1"), 1e-5f);
        GraphIndex compacted = index.rebuilt(2, (done, total) -> { });
        assertEquals(index.size(), compacted.size());
        assertEquals(0, compacted.removed());
        assertStructure(compacted.graph());
    }

    @Test
    void anEmptyGraphFindsNothing() {
        GraphIndex index = GraphIndex.empty(spec(Metric.L2));
        assertEquals(0, index.nearest(new float[DIMENSIONS], 10, null, Integer.MAX_VALUE).size());
        index.add(new IndexedVector("only", new float[DIMENSIONS], 1));
        assertEquals("only", index.id(index.nearest(new float[DIMENSIONS], 10, null, Integer.MAX_VALUE).nodes()[0]));
    }

    /** Every list sorted, within its size, without self-links, to nodes that reach that level, with true distances. */
    static void assertStructure(HnswGraph graph) {
        float[] v = new float[graph.dimensions()];
        for (int node = 0; node < graph.size(); node++) {
            graph.copyVector(node, v);
            for (int level = 0; level <= graph.level(node); level++) {
                long[] list = graph.neighbours(node, level);
                assertTrue(list.length <= graph.maxNeighbours(level), "node " + node + " level " + level + ": " + list.length);
                assertTrue(level > 0 || graph.size() == 1 || list.length > 0, "node " + node + " is cut off on level 0");
                for (int i = 0; i < list.length; i++) {
                    int n = NeighborQueue.nodeOf(list[i]);
                    assertTrue(n != node && graph.level(n) >= level, "node " + node + " links to " + n + " on level " + level);
                    assertTrue(i == 0 || list[i - 1] < list[i], "node " + node + "'s list is not sorted");
                    assertEquals(graph.distance(v, n), NeighborQueue.distanceOf(list[i]), 1e-4f);
                }
            }
        }
    }
}
