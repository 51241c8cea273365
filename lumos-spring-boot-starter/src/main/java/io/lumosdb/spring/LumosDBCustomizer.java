package io.lumosdb.spring;

import io.lumosdb.LumosDBBuilder;

/**
 * A change to the builder of the {@code LumosDB} bean, applied after the {@code lumos.*} properties and before the
 * database opens. Every bean of this type is applied, in {@code @Order}; the starter's own customizer publishes the
 * database's metrics to the application's Micrometer registry.
 *
 * <pre>{@code
 * @Bean
 * LumosDBCustomizer slowQueries() {
 *     return builder -> builder.slowQueryThreshold(Duration.ofMillis(200));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LumosDBCustomizer {
    /** Changes {@code builder}. */
    void customize(LumosDBBuilder builder);
}
