package io.lumosdb;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Where a database publishes its metrics: a Micrometer {@code MeterRegistry}. Micrometer is an optional
 * dependency of Lumos-DB; add {@code io.micrometer:micrometer-core} (and a registry such as
 * {@code micrometer-registry-prometheus}) to use this. docs/observability.md lists every meter.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * LumosDB db = LumosDB.builder().directory(dir).metrics(LumosMetrics.of(registry)).open();
 * }</pre>
 *
 * <p>A class of its own, not a builder method taking a {@code MeterRegistry}, so that the builder's
 * signatures name no optional type: frameworks that reflect over {@link LumosDBBuilder} work without
 * Micrometer on the class path. For the same reason {@link LumosDB#metrics()} hands it out to the modules
 * built on the database (agent memory), which register their own meters in the same registry.
 */
public final class LumosMetrics {
    private final Object registry;

    /** {@code registry} is a {@code MeterRegistry}, typed {@code Object} for the reason given above. */
    LumosMetrics(Object registry) {
        this.registry = registry;
    }

    /** Metrics published to {@code registry}. */
    public static LumosMetrics of(MeterRegistry registry) {
        return new LumosMetrics(Objects.requireNonNull(registry, "registry"));
    }

    /** The registry the database's meters are in. */
    public MeterRegistry registry() {
        return (MeterRegistry) registry;
    }

    /** The {@code MeterRegistry}, as an {@code Object} so that callers of this method load no Micrometer type. */
    Object untypedRegistry() {
        return registry;
    }

    @Override
    public String toString() {
        return "LumosMetrics[" + registry.getClass().getSimpleName() + "]";
    }
}
