package io.lumosdb;

import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * Where a database sends its trace spans: an {@code OpenTelemetry} instance. OpenTelemetry is an optional
 * dependency of Lumos-DB; add {@code io.opentelemetry:opentelemetry-api} (and an SDK with an exporter) to
 * use this. docs/observability.md, "Tracing", names the spans.
 *
 * <pre>{@code
 * LumosDB db = LumosDB.builder().directory(dir).tracing(LumosTracing.of(GlobalOpenTelemetry.get())).open();
 * }</pre>
 *
 * <p>A class of its own for the reason given in {@link LumosMetrics}.
 */
public final class LumosTracing {
    private final Object openTelemetry;

    private LumosTracing(Object openTelemetry) {
        this.openTelemetry = openTelemetry;
    }

    /** Spans sent through {@code openTelemetry}'s tracer provider. */
    public static LumosTracing of(OpenTelemetry openTelemetry) {
        return new LumosTracing(Objects.requireNonNull(openTelemetry, "openTelemetry"));
    }

    /** The {@code OpenTelemetry}, as an {@code Object} so that callers of this method need no OpenTelemetry. */
    Object openTelemetry() {
        return openTelemetry;
    }

    @Override
    public String toString() {
        return "LumosTracing[" + openTelemetry.getClass().getSimpleName() + "]";
    }
}
