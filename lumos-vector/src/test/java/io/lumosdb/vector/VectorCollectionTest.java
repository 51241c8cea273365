package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collection API on a real SQLite file: writes, search, filters, hybrid, bad input. */
class VectorCollectionTest {
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

    private static float[] v(float... xs) {
        return xs;
    }

    @Test
    void upsertSearchDelete_onEveryMetric() throws SQLException {
        for (Metric metric : Metric.values()) {
            VectorCollection c = vectors.create("m_" + metric.name(), VectorSpec.of(3, metric));
            c.upsert("x", v(1, 0, 0), Map.of("axis", "x"));
            c.upsert("y", v(0, 1, 0), Map.of("axis", "y"));
            c.upsert("xy", v(1, 1, 0), Map.of("axis", "xy"));
            List<VectorHit> hits = c.search(SearchRequest.of(v(1, 0.1f, 0)).k(2));
            String closest = metric == Metric.INNER_PRODUCT ? "xy" : "x"; // the longer vector has the larger dot product
            assertEquals(closest, hits.get(0).id(), metric + ": " + hits);
            assertEquals(closest, hits.get(0).metadata().get("axis"));
            assertTrue(hits.get(0).score() > hits.get(1).score(), "higher score is closer: " + hits);
            c.upsert("x", v(0, 0, 1), Map.of("axis", "z")); // replaced
            assertEquals(3, c.size());
            assertEquals("xy", c.search(SearchRequest.of(v(1, 0.1f, 0)).k(1)).get(0).id(), "x moved away");
            assertTrue(c.delete("y"));
            assertFalse(c.delete("y"));
            assertEquals(2, c.size());
            assertEquals(2, storage.count("SELECT count(*) FROM vectors_m_" + metric.name().toLowerCase()));
            for (VectorHit h : c.search(SearchRequest.of(v(0, 1, 0)).k(5))) {
                assertFalse(h.id().equals("y"), "deleted vectors are not found");
            }
        }
    }

    @Test
    void cosineScore_isTheCosineSimilarity() throws SQLException {
        VectorCollection c = vectors.create("cos", VectorSpec.of(2, Metric.COSINE));
        c.upsert("a", v(3, 4), Map.of());
        double score = c.search(SearchRequest.of(v(4, 3)).k(1)).get(0).score();
        assertEquals(24.0 / 25.0, score, 1e-6);
    }

    @Test
    void filters_selectByMetadata_withSqlSemantics() throws SQLException {
        VectorCollection c = vectors.create("docs", VectorSpec.of(2, Metric.L2));
        c.upsertAll(List.of(
                new VectorRecord("a", v(0, 0), Map.of("lang", "en", "year", 2020, "tags", Map.of("kind", "faq"))),
                new VectorRecord("b", v(0, 1), Map.of("lang", "de", "year", 2024)),
                new VectorRecord("c", v(1, 1), Map.of("lang", "en", "year", 2024, "draft", true)),
                new VectorRecord("d", v(2, 2), Map.of("year", 2021.5))));
        assertEquals(List.of("a", "c"), ids(c, "lang = 'en'"));
        assertEquals(List.of("c"), ids(c, "lang = 'en' AND year >= 2021"));
        assertEquals(List.of("a", "b", "d"), ids(c, "year < 2024 OR lang = 'de'"));
        assertEquals(List.of("b", "c"), ids(c, "year IN (2024, 1999)"));
        assertEquals(List.of("a", "d"), ids(c, "year BETWEEN 2020 AND 2022"));
        assertEquals(List.of("d"), ids(c, "lang IS NULL"));
        assertEquals(List.of("b"), ids(c, "NOT lang = 'en'"), "NOT of unknown (d has no lang) is unknown");
        assertEquals(List.of("a"), ids(c, "tags.kind = 'faq'"));
        assertEquals(List.of("c"), ids(c, "draft = TRUE"));
        assertEquals(List.of("a", "c"), ids(c, "lang LIKE 'e%'"));
        assertEquals(List.of(), ids(c, "lang LIKE 'E%'"), "LIKE is case-sensitive");
        assertEquals(List.of("b", "c"), ids(c, "2023 < year"));
        assertEquals(List.of(), ids(c, "year = '2024'"), "text never equals a number");
    }

