package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.LumosMetrics;
import io.lumosdb.LumosTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}, the HTTP and auth meters, the request id and {@code traceparent} on a real server. */
class ObservabilityEndpointsTest {
    @Test
    void metrics_servesTheDatabasesAndTheServersMeters_toMetricsAndAdminKeysOnly() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LumosDB db = LumosDB.builder().inMemory().metrics(LumosMetrics.of(registry)).open();
        try (LiveServer s = LiveServer.start(db, b -> b.meterRegistry(registry).rateLimit(1_000))) {
            String metricsKey = s.key("metrics", null, null);
            String readKey = s.key("read", null, null);
            s.sql("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            s.sql("INSERT INTO t VALUES (1, 'one')");
            s.post("/v1/sql", readKey, "{\"sql\":\"SELECT v FROM t WHERE id = 1\"}").expect(200);
            s.get("/v1/tables", null).expect(401);
            s.call("POST", "/v1/admin/keys", readKey, "{\"role\":\"admin\"}").expect(403);
            // the agent memory (opened by the server on first use) publishes to the database's registry by itself
            s.post("/v1/memories", s.adminKey, "{\"text\":\"Alice moved to Berlin\",\"user\":\"alice\"}").expect(201);
            s.post("/v1/memories/recall", readKey, "{\"query\":\"Where does Alice live?\",\"user\":\"alice\"}").expect(200);

            s.get("/metrics", readKey).expect(403);
            LiveServer.Answer scraped = s.get("/metrics", metricsKey).expect(200);
            assertTrue(scraped.header("Content-Type").startsWith("text/plain"), scraped.header("Content-Type"));
            String text = scraped.body();
            for (String series : List.of("lumos_query_seconds_bucket{cache=\"none\",database=", "lumos_route_decisions_total{",
                    "lumos_sync_lag_seconds{", "cache_gets_total{cache=\"lumos.results.l1\"", "lumos_pool_connections{",
                    "lumos_storage_size_bytes{", "jvm_memory_used_bytes{", "jvm_threads_live_threads", "process_uptime_seconds",
                    "http_server_requests_seconds_bucket{", "uri=\"/v1/sql\"", "lumos_http_auth_failures_total{status=\"401\"} 1.0",
                    "lumos_http_auth_failures_total{status=\"403\"} 2.0", "lumos_http_rate_limited_total 0.0",
                    "lumos_memory_recall_seconds_count{database=", "lumos_memory_recall_seconds_bucket{", "mode=\"current\"",
                    "lumos_memory_remember_seconds_bucket{", "lumos_memory_embed_seconds_bucket{", "lumos_memory_embed_texts_bucket{",
                    "lumos_vector_search_seconds_bucket{", "lumos_vector_vectors{")) {
                assertTrue(text.contains(series), series + " in:\n" + text.substring(0, Math.min(3_000, text.length())));
            }
            assertFalse(text.contains("SELECT"), "no SQL text in any tag");
            assertFalse(text.contains("alice") || text.contains("Alice"), "no user or text of a memory in any tag");
            for (String op : List.of("remember", "recall")) {
                assertEquals(1.0, registry.get("lumos.memory.embed").tags("operation", op).timer().count(), op);
            }
            assertEquals(1, registry.get("lumos.memory.recall").tags("mode", "current").timer().count());
            assertTrue(s.get("/metrics", s.adminKey).status() == 200, "admin may read the metrics too");
        }
    }

    @Test
    void rateLimitRefusals_areCounted() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        java.util.concurrent.ExecutorService burst = java.util.concurrent.Executors.newFixedThreadPool(8);
        try (LiveServer s = LiveServer.start(b -> b.meterRegistry(registry).rateLimit(1))) {
            int refused = 0;
            // bursts of 8 at once against one a second: on a loaded machine a lone request can take over a
            // second, so a sequence of them might never exceed the rate; 8 at once do, within a few bursts
            for (int round = 0; round < 30 && refused == 0; round++) {
                List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    answers.add(burst.submit(() -> s.get("/v1/tables", s.adminKey).status()));
                }
                for (java.util.concurrent.Future<Integer> a : answers) {
                    if (a.get(2, java.util.concurrent.TimeUnit.MINUTES) == 429) {
                        refused++;
                    }
                }
            }
            assertTrue(refused > 0, "a burst over the rate is refused");
            assertEquals(refused, registry.get("lumos.http.rate.limited").counter().count(), 0.0, "every refusal counted");
        } finally {
            burst.shutdownNow();
        }
    }

    @Test
    void traceparent_isContinued_andTheDatabasesSpansNestUnderTheRequest() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build()) {
            LumosDB db = LumosDB.builder().inMemory().tracing(LumosTracing.of(otel)).open();
            try (LiveServer s = LiveServer.start(db, b -> b.openTelemetry(otel))) {
                String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
                String parentId = "00f067aa0ba902b7";
                LiveServer.Answer a = s.call("POST", "/v1/sql", s.adminKey, "{\"sql\":\"SELECT 1\"}",
                        Map.of("traceparent", "00-" + traceId + "-" + parentId + "-01", "X-Request-Id", "req-42"));
                a.expect(200);
                assertEquals("req-42", a.header("X-Request-Id"));
                long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
                while (exporter.getFinishedSpanItems().stream().noneMatch(sp -> sp.getName().equals("POST /v1/sql"))
                        && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // it ends just after the answer is written
                }
                List<SpanData> spans = exporter.getFinishedSpanItems();
                SpanData server = spans.stream().filter(sp -> sp.getName().equals("POST /v1/sql")).findFirst()
                        .orElseThrow(() -> new AssertionError("no server span in " + spans));
                assertEquals(traceId, server.getTraceId());
                assertEquals(parentId, server.getParentSpanId(), "the caller's span is the parent");
                SpanData query = spans.stream().filter(sp -> sp.getName().equals("lumos.query")).findFirst().orElseThrow();
                assertEquals(server.getSpanId(), query.getParentSpanId(), "the database's span is under the request's");
                assertEquals(traceId, query.getTraceId());
            }
        }
    }
}
