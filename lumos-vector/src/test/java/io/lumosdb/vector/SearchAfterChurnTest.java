package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small collection emptied and filled again many times (as a test suite or a cache does): every search that
 * asks for more than are stored returns every live vector, whatever removed nodes the graph still holds; and
 * the request options a store built on it uses (exact search, LIKE with ESCAPE, vectors read in bulk).
 */
class SearchAfterChurnTest {
    @TempDir
    Path dir;
    SqliteStorage storage;
    VectorCollections vectors;

    @BeforeEach
    void open() throws SQLException {
        storage = new SqliteStorage(dir);
        vectors = VectorCollections.open(storage);
    }

    @AfterEach
    void close() throws SQLException {
        vectors.close();
        storage.close();
    }

    @Test
    void emptiedAndRefilled_searchFindsEveryLiveVector() throws SQLException {
        VectorCollection c = vectors.create("churn", VectorSpec.of(16, Metric.COSINE));
        List<float[]> data = Vectors.clustered(300 * 6, 16, 5, 0.3, 7);
        for (int round = 0; round < 300; round++) {
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                batch.add(new VectorRecord("r" + round + "_" + i, data.get(round * 6 + i), Map.of("i", i)));
            }
            c.upsertAll(batch);
            Set<String> expected = batch.stream().map(VectorRecord::id).collect(Collectors.toSet());
            float[] query = data.get(round * 6);
            assertEquals(expected, ids(c.search(SearchRequest.of(query).k(1000))), "round " + round);
            assertEquals(Set.of("r" + round + "_3", "r" + round + "_4", "r" + round + "_5"),
                    ids(c.search(SearchRequest.of(query).k(1000).filter("i >= 3"))), "round " + round + ", filtered");
            c.deleteAll(expected);
        }
    }

    @Test
    void manyEqualVectors_searchAskingForAllFindsAll() throws SQLException {
        VectorCollection c = vectors.create("same", VectorSpec.of(8, Metric.COSINE));
        float[] one = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] other = {8, 7, 6, 5, 4, 3, 2, 1};
        for (int round = 0; round < 50; round++) {
            List<VectorRecord> batch = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                batch.add(new VectorRecord("s" + round + "_" + i, i % 3 == 0 ? other : one, Map.of("i", i)));
            }
            c.upsertAll(batch);
            Set<String> all = batch.stream().map(VectorRecord::id).collect(Collectors.toSet());
            assertEquals(all, ids(c.search(SearchRequest.of(new float[] {1, 1, 1, 1, 1, 1, 1, 2}).k(1000))), "round " + round);
            c.deleteAll(all);
        }
    }

    @Test
    void exactSearch_comparesEveryVector_andSaysSo() throws SQLException {
        VectorCollection c = vectors.create("exact", VectorSpec.of(16, Metric.COSINE).withEf(1).withM(2));
        List<float[]> data = Vectors.clustered(2_000, 16, 20, 0.5, 11);
        List<VectorRecord> records = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            records.add(new VectorRecord("v" + i, data.get(i), Map.of()));
        }
        c.upsertAll(records);
        float[] query = data.get(17);
        List<String> truth = new ArrayList<>();
        records.stream().sorted((a, b) -> Double.compare(Vectors.cosine(b.vector(), query), Vectors.cosine(a.vector(), query)))
                .limit(10).forEach(r -> truth.add(r.id()));
        SearchRequest exact = SearchRequest.of(query).k(10).exact();
        assertEquals(truth, c.search(exact).stream().map(VectorHit::id).toList());
        assertEquals(SearchPlan.Strategy.EXACT_SCAN, c.explain(exact).strategy());
    }

    @Test
    void likeWithEscape_matchesWildcardsLiterally() throws SQLException {
        VectorCollection c = vectors.create("like", VectorSpec.of(2, Metric.L2));
        c.upsert("pct", new float[] {0, 0}, Map.of("s", "50% off"));
        c.upsert("any", new float[] {0, 1}, Map.of("s", "50 % off"));
        c.upsert("under", new float[] {1, 0}, Map.of("s", "a_b"));
        c.upsert("plain", new float[] {1, 1}, Map.of("s", "axb"));
        c.upsert("slash", new float[] {2, 1}, Map.of("s", "c\\d"));
        assertEquals(Set.of("pct", "any"), Set.copyOf(c.ids("s LIKE '50%off'")));
        assertEquals(Set.of("pct"), Set.copyOf(c.ids("s LIKE '%0\\% %' ESCAPE '\\'")));
        assertEquals(Set.of("under"), Set.copyOf(c.ids("s LIKE 'a!_b' ESCAPE '!'")));
        assertEquals(Set.of("under", "plain"), Set.copyOf(c.ids("s LIKE 'a_b'")));
        assertEquals(Set.of("slash"), Set.copyOf(c.ids("s LIKE '%\\\\%' ESCAPE '\\'")));
        assertEquals(Set.of("under", "plain", "slash"), Set.copyOf(c.ids("s NOT LIKE '%!%%' escape '!'")));
        assertEquals("s LIKE 'a!_b' ESCAPE '!'", MetadataFilter.parse("s LIKE 'a!_b' ESCAPE '!'").toString());
        assertThrows(IllegalArgumentException.class, () -> c.ids("s LIKE 'a!' ESCAPE '!'"));
        assertThrows(IllegalArgumentException.class, () -> c.ids("s LIKE 'a' ESCAPE '!!'"));
        assertThrows(IllegalArgumentException.class, () -> c.ids("s LIKE 'a' ESCAPE 1"));
    }

    @Test
    void vectorsInBulk_readTheStoredVectorsOfTheIdsThatExist() throws SQLException {
        VectorCollection c = vectors.create("bulk", VectorSpec.of(2, Metric.COSINE));
        List<VectorRecord> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            records.add(new VectorRecord("v" + i, new float[] {i + 1, 3}, Map.of()));
            ids.add("v" + i);
        }
        c.upsertAll(records);
        ids.add("missing");
        Map<String, float[]> read = c.vectors(ids);
        assertEquals(1_234, read.size());
        assertArrayEquals(new float[] {1_000, 3}, read.get("v999"));
    }

    private static Set<String> ids(List<VectorHit> hits) {
        return hits.stream().map(VectorHit::id).collect(Collectors.toSet());
    }
}