    private static List<String> ids(VectorCollection c, String filter) throws SQLException {
        List<String> ids = new ArrayList<>();
        for (VectorHit h : c.search(SearchRequest.of(v(0, 0)).k(10).filter(filter))) {
            ids.add(h.id());
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void filtersThatAreNotMetadataPredicates_areRefused_andNothingRuns() throws SQLException {
        VectorCollection c = vectors.create("docs", VectorSpec.of(2, Metric.L2));
        c.upsert("a", v(0, 0), Map.of("lang", "en"));
        for (String bad : new String[] {"lang = 'en'; DROP TABLE vectors_docs", "lang = (SELECT 1)", "upper(lang) = 'EN'",
                "lang = other", "1 = 1", "lang ==", "lang = 'en' AND EXISTS (SELECT 1 FROM sqlite_master)"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> c.search(SearchRequest.of(v(0, 0)).filter(bad)), bad);
            assertTrue(e.getMessage().contains("filter"), e.getMessage());
        }
        assertEquals(1, storage.count("SELECT count(*) FROM vectors_docs"));
    }

    @Test
    void aTenantFilterCombinedAsTrees_holdsWhateverTheCallersFilterSays() throws SQLException {
        VectorCollection c = vectors.create("docs", VectorSpec.of(2, Metric.L2));
        c.upsertAll(List.of(new VectorRecord("mine", v(0, 0), Map.of("tenant", "acme", "lang", "en")),
                new VectorRecord("theirs", v(0, 1), Map.of("tenant", "zeta", "lang", "en"))));
        MetadataFilter tenant = MetadataFilter.parse("tenant = " + MetadataFilter.literal("acme"));
        for (String asked : new String[] {"lang = 'en' OR lang <> 'en'", "lang IS NOT NULL OR tenant = 'zeta'", "NOT lang = 'xx'"}) {
            MetadataFilter both = tenant.and(MetadataFilter.parse(asked));
            assertEquals(List.of("mine"), c.search(SearchRequest.of(v(0, 1)).k(5).filter(both)).stream().map(VectorHit::id).toList());
            assertEquals(List.of("mine"), c.ids(both.toString()));
        }
        assertThrows(IllegalArgumentException.class, () -> MetadataFilter.parse("lang = 'en') OR (lang = 'en'"));
    }

    @Test
    void badVectorsAndNames_areRefused_andNothingIsWritten() throws SQLException {
        VectorCollection c = vectors.create("docs", VectorSpec.of(3, Metric.COSINE));
        assertThrows(IllegalArgumentException.class, () -> c.upsert("a", v(1, 2), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> c.upsert("a", v(1, Float.NaN, 2), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> c.upsert("a", v(1, Float.POSITIVE_INFINITY, 2), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> c.upsert("a", v(0, 0, 0), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> c.upsert("", v(1, 0, 0), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> c.upsert("a", v(1, 0, 0), Map.of("when", new Object())));
        assertThrows(IllegalArgumentException.class, () -> c.upsertAll(List.of(new VectorRecord("ok", v(1, 0, 0), Map.of()),
                new VectorRecord("bad", v(1, 0), Map.of()))), "a batch is checked whole before anything is written");
        assertThrows(IllegalArgumentException.class, () -> c.search(SearchRequest.of(v(1, 0))));
        assertEquals(0, storage.count("SELECT count(*) FROM vectors_docs"));
        assertEquals(0, c.size());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> vectors.create("DOCS", VectorSpec.of(3, Metric.COSINE)));
        assertTrue(dup.getMessage().contains("exists"), dup.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> vectors.open("nope"));
        assertTrue(unknown.getMessage().contains("no vector collection named 'nope'"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vectors.create("bad name; DROP", VectorSpec.of(3, Metric.L2)));
        assertThrows(IllegalArgumentException.class, () -> VectorSpec.of(0, Metric.L2));
    }

    @Test
    void hybridSearch_fusesKeywordAndVectorRanks() throws SQLException {
        VectorCollection c = vectors.create("docs", VectorSpec.of(2, Metric.COSINE));
        c.upsert("k8s", v(0, 1), Map.of("text", "Kubernetes autoscaling of pods", "lang", "en"));
        c.upsert("near", v(1, 0.01f), Map.of("text", "a recipe for bread", "lang", "en"));
        c.upsert("other", v(1, 0.5f), Map.of("text", "autoscaling groups", "lang", "de"));
        List<VectorHit> vectorOnly = c.search(SearchRequest.of(v(1, 0)).k(1));
        assertEquals("near", vectorOnly.get(0).id());
        List<VectorHit> hybrid = c.search(SearchRequest.of(v(1, 0)).k(3).text("kubernetes autoscaling").weights(0.2, 1.0));
        assertEquals("k8s", hybrid.get(0).id(), hybrid.toString());
        List<VectorHit> filtered = c.search(SearchRequest.of(v(1, 0)).k(3).text("autoscaling").filter("lang = 'de'"));
        assertEquals(List.of("other"), filtered.stream().map(VectorHit::id).toList());
        assertEquals(List.of(), c.search(SearchRequest.of(v(1, 0)).k(3).text("\" OR * NEAR(").filter("lang = 'xx'")),
                "FTS syntax in the text is taken as words");
        c.delete("k8s");
        assertFalse(c.search(SearchRequest.of(v(1, 0)).k(3).text("kubernetes")).stream().anyMatch(h -> h.id().equals("k8s")));
        SearchPlan plan = c.explain(SearchRequest.of(v(1, 0)).k(3).text("kubernetes"));
        assertTrue(plan.reason().contains("BM25"), plan.reason());
    }

    @Test
    void namesAndDrop() throws SQLException {
        vectors.create("b", VectorSpec.of(2, Metric.L2));
        vectors.create("a", VectorSpec.of(2, Metric.L2)).upsert("x", v(1, 1), Map.of());
        assertEquals(List.of("a", "b"), vectors.names());
        vectors.snapshotAll();
        vectors.drop("a");
        assertEquals(List.of("b"), vectors.names());
        assertFalse(vectors.exists("a"));
        assertFalse(java.nio.file.Files.exists(dir.resolve("vectors").resolve("a.hnsw")));
        assertEquals(0, storage.count("SELECT count(*) FROM sqlite_master WHERE name = 'vectors_a'"));
    }

    @Test
    void change_commitsVectorsDeletesAndSideWorkTogether_orNothing() throws SQLException {
        VectorCollection c = vectors.create("atomic", VectorSpec.of(2, Metric.COSINE));
        storage.write(java.util.Set.of("side"), true, conn -> conn.createStatement().executeUpdate("CREATE TABLE side(id TEXT)"));
        c.upsertAll(List.of(new VectorRecord("a", v(1, 0), Map.of()), new VectorRecord("b", v(0, 1), Map.of())));
        List<String> deleted = c.change(List.of(new VectorRecord("c", v(1, 1), Map.of("text", "carrot cake"))), List.of("a", "nope"),
                new SideWrite(java.util.Set.of("side"), conn -> conn.createStatement().executeUpdate("INSERT INTO side VALUES ('c')")));
        assertEquals(List.of("a"), deleted, "only ids that existed are reported");
        assertEquals(java.util.Set.of("b", "c"), new java.util.HashSet<>(c.ids(null)));
        assertEquals(1, storage.count("SELECT count(*) FROM side"));
        SQLException failed = assertThrows(SQLException.class, () -> c.change(List.of(new VectorRecord("d", v(1, 0), Map.of())),
                List.of("b"), new SideWrite(java.util.Set.of("side"), conn -> conn.createStatement().executeUpdate("INSERT INTO missing VALUES (1)"))));
        assertTrue(failed.getMessage().contains("missing"), failed.getMessage());
        assertEquals(java.util.Set.of("b", "c"), new java.util.HashSet<>(c.ids(null)), "nothing of a failed change is applied");
        assertTrue(c.contains("b"));
        assertFalse(c.contains("d"));
        assertEquals(2, storage.count("SELECT count(*) FROM vectors_atomic"));
        assertEquals(1, storage.count("SELECT count(*) FROM side"));
        c.deleteAll(List.of("b", "c"));
        assertEquals(0, c.size());
    }

    @Test
    void idsKeywordSearchAndScores() throws SQLException {
        VectorCollection c = vectors.create("kw", VectorSpec.of(2, Metric.COSINE));
        c.upsertAll(List.of(new VectorRecord("a", v(1, 0), Map.of("text", "Alice moved to Berlin", "owner", "O'Brien")),
                new VectorRecord("b", v(0, 1), Map.of("text", "Bob moves flats every year", "owner", "bob")),
                new VectorRecord("c", v(1, 1), Map.of("text", "nothing relevant here", "owner", "bob"))));
        assertEquals(List.of("a"), c.ids("owner = 'O''Brien'"), "a doubled quote is one quote");
        List<VectorHit> moved = c.keywordSearch("moving", null, 10);
        assertEquals(java.util.Set.of("a", "b"), moved.stream().map(VectorHit::id).collect(java.util.stream.Collectors.toSet()),
                "words are stemmed: moving finds moved and moves");
        assertTrue(moved.get(0).score() > 0);
        assertEquals(List.of("b"), c.keywordSearch("moving", "owner = 'bob'", 10).stream().map(VectorHit::id).toList());
        Map<String, Double> scores = c.scores(v(1, 0), List.of("a", "c", "gone"));
        assertEquals(1.0, scores.get("a"), 1e-6);
        assertEquals(Math.sqrt(0.5), scores.get("c"), 1e-6);
        assertFalse(scores.containsKey("gone"));
        assertEquals("bob", c.metadata("b").orElseThrow().get("owner"));
        assertThrows(IllegalArgumentException.class, () -> c.ids("owner = "));
        VectorCollection plain = vectors.create("plain", VectorSpec.of(2, Metric.L2).withTextField(null));
        assertThrows(IllegalArgumentException.class, () -> plain.keywordSearch("x", null, 5));
    }

    @Test
    void equalityIndex_narrowsSelectiveFilters_andFollowsEveryWrite() throws SQLException {
        VectorCollection c = vectors.create("tenants", VectorSpec.of(2, Metric.COSINE));
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(new VectorRecord("v" + i, v(1 + i % 7, 1 + i % 11), Map.of("tenant", "t" + (i % 500), "year", 2000 + i % 3,
                    "text", "doc " + i)));
        }
        c.upsertAll(batch);
        SearchPlan plan = c.explain(SearchRequest.of(v(1, 1)).k(5).filter("tenant = 't7' AND year >= 2000"));
        assertEquals(SearchPlan.Strategy.EXACT_SCAN, plan.strategy());
        assertTrue(plan.reason().contains("index on tenant"), plan.reason());
        assertEquals(10, plan.estimatedMatches(), "counted exactly, not estimated");
        assertEquals(10, c.ids("tenant = 't7'").size());
        assertEquals(20, c.ids("tenant IN ('t7', 't8')").size());
        assertEquals(c.ids("year = 2001").size(), c.ids("year = 2001.0").size(), "numbers are equal by value");
        // the index follows upserts that change the field, deletes and atomic changes
        c.upsert("v7", v(1, 1), Map.of("tenant", "moved", "year", 2001));
        c.delete("v507");
        c.change(List.of(new VectorRecord("new", v(2, 1), Map.of("tenant", "t7"))), List.of("v1007"), SideWrite.NONE);
        java.util.Set<String> t7 = new java.util.HashSet<>(c.ids("tenant = 't7'"));
        assertFalse(t7.contains("v7") || t7.contains("v507") || t7.contains("v1007"), t7.toString());
        assertTrue(t7.contains("new"));
        assertEquals(8, t7.size());
        List<VectorHit> hits = c.search(SearchRequest.of(v(1, 1)).k(20).filter("tenant = 't7'"));
        assertEquals(t7, hits.stream().map(VectorHit::id).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of("v7"), c.ids("tenant = 'moved'"));
        assertEquals(java.util.Set.of("v2507", "v4007"), c.keywordSearch("doc", "tenant = 't7' AND year = 2002", 10).stream()
                .map(VectorHit::id).collect(java.util.stream.Collectors.toSet()), "keywords searched within the index's ids");
    }
}
