package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/admin/sync/verify} and {@code GET /v1/admin/config}: admin keys only; the config names no secret. */
class AdminEndpointsTest {
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start(b -> b.statementTimeout(Duration.ofSeconds(42)).rateLimit(500));
        s.sql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        s.sql("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void verify_comparesEveryReplicatedTable() throws Exception {
        JsonNode r = s.post("/v1/admin/sync/verify", s.adminKey, null).expect(200).json();
        assertTrue(r.get("consistent").asBoolean(), r.toString());
        JsonNode t = null;
        for (JsonNode x : r.get("tables")) {
            if (x.get("table").asText().equals("t")) {
                t = x;
            }
        }
        assertTrue(t != null, r.toString());
        assertEquals(3, t.get("sqliteRows").asLong());
        assertEquals(3, t.get("replicaRows").asLong());
        assertTrue(t.get("matched").asBoolean());
        assertFalse(t.get("repaired").asBoolean());
    }

    @Test
    void config_showsSettingsAndNoSecrets() throws Exception {
        LiveServer.Answer a = s.get("/v1/admin/config", s.adminKey).expect(200);
        JsonNode c = a.json();
        assertEquals(42_000, c.get("statementTimeoutMs").asLong());
        assertEquals(500, c.get("rateLimitPerSecond").asInt());
        assertEquals("127.0.0.1", c.get("host").asText());
        assertEquals(s.server.port(), c.get("port").asInt());
        assertTrue(c.get("authentication").asBoolean());
        assertFalse(c.get("tls").asBoolean());
        assertFalse(a.body().contains(s.adminKey));
    }

    @Test
    void onlyAdminKeys() throws Exception {
        for (String role : new String[] {"read", "write", "metrics"}) {
            String key = s.key(role, null, null);
            s.post("/v1/admin/sync/verify", key, null).expect(403);
            s.get("/v1/admin/config", key).expect(403);
        }
        s.get("/v1/admin/config", null).expect(401);
    }
}
