package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bodies and headers a hostile caller sends: each a clear problem, the server unharmed, the database as it was. */
class HostileRequestsTest {
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start(b -> b.maxBodyBytes(64 * 1024).corsOrigins("https://console.example.com"));
        s.sql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void malformedAndMistypedBodies_are400NamingTheProblem() throws Exception {
        String[][] cases = {
            {"{\"sql\": ", "not valid JSON"}, {"[1,2]", "must be a JSON object"}, {"\"SELECT 1\"", "must be a JSON object"},
            {"", "no body"}, {"{\"sql\": 5}", "'sql' must be a string"}, {"{}", "'sql' is required"},
            {"{\"sql\":\"SELECT ?\",\"params\":{\"a\":1}}", "'params' must be an array"},
            {"{\"sql\":\"SELECT ?\",\"params\":[[1]]}", "params[0]"}, {"{\"sql\":\"SELECT ?\",\"params\":[{\"$blob\":\"***\"}]}", "base64"},
            {"{\"sql\":\"SELECT ?\",\"params\":[123456789012345678901234567890]}", "beyond 64 bits"},
            {"{\"sql\":\"SELECT 1\",\"timeoutMs\":\"soon\"}", "timeoutMs"}, {"{\"sql\":\"SELECT 1\",\"timeoutMs\":-1}", "timeoutMs"},
            {"{\"sql\":\"SELECT 1\"} trailing", "not valid JSON"}, {"{\"sql\":\"SELECT 1; DROP TABLE t\"}", "one statement"},
        };
        for (String[] c : cases) {
            LiveServer.Answer a = s.post("/v1/sql", s.adminKey, c[0]).expect(400);
            assertEquals(Problems.CONTENT_TYPE, a.header("Content-Type"), c[0]);
            assertTrue(a.json().get("detail").asText().contains(c[1]), c[0] + " -> " + a.body());
        }
        s.post("/v1/batch", s.adminKey, "{\"statements\":[]}").expect(400);
        s.post("/v1/batch", s.adminKey, "{\"statements\":[\"SELECT 1\"]}").expect(400);
        s.call("PUT", "/v1/collections/c", s.adminKey, "{\"dimensions\":\"many\"}").expect(400);
        s.call("PUT", "/v1/collections/c", s.adminKey, "{\"dimensions\":3,\"metric\":\"manhattan\"}").expect(400);
        assertEquals(0, s.sql("SELECT count(*) FROM t").get("rows").get(0).get(0).asInt());
    }

    @Test
    void deepNesting_isRefusedBeforeItIsBuilt() throws Exception {
        String deep = "{\"sql\":\"SELECT 1\",\"params\":[" + "[".repeat(5_000) + "]".repeat(5_000) + "]}";
        LiveServer.Answer a = s.post("/v1/sql", s.adminKey, deep).expect(400);
        assertTrue(a.json().get("detail").asText().contains("nesting"), a.body());
        String deepSql = "{\"sql\":\"SELECT " + "(".repeat(2_000) + "1" + ")".repeat(2_000) + "\"}";
        s.post("/v1/sql", s.adminKey, deepSql).expect(400);
    }

    @Test
    void hugeBodies_are413WithOrWithoutALength() throws Exception {
        String big = "{\"sql\":\"SELECT 1\",\"pad\":\"" + "x".repeat(100_000) + "\"}";
        LiveServer.Answer a = s.post("/v1/sql", s.adminKey, big).expect(413);
        assertEquals(Problems.CONTENT_TYPE, a.header("Content-Type"));
        HttpRequest chunked = HttpRequest.newBuilder(s.uri("/v1/sql")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + s.adminKey)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build();
        HttpResponse<String> r = s.http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, r.statusCode(), r.body());
        s.sql("SELECT 1");
    }

    @Test
    void authorizationHeaders_otherThanBearer_are401() throws Exception {
        s.call("GET", "/v1/tables", null, null, Map.of("Authorization", "Basic YWRtaW46YWRtaW4=")).expect(401);
        s.call("GET", "/v1/tables", null, null, Map.of("Authorization", "Bearer ")).expect(401);
        LiveServer.Answer a = s.call("GET", "/v1/tables", null, null, Map.of("Authorization", "Bearer x.y.z")).expect(401);
        assertTrue(a.header("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void requestIds_areEchoedWhenSaneAndReplacedOtherwise() throws Exception {
        assertEquals("trace-1", s.call("GET", "/livez", null, null, Map.of("X-Request-Id", "trace-1")).header("X-Request-Id"));
        String replaced = s.call("GET", "/livez", null, null, Map.of("X-Request-Id", "bad id <script>")).header("X-Request-Id");
        assertTrue(replaced.matches("[0-9a-f-]{36}"), replaced);
        assertTrue(s.get("/nowhere", null).expect(404).header("X-Request-Id") != null);
    }

    @Test
    void cors_answersNamedOriginsOnly() throws Exception {
        LiveServer.Answer named = s.call("GET", "/livez", null, null, Map.of("Origin", "https://console.example.com"));
        assertEquals("https://console.example.com", named.header("Access-Control-Allow-Origin"));
        LiveServer.Answer other = s.call("GET", "/livez", null, null, Map.of("Origin", "https://evil.example.com"));
        assertNull(other.header("Access-Control-Allow-Origin"));
    }

    @Test
    void rateLimit_is429PerKey() throws Exception {
        try (LiveServer limited = LiveServer.start(b -> b.rateLimit(1))) {
            int refused = 0;
            for (int i = 0; i < 20; i++) {
                LiveServer.Answer a = limited.get("/v1/tables", limited.adminKey);
                if (a.status() == 429) {
                    refused++;
                    assertEquals(Problems.CONTENT_TYPE, a.header("Content-Type"));
                    assertEquals("1", a.header("Retry-After")); // at 1 a second, a token is back within a second
                } else {
                    assertEquals(200, a.status());
                }
            }
            assertTrue(refused > 0, "20 requests at 1 a second: some must be refused");
            limited.get("/livez", null).expect(200); // no key, no limit on health
        }
    }

    @Test
    void corsIsOffAndNoAuthIsLoopbackOnly_byDefault() throws Exception {
        try (LiveServer plain = LiveServer.start()) {
            assertNull(plain.call("GET", "/livez", null, null, Map.of("Origin", "https://console.example.com"))
                    .header("Access-Control-Allow-Origin"));
        }
        var db = io.lumosdb.LumosDB.builder().inMemory().open();
        try {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> LumosServer.builder().database(db).host("0.0.0.0").port(0).noAuth().start());
            assertTrue(e.getMessage().contains("loopback"));
        } finally {
            db.close();
        }
    }
}
