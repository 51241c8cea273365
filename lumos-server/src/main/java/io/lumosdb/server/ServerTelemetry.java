package io.lumosdb.server;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The server's side of observability (docs/observability.md): HTTP timers by route template and status,
 * auth failures and rate-limit refusals, JVM metrics, all in one Prometheus registry that
 * {@code GET /metrics} serves with the database's own meters; one access-log line per request; the
 * request id (and the key's id, once known) in the SLF4J MDC for every line logged while the request
 * runs; and, when an {@code OpenTelemetry} was given, a server span per request that continues the
 * caller's W3C {@code traceparent}, under which the database's spans nest.
 */
final class ServerTelemetry implements RequestObserver, AutoCloseable {
    static final String REQUEST_ID = "requestId";
    static final String KEY = "key";
    static final String ROUTE = "route";
    private static final Logger ACCESS = LoggerFactory.getLogger("io.lumosdb.server.access");
    private static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        @Deprecated // still abstract in the API: the W3C propagator reads named headers only
        public Iterable<String> keys(Context ctx) {
            return List.copyOf(ctx.headerMap().keySet());
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private final PrometheusMeterRegistry registry;
    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;
    private final RequestObserver user;
    private final Counter unauthorized;
    private final Counter forbidden;
    private final Counter rateLimited;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final SlowQueries slowQueries;

    /** @param openTelemetry null: no spans */
    ServerTelemetry(PrometheusMeterRegistry registry, OpenTelemetry openTelemetry, RequestObserver user, SlowQueries slowQueries) {
        this.registry = registry;
        this.slowQueries = slowQueries;
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry == null ? null : openTelemetry.tracerBuilder("io.lumosdb.server").build();
        this.user = user;
        this.unauthorized = Counter.builder("lumos.http.auth.failures").description("requests refused for their credentials (401) or role (403)")
                .tag("status", "401").register(registry);
        this.forbidden = Counter.builder("lumos.http.auth.failures").description("requests refused for their credentials (401) or role (403)")
                .tag("status", "403").register(registry);
        this.rateLimited = Counter.builder("lumos.http.rate.limited").description("requests refused by the per-key rate limit (429)")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** The registry the server's and the database's meters are in. */
    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The most recent slow statements ({@code GET /v1/admin/slow-queries}). */
    SlowQueries slowQueries() {
        return slowQueries;
    }

    /** {@code GET /metrics}: every meter in Prometheus' text format. */
    void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    /** What a request opened: the MDC entries and, when tracing, its span. */
    final class Request {
        private final Span span;
        private final Scope scope;

        private Request(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        /** Ends the request's span with its status and clears the MDC: after the answer was written and observed. */
        void end(int status) {
            if (span != null) {
                span.setAttribute(HTTP_STATUS, (long) status);
                if (status >= 500) {
                    span.setStatus(StatusCode.ERROR);
                }
                scope.close();
                span.end();
            }
            MDC.remove(REQUEST_ID);
            MDC.remove(KEY);
            MDC.remove(ROUTE);
        }
    }

    /** Opens a request: its id and route in the MDC, its span (a child of the caller's {@code traceparent}) current. */
    Request begin(Context ctx, String method, String route) {
        MDC.put(REQUEST_ID, RequestIds.of(ctx));
        MDC.put(ROUTE, method + " " + route);
        if (tracer == null) {
            return new Request(null, null);
        }
        io.opentelemetry.context.Context parent = openTelemetry.getPropagators().getTextMapPropagator()
                .extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
        Span span = tracer.spanBuilder(method + " " + route).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(HTTP_METHOD, method).setAttribute(HTTP_ROUTE, route).startSpan();
        return new Request(span, span.makeCurrent());
    }

    /** The caller is known: its key's id (or token subject) goes into the MDC; never the key itself. */
    static void authenticated(Principal p) {
        MDC.put(KEY, p.name());
    }

    @Override
    public void observed(String method, String route, int status, Duration took) {
        Timer.builder("http.server.requests").description("HTTP requests by route template and status").tag("method", method)
                .tag("uri", route).tag("status", Integer.toString(status)).tag("outcome", outcome(status))
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry).record(took.toNanos(), TimeUnit.NANOSECONDS);
        if (status == 401) {
            unauthorized.increment();
        } else if (status == 403) {
            forbidden.increment();
        } else if (status == 429) {
            rateLimited.increment();
        }
        ACCESS.atInfo().addKeyValue("method", method).addKeyValue("status", status).addKeyValue("durationMs", took.toNanos() / 1e6)
                .log("{} {} {} {} ms", method, route, status, took.toMillis());
        user.observed(method, route, status, took);
    }

    private static String outcome(int status) {
        return status < 200 ? "INFORMATIONAL" : status < 300 ? "SUCCESS" : status < 400 ? "REDIRECTION" : status < 500 ? "CLIENT_ERROR" : "SERVER_ERROR";
    }

    @Override
    public void close() {
        gc.close();
        registry.find("lumos.server.ready").meters().forEach(registry::remove); // it reads this server's state
    }
}
