package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /v1/queries/{id}}: a long read on SQLite and on DuckDB stops when its client asks, the
 * request answers 409 Cancelled, and the database is unchanged and answers after; another key cannot
 * cancel it.
 */
class QueryCancelTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(90);
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start();
        s.sql("CREATE TABLE n(x INTEGER PRIMARY KEY, y INTEGER)");
        s.sql("INSERT INTO n WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) SELECT x, x % 17 FROM c");
        s.db.sync().awaitCaughtUp(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    private static CompletableFuture<HttpResponse<String>> start(String requestId, String body) {
        HttpRequest r = HttpRequest.newBuilder(s.uri("/v1/sql")).timeout(Duration.ofSeconds(300))
                .header("Authorization", "Bearer " + s.adminKey).header("Content-Type", "application/json")
                .header("X-Request-Id", requestId).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return s.http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    /** Asks to cancel until the server has the statement (it may not have started yet): 204 within the deadline. */
    private static void cancel(String requestId, String key) throws Exception {
        long until = System.nanoTime() + DEADLINE_NANOS;
        while (true) {
            LiveServer.Answer a = s.call("DELETE", "/v1/queries/" + requestId, key, null);
            if (a.status() == 204) {
                return;
            }
            assertEquals(404, a.status(), a.body());
            assertTrue(System.nanoTime() < until, "the statement never showed up as running");
            Thread.onSpinWait();
        }
    }

    private static void cancelsAndLeavesTheDatabaseUsable(String requestId, String sql, String route) throws Exception {
        String body = LiveServer.JSON.createObjectNode().put("sql", sql).put("route", route).put("timeoutMs", 600_000).toString();
        CompletableFuture<HttpResponse<String>> running = start(requestId, body);
        String reader = s.key("read", null, null);
        cancel(requestId, s.adminKey);
        HttpResponse<String> answer = running.get(120, TimeUnit.SECONDS);
        assertEquals(409, answer.statusCode(), answer.body());
        JsonNode problem = LiveServer.JSON.readTree(answer.body());
        assertEquals("Cancelled", problem.get("title").asText());
        assertTrue(problem.get("detail").asText().contains(requestId), answer.body());
        s.call("DELETE", "/v1/queries/" + requestId, reader, null).expect(404); // finished: nothing to cancel
        // the database is unchanged and answers on both engines
        String count = LiveServer.JSON.createObjectNode().put("sql", "SELECT count(*), sum(y) FROM n").put("route", route).toString();
        JsonNode after = s.post("/v1/sql", s.adminKey, count).expect(200).json().get("rows").get(0);
        assertEquals(3000, after.get(0).asLong());
        assertEquals(s.sql("SELECT sum(x % 17) FROM n").get("rows").get(0).get(0).asLong(), after.get(1).asLong());
        s.sql("INSERT INTO n VALUES (3001, 0)");
        s.sql("DELETE FROM n WHERE x = 3001");
        assertEquals(0, s.deadline().running());
    }

    @Test
    void longSqliteRead_isCancelled() throws Exception {
        cancelsAndLeavesTheDatabaseUsable("cancel-sqlite-1",
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) FROM c", "oltp");
    }

    @Test
    void longDuckDbRead_isCancelled() throws Exception {
        cancelsAndLeavesTheDatabaseUsable("cancel-duckdb-1",
                "SELECT sum(a.x * b.y + c.x - d.y) FROM n a, n b, n c, n d", "olap");
    }

    @Test
    void anotherKey_cannotCancel_andUnknownIdsAre404() throws Exception {
        String other = s.key("write", null, null);
        String body = LiveServer.JSON.createObjectNode().put("sql",
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) FROM c").put("timeoutMs", 600_000).toString();
        CompletableFuture<HttpResponse<String>> running = start("cancel-owner-1", body);
        long until = System.nanoTime() + DEADLINE_NANOS;
        while (s.deadline().running() == 0) {
            assertTrue(System.nanoTime() < until, "the statement never started");
            Thread.onSpinWait();
        }
        s.call("DELETE", "/v1/queries/cancel-owner-1", other, null).expect(404); // another key's: not even told it runs
        assertTrue(!running.isDone());
        cancel("cancel-owner-1", s.adminKey);
        assertEquals(409, running.get(120, TimeUnit.SECONDS).statusCode());
        s.call("DELETE", "/v1/queries/no-such-request", s.adminKey, null).expect(404);
        s.call("DELETE", "/v1/queries/x", null, null).expect(401);
    }
}
