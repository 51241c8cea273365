package io.lumosdb.spring;

import io.lumosdb.Freshness;
import io.lumosdb.LumosDB;
import io.lumosdb.LumosDBBuilder;
import io.lumosdb.LumosMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.lumosdb.cache.CacheSettings;
import io.lumosdb.jdbc.LumosDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lumos-DB in a Spring Boot application: set {@code lumos.directory} and the context has a {@link LumosDB} (closed
 * with the context: a graceful close waits for a running write) and a {@link DataSource} over it, which
 * JdbcTemplate, jOOQ, Flyway and JPA pick up as they would any other (Boot's own DataSource backs off).
 *
 * <pre>{@code
 * // application.properties: lumos.directory=/var/data/app
 * @Service
 * class Orders {
 *     Orders(LumosDB db, JdbcTemplate jdbc) { ... }   // one database, two ways in
 * }
 * }</pre>
 *
 * <p>With {@code spring-boot-health} on the class path a {@code lumos} health indicator reports the replica's lag
 * ({@link LumosHealthIndicator}); with Micrometer and a {@code MeterRegistry} bean, the database's meters
 * (query timers by route, sync lag, caches, pools; registered at open); beans of {@link LumosDBCustomizer} change the
 * builder before the database opens; with
 * Spring AI's vector store and an {@code EmbeddingModel} bean, a {@code VectorStore}
 * ({@link io.lumosdb.spring.ai.LumosVectorStore}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(LumosDB.class)
@ConditionalOnProperty(prefix = "lumos", name = "directory")
@EnableConfigurationProperties(LumosProperties.class)
public class LumosAutoConfiguration {
    private static final Logger log = LoggerFactory.getLogger(LumosAutoConfiguration.class);

    /** The database of {@code lumos.directory}, closed when the context closes. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public LumosDB lumosDB(LumosProperties properties, ObjectProvider<LumosDBCustomizer> customizers) throws SQLException {
        LumosDBBuilder b = builder(properties);
        customizers.orderedStream().forEach(c -> c.customize(b));
        LumosDB db = b.open();
        log.info("opened Lumos-DB at {}", db.directory());
        return db;
    }

    /** Connections over the {@link LumosDB} bean; closing them leaves the database open. */
    @Bean
    @ConditionalOnMissingBean(DataSource.class)
    public LumosDataSource lumosDataSource(LumosDB db) {
        return LumosDataSource.of(db);
    }

    /** The builder for {@code properties}: each property set is one builder setting. */
    static LumosDBBuilder builder(LumosProperties p) {
        LumosDBBuilder b = LumosDB.builder().directory(p.getDirectory());
        if (p.getFreshness() != null) {
            b.freshness(freshness(p.getFreshness()));
        }
        if (p.getFreshnessTimeout() != null) {
            b.freshnessTimeout(p.getFreshnessTimeout());
        }
        if (p.getLargeTableRows() != null) {
            b.largeTableRows(p.getLargeTableRows());
        }
        if (p.getReaderPoolSize() != null) {
            b.readerPoolSize(p.getReaderPoolSize());
        }
        if (p.getDuckdbReaders() != null) {
            b.duckdbReaders(p.getDuckdbReaders());
        }
        if (p.getMaxResultRows() != null) {
            b.maxResultRows(p.getMaxResultRows());
        }
        if (p.getStatementCacheSize() != null) {
            b.statementCacheSize(p.getStatementCacheSize());
        }
        if (p.getWriteTimeout() != null) {
            b.writeTimeout(p.getWriteTimeout());
        }
        if (p.getBusyTimeout() != null) {
            b.busyTimeout(p.getBusyTimeout());
        }
        if (p.getReaderTimeout() != null) {
            b.readerTimeout(p.getReaderTimeout());
        }
        if (!p.isCache()) {
            b.cache(CacheSettings.disabled());
        }
        if (p.isFlushReplicaCommits()) {
            b.flushReplicaCommits();
        }
        if (!p.getAllowFileAccess().isEmpty()) {
            b.allowFileAccess(p.getAllowFileAccess().toArray(Path[]::new));
        }
        return b;
    }

    /**
     * @throws IllegalArgumentException naming the property for a value that is not strict, any or a duration
     */
    static Freshness freshness(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("strict")) {
            return Freshness.STRICT;
        }
        if (v.equals("any")) {
            return Freshness.ANY;
        }
        try {
            return Freshness.boundedStaleness(org.springframework.boot.convert.DurationStyle.detectAndParse(value.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("lumos.freshness=" + value + " is neither strict, any nor a duration such as 2s", e);
        }
    }

    /** The health indicator, when the application has Spring Boot's health support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class Health {
        @Bean
        @ConditionalOnMissingBean(name = "lumosHealthIndicator")
        LumosHealthIndicator lumosHealthIndicator(LumosDB db, LumosProperties properties) {
            return new LumosHealthIndicator(db, properties.getHealth().getMaxLag());
        }
    }

    /**
     * The database's meters (docs/observability.md: query timers by route and cache level, sync lag, caches, pools,
     * files), registered at open in the application's registry, when it has Micrometer and one registry (or a primary).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean(name = "lumosMetricsCustomizer")
        LumosDBCustomizer lumosMetricsCustomizer(ObjectProvider<MeterRegistry> registries) {
            return b -> registries.ifUnique(r -> b.metrics(LumosMetrics.of(r)));
        }
    }
}
