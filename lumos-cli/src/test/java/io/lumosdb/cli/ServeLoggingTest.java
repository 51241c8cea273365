package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumosdb.server.LumosServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The logs of {@code lumos serve}, as LogSetup configures them, on a real server: JSON lines; one access
 * line per request carrying the request id, the key's id (never the key), the route and the time; the
 * request id in the request's other lines (the slow-query log, with the statement's literals redacted); and
 * levels changed at run time through the admin endpoint.
 */
class ServeLoggingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void restoreDefaultLogging() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void serve_logsJsonLines_withTheRequestId_andLevelsChangeAtRunTime() throws Exception {
        Path log = dir.resolve("lumos.log");
        LogSetup.forServer(log, "info");
        try (LumosServer server = LumosServer.builder().directory(dir.resolve("db")).port(0).slowQueryThreshold(Duration.ZERO).start()) {
            String admin = server.initialAdminKey().orElseThrow();
            call(server, "POST", "/v1/sql", admin, "{\"sql\":\"CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)\"}", "setup-1", 200);
            call(server, "POST", "/v1/sql", admin, "{\"sql\":\"SELECT id FROM t WHERE v = 'very-secret-value'\"}", "req-abc-123", 200);
            call(server, "GET", "/v1/tables", null, null, "req-no-key", 401);

            List<JsonNode> lines = waitForLines(log, l -> l.path("requestId").asText().equals("req-no-key"));
            for (JsonNode l : lines) {
                for (String field : new String[] {"@timestamp", "level", "logger_name", "message"}) {
                    assertTrue(l.has(field), field + " in " + l);
                }
            }
            JsonNode access = lines.stream().filter(l -> l.path("logger_name").asText().equals("io.lumosdb.server.access")
                    && l.path("requestId").asText().equals("req-abc-123")).findFirst().orElseThrow(() -> new AssertionError(lines.toString()));
            assertEquals("POST /v1/sql", access.path("route").asText());
            assertEquals(200, access.path("status").asInt());
            assertTrue(access.has("durationMs"), access.toString());
            String keyId = admin.substring("lumos_".length(), "lumos_".length() + 16);
            assertEquals("key " + keyId, access.path("key").asText(), "the key's id, never the key");
            JsonNode slow = lines.stream().filter(l -> l.path("logger_name").asText().equals("io.lumosdb.slowquery")
                    && l.path("requestId").asText().equals("req-abc-123")).findFirst()
                    .orElseThrow(() -> new AssertionError("a slow-query line of the request: " + lines));
            assertTrue(slow.path("message").asText().contains("SELECT id FROM t WHERE v = ?"), slow.toString());
            String all = Files.readString(log);
            assertFalse(all.contains("very-secret-value"), "no literal reaches the log");
            assertFalse(all.contains(admin), "no key reaches the log");
            JsonNode refused = lines.stream().filter(l -> l.path("requestId").asText().equals("req-no-key")).findFirst().orElseThrow();
            assertEquals(401, refused.path("status").asInt());

            // the access log off at run time, then listed
            JsonNode set = JSON.readTree(call(server, "PUT", "/v1/admin/log-levels/io.lumosdb.server.access", admin, "{\"level\":\"warn\"}",
                    "set-level", 200));
            assertEquals("warn", set.path("effectiveLevel").asText());
            call(server, "GET", "/livez", null, null, "after-level-change", 200);
            String listed = call(server, "GET", "/v1/admin/log-levels", admin, null, "list-levels", 200);
            assertTrue(listed.contains("\"logger\":\"io.lumosdb.server.access\",\"level\":\"warn\""), listed);
            call(server, "PUT", "/v1/admin/log-levels/not a logger", admin, "{\"level\":\"warn\"}", "bad-name", 400);
            call(server, "PUT", "/v1/admin/log-levels/io.lumosdb", admin, "{\"level\":\"loud\"}", "bad-level", 400);
            List<JsonNode> after = waitForLines(log, l -> l.path("requestId").asText().equals("list-levels")
                    || l.path("message").asText().contains("log level of io.lumosdb.server.access set to WARN"));
            assertTrue(after.stream().noneMatch(l -> l.path("requestId").asText().equals("after-level-change")
                    && l.path("logger_name").asText().equals("io.lumosdb.server.access")), "no access line once its level is warn");
        }
    }

    private String call(LumosServer server, String method, String path, String key, String body, String requestId, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path.replace(" ", "%20"))).timeout(Duration.ofMinutes(2))
                .header("X-Request-Id", requestId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            r.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> a = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, a.statusCode(), method + " " + path + ": " + a.body());
        return a.body();
    }

    /** The log's lines once one matches {@code until} (the access line is written just after the answer). */
    private static List<JsonNode> waitForLines(Path log, java.util.function.Predicate<JsonNode> until) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            List<JsonNode> lines = new ArrayList<>();
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) {
                    if (!line.isBlank()) {
                        lines.add(JSON.readTree(line));
                    }
                }
            }
            if (lines.stream().anyMatch(until) || System.nanoTime() > deadline) {
                return lines;
            }
            LockSupport.parkNanos(10_000_000);
        }
    }
}
