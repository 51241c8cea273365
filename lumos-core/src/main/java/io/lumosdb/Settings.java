package io.lumosdb;

import io.lumosdb.cache.CacheSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The settings of an open database, resolved from a {@link LumosDBBuilder} (defaults filled in) and
 * never changed afterwards. {@code directory} is null for an in-memory database until it is opened.
 * {@code meterRegistry} (a Micrometer {@code MeterRegistry}) and {@code openTelemetry} are typed
 * {@code Object} so that this record loads without those optional libraries; null when not used, like
 * {@code slowQueryListener}.
 */
record Settings(Path directory, boolean inMemory, int readerPoolSize, int duckdbReaders, long largeTableRows,
        int maxResultRows, int statementCacheSize, Duration writeTimeout, Duration busyTimeout, Duration readerTimeout,
        Freshness freshness, Duration freshnessTimeout, CacheSettings cache, Set<Route> cacheRoutes,
        boolean flushReplicaCommits, List<Path> fileAccess, SqlLimits sqlLimits, Object meterRegistry, Object openTelemetry,
        Duration slowQueryThreshold, java.util.function.Consumer<SlowQuery> slowQueryListener, boolean replicaOnFirstUse) {

    Settings {
        cacheRoutes = Set.copyOf(cacheRoutes);
        fileAccess = List.copyOf(fileAccess);
    }

    /** These settings with the directory an in-memory database was given. */
    Settings in(Path dir) {
        return new Settings(dir, inMemory, readerPoolSize, duckdbReaders, largeTableRows, maxResultRows, statementCacheSize,
                writeTimeout, busyTimeout, readerTimeout, freshness, freshnessTimeout, cache, cacheRoutes, flushReplicaCommits,
                fileAccess, sqlLimits, meterRegistry, openTelemetry, slowQueryThreshold, slowQueryListener, replicaOnFirstUse);
    }
}
