package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route against every role, no key and bad keys; then the write paths a read key must never take. */
class AuthMatrixTest {
    private static final byte[] SECRET = "a test secret of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8);
    private static LiveServer s;
    private static final Map<Role, String> KEYS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start(b -> b.jwtHs256Secret(SECRET));
        for (Role r : Role.values()) {
            KEYS.put(r, s.key(r.label(), null, null));
        }
        s.sql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        s.sql("INSERT INTO t VALUES (1, 'one')");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void everyRoute_answersEachRoleAsItsAccessSays() throws Exception {
        assertEquals(s.server.registeredRoutes().size(), s.server.access().size());
        for (Map.Entry<String, Access> route : s.server.access().entrySet()) {
            String method = route.getKey().substring(0, route.getKey().indexOf(' '));
            String path = route.getKey().substring(method.length() + 1).replaceAll("\\{[^}]+}", "nothing-here");
            String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
            Access access = route.getValue();
            int anonymous = s.call(method, path, null, body).status();
            int forged = s.call(method, path, "lumos_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", body).status();
            if (access == Access.PUBLIC) {
                assertNotEquals(401, anonymous, route.getKey());
                continue;
            }
            assertEquals(401, anonymous, route.getKey() + " without a key");
            assertEquals(401, forged, route.getKey() + " with an unknown key");
            for (Map.Entry<Role, String> key : KEYS.entrySet()) {
                int status = s.call(method, path, key.getValue(), body).status();
                if (key.getKey().allows(access.role())) {
                    assertTrue(status != 401 && status != 403, route.getKey() + " as " + key.getKey() + " gave " + status);
                } else {
                    assertEquals(403, status, route.getKey() + " as " + key.getKey());
                }
            }
        }
    }

    @Test
    void readKey_cannotChangeAnythingByAnyPath() throws Exception {
        String read = KEYS.get(Role.READ);
        for (String sql : new String[] {"INSERT INTO t VALUES (2, 'two')", "UPDATE t SET v = 'x'", "DELETE FROM t",
            "WITH x AS (SELECT 3 AS id) INSERT INTO t SELECT id, 'w' FROM x", "CREATE TABLE u(a)", "DROP TABLE t",
            "ALTER TABLE t ADD COLUMN w", "PRAGMA user_version = 7", "CREATE INDEX i ON t(v)", "REPLACE INTO t VALUES (1, 'r')"}) {
            LiveServer.Answer a = s.post("/v1/sql", read, LiveServer.JSON.createObjectNode().put("sql", sql).toString());
            assertEquals(403, a.status(), sql + ": " + a.body());
        }
        s.post("/v1/batch", read, "{\"statements\":[{\"sql\":\"SELECT 1\"},{\"sql\":\"INSERT INTO t VALUES (9, 'b')\"}]}").expect(403);
        s.call("PUT", "/v1/collections/c", read, "{\"dimensions\":2}").expect(403);
        s.call("PUT", "/v1/collections/c/points", read, "{\"points\":[{\"id\":\"a\",\"vector\":[1,0]}]}").expect(403);
        s.post("/v1/memories", read, "{\"text\":\"a read key writes\"}").expect(403);
        s.post("/v1/sessions/s/messages", read, "{\"messages\":[{\"role\":\"user\",\"text\":\"hi\"}]}").expect(403);
        s.call("DELETE", "/v1/admin/keys/" + KEYS.get(Role.WRITE), read, null).expect(403);
        assertEquals("[[1,\"one\"]]", s.sql("SELECT * FROM t").get("rows").toString());
        assertEquals(0, s.sql("PRAGMA user_version").get("rows").get(0).get(0).asInt());
        s.post("/v1/sql", read, "{\"sql\":\"SELECT * FROM t\"}").expect(200); // and it reads
        s.post("/v1/sql", read, "{\"sql\":\"PRAGMA table_info(t)\"}").expect(200);
    }

    @Test
    void writeKey_writesButCannotManageKeys() throws Exception {
        String write = KEYS.get(Role.WRITE);
        s.post("/v1/sql", write, "{\"sql\":\"INSERT INTO t VALUES (100, 'w')\"}").expect(200);
        s.post("/v1/sql", write, "{\"sql\":\"DELETE FROM t WHERE id = 100\"}").expect(200);
        s.post("/v1/admin/keys", write, "{\"role\":\"admin\"}").expect(403);
        s.get("/v1/admin/backup", write).expect(403);
    }

    @Test
    void revokedKey_isRefusedAtOnce() throws Exception {
        String key = s.key("read", null, null);
        String id = key.substring("lumos_".length(), "lumos_".length() + 16);
        s.get("/v1/tables", key).expect(200);
        s.call("DELETE", "/v1/admin/keys/" + id, s.adminKey, null).expect(200);
        s.get("/v1/tables", key).expect(401);
        assertTrue(s.get("/v1/admin/keys", s.adminKey).expect(200).body().indexOf(id) < 0);
        String tampered = KEYS.get(Role.READ).substring(0, KEYS.get(Role.READ).length() - 1) + "x";
        s.get("/v1/tables", tampered).expect(401);
    }

    @Test
    void jwt_carriesTheSameClaims() throws Exception {
        Algorithm hs = Algorithm.HMAC256(SECRET);
        String read = JWT.create().withSubject("dash").withClaim("role", "read").withExpiresAt(Instant.now().plusSeconds(600)).sign(hs);
        s.post("/v1/sql", read, "{\"sql\":\"SELECT 1\"}").expect(200);
        s.post("/v1/sql", read, "{\"sql\":\"DELETE FROM t\"}").expect(403);
        String expired = JWT.create().withClaim("role", "admin").withExpiresAt(Instant.now().minusSeconds(600)).sign(hs);
        s.get("/v1/tables", expired).expect(401);
        String forged = JWT.create().withClaim("role", "admin").sign(Algorithm.HMAC256("another secret of thirty-two bytes or more"));
        s.get("/v1/tables", forged).expect(401);
        String noRole = JWT.create().withSubject("x").sign(hs);
        s.get("/v1/tables", noRole).expect(401);
        String alice = JWT.create().withClaim("role", "write").withClaim("user", "alice").sign(hs);
        s.post("/v1/sql", alice, "{\"sql\":\"SELECT 1\"}").expect(403); // user-bound: no raw SQL
    }

    @Test
    void metricsKey_seesHealthOnly() throws Exception {
        String metrics = KEYS.get(Role.METRICS);
        s.get("/livez", metrics).expect(200);
        s.get("/v1/status", metrics).expect(403);
        s.post("/v1/sql", metrics, "{\"sql\":\"SELECT 1\"}").expect(403);
    }
}
