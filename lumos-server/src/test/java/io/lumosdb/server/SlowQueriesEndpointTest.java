package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lumosdb.SlowQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/admin/slow-queries}: the server's recent slow statements, literals redacted, to metrics and admin keys only. */
class SlowQueriesEndpointTest {
    @TempDir
    Path dir;

    @Test
    void slowStatements_areListedNewestFirst_withTheirLiteralsRedacted() throws Exception {
        try (LiveServer s = LiveServer.startIn(dir, b -> b.slowQueryThreshold(Duration.ZERO))) {
            String metricsKey = s.key("metrics", null, null);
            String readKey = s.key("read", null, null);
            s.sql("CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT)");
            s.sql("INSERT INTO patients VALUES (918273, 'Jane Secretname')");
            s.post("/v1/sql", readKey, "{\"sql\":\"SELECT name FROM patients WHERE name = 'Jane Secretname' AND id > 918000\"}").expect(200);
            s.post("/v1/sql", readKey, "{\"sql\":\"SELECT name FROM patients WHERE id = ?\",\"params\":[918273]}").expect(200);

            s.get("/v1/admin/slow-queries", readKey).expect(403);
            s.get("/v1/admin/slow-queries", null).expect(401);
            LiveServer.Answer a = s.get("/v1/admin/slow-queries", metricsKey).expect(200);
            String body = a.body();
            // the literals, whole: a timestamp's digits may hold "918"
            assertFalse(body.contains("Secretname") || body.contains("918273") || body.contains("918000"), body);
            JsonNode answer = a.json();
            assertEquals(0, answer.get("thresholdMs").asLong());
            assertEquals(SlowQueries.CAPACITY, answer.get("capacity").asInt());
            JsonNode newest = answer.get("queries").get(0);
            assertEquals("SELECT name FROM patients WHERE id = ?", newest.get("sql").asText(), body);
            assertEquals("query", newest.get("kind").asText());
            assertEquals(1, newest.get("rows").asLong());
            JsonNode literals = answer.get("queries").get(1);
            assertEquals("SELECT name FROM patients WHERE name = ? AND id > ?", literals.get("sql").asText(), body);
            assertTrue(literals.get("elapsedMs").asLong() >= 0 && !literals.get("route").asText().isEmpty(), body);
            Instant.parse(newest.get("at").asText());
            assertTrue(body.contains("\"INSERT INTO patients VALUES (?, ?)\""), body);
            s.get("/v1/admin/slow-queries", s.adminKey).expect(200);
        }
    }

    @Test
    void theRing_keepsTheLastHundred() {
        SlowQueries ring = new SlowQueries(Duration.ZERO);
        for (int i = 0; i < SlowQueries.CAPACITY + 25; i++) {
            ring.accept(new SlowQuery(Instant.now(), "query", "OLTP", "key_lookup", i, 1, "SELECT " + i));
        }
        assertEquals(SlowQueries.CAPACITY, ring.newestFirst().size());
        assertEquals("SELECT 124", ring.newestFirst().get(0).sql());
        assertEquals("SELECT 25", ring.newestFirst().get(SlowQueries.CAPACITY - 1).sql());
    }
}
