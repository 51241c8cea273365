package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenTelemetry spans of reads, writes and the replica's worker, caught by the SDK's in-memory exporter. */
class TracingTest {
    @TempDir
    Path dir;

    private InMemorySpanExporter exporter;
    private OpenTelemetrySdk otel;

    @BeforeEach
    void sdk() {
        exporter = InMemorySpanExporter.create();
        otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()).build();
    }

    @AfterEach
    void shutdown() {
        otel.close();
    }

    private LumosDB open() throws SQLException {
        return LumosDB.builder().directory(dir.resolve("db")).largeTableRows(10).tracing(LumosTracing.of(otel)).open();
    }

    @Test
    void anOlapRead_isAQuerySpan_withRouteFreshnessAndExecuteChildren_underTheCallersSpan() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v DOUBLE)");
            for (int i = 0; i < 20; i++) {
                db.update("INSERT INTO t VALUES (?, ?)", i, i * 2.0);
            }
            exporter.reset();
            Tracer tracer = otel.getTracer("test");
            Span request = tracer.spanBuilder("http request").startSpan();
            Scope scope = request.makeCurrent();
            try {
                db.query("SELECT sum(v) FROM t");
            } finally {
                scope.close();
                request.end();
            }
            List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> !s.getName().equals("lumos.sync.apply")).toList();
            Map<String, SpanData> byName = spans.stream().collect(Collectors.toMap(SpanData::getName, Function.identity(), (a, b) -> a));
            SpanData query = byName.get("lumos.query");
            assertEquals(request.getSpanContext().getSpanId(), query.getParentSpanId(), "the query span is a child of the caller's");
            assertEquals(request.getSpanContext().getTraceId(), query.getTraceId());
            for (String child : new String[] {"lumos.route", "lumos.freshness_wait", "lumos.execute"}) {
                assertEquals(query.getSpanId(), byName.get(child).getParentSpanId(), child + " is a child of lumos.query: " + spans);
            }
            assertEquals("OLAP", query.getAttributes().get(OtelTelemetry.ROUTE));
            assertEquals("analytics", query.getAttributes().get(OtelTelemetry.REASON));
            assertEquals(1L, query.getAttributes().get(OtelTelemetry.ROWS));
            assertEquals("duckdb", query.getAttributes().get(OtelTelemetry.DB_SYSTEM));
            assertFalse(query.getAttributes().asMap().values().stream().anyMatch(v -> String.valueOf(v).contains("SELECT")),
                    "no SQL text in the attributes");
        }
    }

    @Test
    void withMetricsAndTheSlowQueryLogToo_everyReadIsStillSpannedCountedAndLogged() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<SlowQuery> slow = new CopyOnWriteArrayList<>();
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(10).tracing(LumosTracing.of(otel))
                .metrics(LumosMetrics.of(registry)).slowQueryThreshold(Duration.ZERO).slowQueryListener(slow::add).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v DOUBLE)");
            db.update("INSERT INTO t VALUES (1, 2.0)");
            exporter.reset();
            db.query("SELECT v FROM t WHERE id = ?", 1);
            List<String> names = exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList();
            assertTrue(names.containsAll(List.of("lumos.query", "lumos.route", "lumos.execute")), "the tracer's stages: " + names);
            assertEquals(1L, registry.get("lumos.query").tag("route", "oltp").timers().stream().mapToLong(t -> t.count()).sum());
            assertTrue(slow.stream().anyMatch(q -> q.kind().equals("query")), "the slow-query log saw the read: " + slow);
        }
    }

    @Test
    void aFailedRead_marksItsSpanAsAnError() throws SQLException {
        try (LumosDB db = open()) {
            exporter.reset();
            assertThrows(SQLException.class, () -> db.query("SELECT * FROM missing"));
            SpanData query = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("lumos.query")).findFirst().orElseThrow();
            assertEquals(StatusCode.ERROR, query.getStatus().getStatusCode());
            assertTrue(query.getStatus().getDescription().contains("42"), "the SQLState is in the status: " + query.getStatus());
        }
    }

    @Test
    void writes_andTheApplyWorkersPasses_areSpans() throws SQLException, InterruptedException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
            db.sync().awaitCaughtUp(Duration.ofMinutes(2)); // the table is copied: the insert is then applied as a change
            db.transaction(tx -> tx.update("INSERT INTO t VALUES (1)"));
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (exporter.getFinishedSpanItems().stream().noneMatch(s -> s.getName().equals("lumos.sync.apply"))
                    && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // the worker ends its span just after the pass
            }
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertTrue(spans.stream().anyMatch(s -> s.getName().equals("lumos.write")), "the DDL is a write span");
            assertTrue(spans.stream().anyMatch(s -> s.getName().equals("lumos.transaction")));
            SpanData apply = spans.stream().filter(s -> s.getName().equals("lumos.sync.apply")).findFirst()
                    .orElseThrow(() -> new AssertionError("no apply span among " + spans.stream().map(SpanData::getName).toList()));
            assertTrue(apply.getAttributes().get(OtelTelemetry.APPLIED) >= 1, "the pass applied the insert");
            assertTrue(apply.getEndEpochNanos() >= apply.getStartEpochNanos());
            assertFalse(apply.getParentSpanContext().isValid(), "the worker's pass is a root span");
        }
    }
}
