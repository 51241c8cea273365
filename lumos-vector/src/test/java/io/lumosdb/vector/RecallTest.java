package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall against brute force on 20,000 clustered 384-dimensional vectors, unfiltered at default settings
 * and filtered at 0.1%, 1%, 10% and 50% selectivity.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecallTest {
    static final int N = 20_000;
    static final int DIMENSIONS = 384;
    static final int QUERIES = 50;
    static final int K = 10;

    @TempDir
    static Path dir;
    SqliteStorage storage;
    VectorCollections vectors;
    VectorCollection docs;
    List<float[]> data;
    List<float[]> queries;

    @BeforeAll
    void load() throws SQLException {
        storage = new SqliteStorage(dir);
        vectors = VectorCollections.open(storage);
        docs = vectors.create("docs", VectorSpec.of(DIMENSIONS, Metric.COSINE).withTextField(null));
        data = Vectors.clustered(N, DIMENSIONS, 100, 0.6, 1);
        queries = new ArrayList<>(Vectors.clustered(N + QUERIES, DIMENSIONS, 100, 0.6, 1).subList(N, N + QUERIES));
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            // bucket i % 1000: bucket < 1 is 0.1%, < 10 is 1%, < 100 is 10%, < 500 is 50%
            batch.add(new VectorRecord("v" + i, data.get(i), Map.of("bucket", i % 1000)));
            if (batch.size() == 2_000) {
                docs.upsertAll(batch);
                batch.clear();
            }
        }
    }

    @AfterAll
    void close() throws SQLException {
        vectors.close();
        storage.close();
    }

    /** The exact k nearest ids among vectors whose bucket is below {@code below}. */
    private Set<String> exact(float[] q, int below) {
        double[] score = new double[N];
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (i % 1000 < below) {
                ids.add(i);
                score[i] = Vectors.cosine(q, data.get(i));
            }
        }
        ids.sort((a, b) -> Double.compare(score[b], score[a]));
        Set<String> out = new HashSet<>();
        for (int i = 0; i < Math.min(K, ids.size()); i++) {
            out.add("v" + ids.get(i));
        }
        return out;
    }

    private double recall(int below) throws SQLException {
        int found = 0;
        int wanted = 0;
        for (float[] q : queries) {
            Set<String> truth = exact(q, below);
            SearchRequest r = SearchRequest.of(q).k(K);
            if (below < 1000) {
                r = r.filter("bucket < " + below);
            }
            List<VectorHit> hits = docs.search(r);
            assertEquals(Math.min(K, truth.size()), hits.size(), "k results whenever k vectors match (bucket < " + below + ")");
            for (VectorHit h : hits) {
                if (truth.contains(h.id())) {
                    found++;
                }
            }
            wanted += truth.size();
        }
        return (double) found / wanted;
    }

    @Test
    void unfilteredRecallAt10_atDefaultSettings() throws SQLException {
        double recall = recall(1000);
        assertTrue(recall >= 0.95, "recall@10 " + recall);
        assertEquals(SearchPlan.Strategy.HNSW, docs.explain(SearchRequest.of(queries.get(0))).strategy());
    }

    @Test
    void filteredRecall_atEverySelectivity() throws SQLException {
        for (int below : new int[] {1, 10, 100, 500}) {
            double recall = recall(below);
            assertTrue(recall >= 0.99, "filtered recall@10 at " + below / 10.0 + "% selectivity: " + recall);
        }
        assertEquals(SearchPlan.Strategy.EXACT_SCAN, docs.explain(SearchRequest.of(queries.get(0)).filter("bucket < 1")).strategy());
        SearchPlan broad = docs.explain(SearchRequest.of(queries.get(0)).filter("bucket < 500"));
        assertEquals(SearchPlan.Strategy.HNSW_FILTERED, broad.strategy(), broad.reason());
        assertTrue(broad.estimatedSelectivity() > 0.4 && broad.estimatedSelectivity() < 0.6, broad.toString());
    }

    @Test
    void filterMatchingFewerThanK_returnsAllOfThem() throws SQLException {
        List<VectorHit> hits = docs.search(SearchRequest.of(queries.get(0)).k(50).filter("bucket = 7"));
        assertEquals(N / 1000, hits.size());
        assertEquals(0, docs.search(SearchRequest.of(queries.get(0)).k(5).filter("bucket = -1")).size());
    }
}
