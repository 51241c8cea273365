package io.lumosdb;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry spans (docs/observability.md, "Tracing"): {@code lumos.query} for a read with children
 * {@code lumos.route}, {@code lumos.freshness_wait} and {@code lumos.execute}; {@code lumos.write} and
 * {@code lumos.transaction} for writes; {@code lumos.sync.apply} for each pass of the replica's worker
 * that applied changes (a root span on the worker's thread, timed after the fact). A span is a child of
 * the span current on the calling thread, so a server that continues an HTTP request's
 * {@code traceparent} puts the database's spans under it. Attributes carry the route, the cache level, the
 * class of the route's reason and the rows; never SQL text or values.
 */
final class OtelTelemetry implements Telemetry {
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("lumos.route");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("lumos.reason");
    static final AttributeKey<Long> CACHE_LEVEL = AttributeKey.longKey("lumos.cache_level");
    static final AttributeKey<Long> ROWS = AttributeKey.longKey("lumos.rows");
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    static final AttributeKey<Long> APPLIED = AttributeKey.longKey("lumos.sync.applied");

    private final Tracer tracer;
    /** {@link System#nanoTime()} to epoch nanoseconds, for spans timed after the fact. */
    private final long epochOffsetNanos;

    OtelTelemetry(Object openTelemetry) {
        var builder = ((OpenTelemetry) openTelemetry).tracerBuilder("io.lumosdb");
        String version = OtelTelemetry.class.getPackage().getImplementationVersion();
        this.tracer = (version == null ? builder : builder.setInstrumentationVersion(version)).build(); // null is an API misuse
        this.epochOffsetNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()) - System.nanoTime();
    }

    @Override
    public Stage stage(String name) {
        Span span = tracer.spanBuilder(name).setSpanKind(name.equals("lumos.route") || name.equals("lumos.freshness_wait")
                ? SpanKind.INTERNAL : SpanKind.CLIENT).startSpan();
        Scope scope = span.makeCurrent();
        return new Stage() {
            @Override
            public void fail(Throwable failure) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName()
                        + (failure instanceof SQLException s && s.getSQLState() != null ? " " + s.getSQLState() : ""));
            }

            @Override
            public void close() {
                scope.close();
                span.end();
            }
        };
    }

    @Override
    public void queried(QueryResult result, String sql, Object[] args) {
        Span span = Span.current(); // lumos.query: its stage is open while the result is reported
        span.setAttribute(ROUTE, result.route().name());
        span.setAttribute(REASON, RouteReasons.classOf(result.decision().reason()));
        span.setAttribute(CACHE_LEVEL, (long) result.cacheLevel());
        span.setAttribute(ROWS, (long) result.size());
        span.setAttribute(DB_SYSTEM, result.route() == Route.OLAP ? "duckdb" : "sqlite");
    }

    @Override
    public void passTimed(long work, long startNanos, long endNanos, SQLException failure) {
        Span span = tracer.spanBuilder("lumos.sync.apply").setNoParent().setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(startNanos + epochOffsetNanos, TimeUnit.NANOSECONDS).startSpan();
        span.setAttribute(APPLIED, work);
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, "apply failed" + (failure.getSQLState() == null ? "" : " " + failure.getSQLState()));
        }
        span.end(endNanos + epochOffsetNanos, TimeUnit.NANOSECONDS);
    }
}
