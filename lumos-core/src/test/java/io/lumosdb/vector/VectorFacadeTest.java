package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vector collections through the facade: SQL over them on both engines, the cache, reopen. */
class VectorFacadeTest {
    @TempDir
    Path dir;

    @Test
    void collectionsLiveInTheDatabase_queryableBySql_onBothEngines_andSurviveReopen() throws SQLException {
        Path path = dir.resolve("db");
        try (LumosDB db = LumosDB.builder().directory(path).largeTableRows(10).open()) {
            VectorCollection docs = db.vectors().create("docs", VectorSpec.of(4, Metric.COSINE));
            for (int i = 0; i < 40; i++) {
                docs.upsert("d" + i, new float[] {1, i, i % 3, 1}, Map.of("lang", i % 2 == 0 ? "en" : "de", "year", 2000 + i));
            }
            String perLang = "SELECT json_extract(metadata, '$.lang') AS lang, count(*) AS n FROM vectors_docs GROUP BY lang ORDER BY lang";
            QueryResult sql = db.query(perLang);
            assertEquals(List.of("de", "en"), sql.rows().stream().map(r -> r.getString("lang")).toList());
            assertEquals(20L, sql.rows().get(0).getLong("n"));
            QueryResult olap = db.query(Route.OLAP, "SELECT count(*) FROM vectors_docs WHERE len(embedding) = 4");
            assertEquals(40L, olap.rows().get(0).getLong(0), "the replica holds every vector as FLOAT[4]");
            QueryResult nearest = db.query(Route.OLAP, "SELECT id FROM vectors_docs"
                    + " ORDER BY array_cosine_distance(embedding, [1, 5, 2, 1]::FLOAT[4]), id LIMIT 1");
            assertEquals("d5", nearest.rows().get(0).getString(0), "exact search in DuckDB over the columnar copy");
            assertTrue(java.util.Arrays.equals(
                    db.query(Route.OLTP, "SELECT embedding FROM vectors_docs WHERE id = 'd3'").rows().get(0).getBytes(0),
                    db.query(Route.OLAP, "SELECT embedding FROM vectors_docs WHERE id = 'd3'").rows().get(0).getBytes(0)),
                    "the same float32 bytes on both routes");

            QueryResult cached = db.query("SELECT count(*) FROM vectors_docs");
            docs.delete("d0");
            QueryResult after = db.query("SELECT count(*) FROM vectors_docs");
            assertFalse(after.fromCache(), "a vector write makes cached reads of its table stale");
            assertEquals(cached.rows().get(0).getLong(0) - 1, after.rows().get(0).getLong(0));

            List<VectorHit> hits = docs.search(SearchRequest.of(new float[] {1, 5, 2, 1}).k(3).filter("lang = 'de'"));
            assertEquals("d5", hits.get(0).id());
            assertThrows(SQLTransientException.class, () -> db.transaction(tx -> {
                docs.upsert("x", new float[] {1, 1, 1, 1}, Map.of());
                return null;
            }));
        }
        try (LumosDB db = LumosDB.open(path)) {
            VectorCollection docs = db.vectors().open("docs");
            assertEquals(39, docs.size());
            assertEquals("d5", docs.search(SearchRequest.of(new float[] {1, 5, 2, 1}).k(1)).get(0).id());
            assertTrue(docs.get("x").isEmpty(), "the write refused inside a transaction left nothing");
            assertEquals(List.of("docs"), db.vectors().names());
        }
    }
}
