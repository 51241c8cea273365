package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules of {@code ops/} against a real Prometheus (Debian's {@code prometheus}
 * package) scraping a real server on loopback under a small, bounded workload: Prometheus loads the rules
 * without error, and every metric and every PromQL expression of the dashboard and of the rules (the
 * query part of each alert, before its threshold) returns data through Prometheus' HTTP API.
 */
class PrometheusScrapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern METRIC = Pattern.compile("(?<![\\w\"])(?:(?:lumos|http_server|jvm|cache|process)(?:_[a-z0-9]+)+|up)(?=\\s*[{\\[)/*]|\\s*$)");
    private static final Duration DEADLINE = Duration.ofMinutes(4);
    private static final int MAX_ROUNDS = 200;

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @Test
    void everyDashboardAndAlertExpression_returnsDataFromARealPrometheus() throws Exception {
        Path prometheus = OpsTools.tool("prometheus", "prometheus");
        Path ops = OpsTools.ops();
        try (LumosServer server = LumosServer.builder().directory(tmp.resolve("db")).port(0).rateLimit(20).start()) {
            String admin = server.initialAdminKey().orElseThrow();
            String metricsKey = createKey(server, admin, "metrics");
            String readKey = createKey(server, admin, "read");
            String burstKey = createKey(server, admin, "read");
            int port = freePort();
            Path config = tmp.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s
                    scrape_configs:
                      - job_name: lumos
                        metrics_path: /metrics
                        authorization:
                          type: Bearer
                          credentials: %s
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """.formatted(ops.resolve("prometheus/lumos-alerts.yml"), metricsKey, server.port()));
            Path log = tmp.resolve("prometheus.log");
            Process p = new ProcessBuilder(prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            try {
                String base = "http://127.0.0.1:" + port;
                Workload work = new Workload(server, admin, readKey, burstKey);
                work.setUp();
                List<String> expressions = expressions(ops, base, log, p);
                Set<String> metrics = new TreeSet<>();
                for (String e : expressions) {
                    Matcher m = METRIC.matcher(e);
                    while (m.find()) {
                        metrics.add(m.group());
                    }
                }
                assertTrue(metrics.size() >= 20, "the expressions name the metrics: " + metrics);
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                List<String> missing = new ArrayList<>();
                for (int round = 0; round < MAX_ROUNDS && System.nanoTime() < deadline; round++) {
                    work.round(round);
                    missing.clear();
                    for (String metric : metrics) {
                        if (!returnsData(base, metric)) {
                            missing.add("metric " + metric);
                        }
                    }
                    for (String e : expressions) {
                        if (!returnsData(base, e)) {
                            missing.add("expression " + e);
                        }
                    }
                    if (missing.isEmpty()) {
                        break;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500)); // the next scrape comes within a second
                }
                assertEquals(List.of(), missing, () -> "no data after " + DEADLINE + "; Prometheus said:\n" + tail(log));
                JsonNode rules = get(base + "/api/v1/rules").get("data").get("groups").get(0).get("rules");
                for (JsonNode rule : rules) {
                    assertEquals("ok", rule.get("health").asText(), rule.get("name") + ": " + rule.path("lastError").asText());
                }
            } finally {
                p.destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * The dashboard's expressions, and the query part of each alerting rule as Prometheus loaded it (waits
     * until Prometheus is up with every rule).
     */
    private List<String> expressions(Path ops, String base, Path log, Process p) throws IOException, InterruptedException {
        Set<String> all = new LinkedHashSet<>();
        JsonNode dashboard = JSON.readTree(ops.resolve("grafana/lumos-db.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                all.add(target.get("expr").asText());
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        JsonNode groups = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("Prometheus exited with " + p.exitValue() + ":\n" + tail(log));
            }
            try {
                groups = get(base + "/api/v1/rules").get("data").get("groups");
                if (groups.size() > 0) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        assertTrue(groups != null && groups.size() == 1, "Prometheus loaded the rules:\n" + tail(log));
        int alerts = 0;
        for (JsonNode rule : groups.get(0).get("rules")) {
            all.add(queryPart(rule.get("query").asText()));
            alerts++;
        }
        assertEquals(7, alerts, "every alert of lumos-alerts.yml is loaded");
        return List.copyOf(all);
    }

    /** {@code expr} without its last top-level comparison: "a / b > 0.05" is "a / b" ({@code bool} comparisons stay). */
    static String queryPart(String expr) {
        int depth = 0;
        int cut = -1;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                depth--;
            } else if (c == '"') {
                i = expr.indexOf('"', i + 1);
            } else if (depth == 0 && (c == '>' || c == '<' || ((c == '=' || c == '!') && i + 1 < expr.length() && expr.charAt(i + 1) == '='))) {
                int after = i + 1 < expr.length() && expr.charAt(i + 1) == '=' ? i + 2 : i + 1;
                if (!expr.substring(after).trim().startsWith("bool")) {
                    cut = i;
                }
                i = after - 1;
            }
        }
        return cut < 0 ? expr : expr.substring(0, cut).trim();
    }

    private boolean returnsData(String base, String query) throws IOException, InterruptedException {
        JsonNode answer = get(base + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        assertEquals("success", answer.get("status").asText(), query + ": " + answer);
        return answer.get("data").get("result").size() > 0;
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private String createKey(LumosServer server, String admin, String role) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/v1/admin/keys"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"" + role + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("key").asText();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4_000));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** What a few clients do: SQL on both routes, vectors, memory, refused keys, a burst over the rate limit. */
    private final class Workload {
        private final LumosServer server;
        private final String admin;
        private final String readKey;
        private final String burstKey;

        Workload(LumosServer server, String admin, String readKey, String burstKey) {
            this.server = server;
            this.admin = admin;
            this.readKey = readKey;
            this.burstKey = burstKey;
        }

        void setUp() throws IOException, InterruptedException {
            call("POST", "/v1/sql", admin, "{\"sql\":\"CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT, amount DOUBLE)\"}", 200);
            call("PUT", "/v1/collections/docs", admin, "{\"dimensions\":3}", -1);
        }

        void round(int round) throws IOException, InterruptedException {
            int id = round + 1;
            call("POST", "/v1/sql", admin, "{\"sql\":\"INSERT INTO orders VALUES (" + id + ", 'c" + (round % 5) + "', " + id * 1.5 + ")\"}", 200);
            call("POST", "/v1/sql", readKey, "{\"sql\":\"SELECT * FROM orders WHERE id = 1\"}", 200); // a point lookup, cached after the first
            call("POST", "/v1/sql", readKey, "{\"sql\":\"SELECT /*+ OLAP */ customer, sum(amount) FROM orders GROUP BY customer\"}", 200);
            call("POST", "/v1/sql", readKey, "{\"sql\":\"SELECT * FROM no_such_table\"}", 400);
            call("PUT", "/v1/collections/docs/points", admin, "{\"points\":[{\"id\":\"p" + id + "\",\"vector\":[" + (round % 3) + ",1,0.5]}]}", 200);
            call("POST", "/v1/collections/docs/search", readKey, "{\"vector\":[1,0,0],\"k\":3}", 200);
            if (round < 3) { // the embedder is slow on a small machine: a few memories are enough
                call("POST", "/v1/memories", admin, "{\"text\":\"order " + id + " was shipped to customer c" + (round % 5) + "\"}", 201);
                call("POST", "/v1/memories/recall", readKey, "{\"query\":\"which order was shipped\",\"k\":2}", 200);
            }
            call("GET", "/v1/tables", null, null, 401);
            call("POST", "/v1/admin/keys", readKey, "{\"role\":\"admin\"}", 403);
            if (round < 2) {
                for (int i = 0; i < 40; i++) { // 20 a second allowed: some of these are refused with 429
                    call("GET", "/livez", null, null, 200);
                    call("GET", "/v1/status", burstKey, null, -1);
                }
            }
        }

        private void call(String method, String path, String key, String body, int expected) throws IOException, InterruptedException {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofMinutes(2))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (key != null) {
                r.header("Authorization", "Bearer " + key);
            }
            if (body != null) {
                r.header("Content-Type", "application/json");
            }
            HttpResponse<String> a = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            if (expected > 0 && a.statusCode() != expected && a.statusCode() != 429) {
                throw new AssertionError(method + " " + path + " answered " + a.statusCode() + ", not " + expected + ": " + a.body());
            }
        }
    }
}
