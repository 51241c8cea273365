package io.lumosdb.spring;

import io.lumosdb.LumosDB;
import io.lumosdb.sync.SyncStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.SQLException;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer gauges of a {@link LumosDB}, bound to every registry by Spring Boot (a {@link MeterBinder} bean):
 * {@code lumos.replica.lag} (seconds), {@code lumos.replica.pending} (changes not yet applied) and
 * {@code lumos.cache.hit.ratio}, tagged with the directory.
 *
 * <p>This is the starter's seam for metrics: lumos-core is getting a Micrometer binder of its own (statement
 * timings per route, pool use); when it lands, this bean binds it instead of these gauges, and the auto-configuration
 * does not change.
 */
public class LumosMetrics implements MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(LumosMetrics.class);

    private final LumosDB db;

    public LumosMetrics(LumosDB db) {
        this.db = db;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("directory", db.directory().getFileName().toString());
        gauge(registry, "lumos.replica.lag", "how far the DuckDB replica is behind SQLite", "seconds", tags,
                s -> s.lag().toNanos() / 1e9);
        gauge(registry, "lumos.replica.pending", "committed changes the replica has not applied yet", "changes", tags,
                SyncStatus::pendingChanges);
        Gauge.builder("lumos.cache.hit.ratio", db, d -> d.isClosed() ? Double.NaN : d.cache().stats().hitRatio())
                .description("hits over lookups of the query-result caches").tags(tags).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
            ToDoubleFunction<SyncStatus> value) {
        Gauge.builder(name, db, d -> read(d, value)).description(description).baseUnit(unit).tags(tags).register(registry);
    }

    /** A gauge's value; NaN (Micrometer's "no value") once the database is closed or its status cannot be read. */
    private static double read(LumosDB db, ToDoubleFunction<SyncStatus> value) {
        if (db.isClosed()) {
            return Double.NaN;
        }
        try {
            return value.applyAsDouble(db.sync().status());
        } catch (SQLException e) {
            log.debug("reading the replica status of {} for a gauge failed: {}", db.directory(), e.getMessage());
            return Double.NaN;
        }
    }
}
