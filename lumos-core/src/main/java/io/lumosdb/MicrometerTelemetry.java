package io.lumosdb;

import io.lumosdb.cache.CacheCounts;
import io.lumosdb.cache.CacheStatistics;
import io.lumosdb.engine.PoolUsage;
import io.lumosdb.sync.SyncStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The library's Micrometer meters (docs/observability.md lists each with its unit). Every meter carries
 * the tag {@code database} (the directory's name) and is registered when the database opens, not on first
 * use, so that dashboards and alerts find every series from the first scrape; timers publish histograms.
 * Tags have few values only: routes, cache levels, reason classes ({@link RouteReasons}), SQLState
 * classes, search plans; never SQL text, parameters or user ids.
 *
 * <p>The hot path (a cached point lookup): on a Prometheus registry (the server's, Spring Boot's with the
 * Prometheus endpoint) a {@link ReadRecorder} counts the read in memory of its thread's own and
 * {@link PrometheusReads} publishes the same series at scrape time; on other registries, one Micrometer
 * timer record (the only histogram), two counter increments and a map lookup of the reason text (its class
 * worked out once per reason). Neither allocates; docs/benchmarks.md ("Metrics overhead") has the measured
 * cost.
 */
final class MicrometerTelemetry implements Telemetry {
    private static final String[] CACHE_LEVELS = {"none", "l1", "l2"};
    private static final List<String> SQLSTATE_CLASSES = List.of("08", "22", "23", "25", "40", "42", "57", "HY", "XX", "other");
    private static final List<String> PLANS = List.of("hnsw", "hnsw_filtered", "exact_scan", "hybrid");
    private static final List<String> WRITE_KINDS = List.of("statement", "transaction", "vector");
    /** How long a sampled replica status is reused by the gauges that read it (one scrape reads several). */
    /** The most reason texts {@link #decisionsByReason} keeps (the router keeps 10,000 decisions). */
    private static final int MAX_KEPT_REASONS = 4_096;
    private static final long STATUS_REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final String QUERY_DESCRIPTION = "reads: from the call to its rows, by route and cache level";
    private static final String ROWS_DESCRIPTION = "rows reads returned";
    private static final String DECISIONS_DESCRIPTION = "reads by the route taken and the class of its reason";

    private final MeterRegistry registry;
    private final Tags base;
    private final List<Meter> meters = new ArrayList<>();
    /** On a Prometheus registry: the reads, published by {@link #prometheusReads}; else null. */
    private final ReadRecorder recorder;
    private final PrometheusReads prometheusReads;
    private final Timer[][] queries; // [route][cache level], unless recorder
    private final Counter[] rows; // [route], unless recorder
    private final Map<String, Counter[]> decisions = new HashMap<>(); // reason class -> [route]
    /**
     * Reason text -> its class's counters, so that a read does a map lookup, not {@link RouteReasons#classOf}'s
     * prefix tests: the router keeps one decision per statement text and a cached result one per cache level
     * (QueryResult#servedFromCache), so the same reason string comes again and its hash is already computed.
     * Bounded like the router's cache: cleared when full.
     */
    private final Map<String, Counter[]> decisionsByReason = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> errors = new HashMap<>(); // SQLState class -> [query, write]
    private final Map<String, Timer> writes = new HashMap<>();
    private final Map<String, Timer> searches = new HashMap<>();
    private final Timer applyPasses;
    private final Counter applied;
    private final Counter applyFailures;
    private volatile SyncStatus sampled;
    private volatile long sampledAt;

    MicrometerTelemetry(Object meterRegistry, String database) {
        this.registry = (MeterRegistry) meterRegistry;
        this.base = Tags.of("database", database);
        Route[] routes = Route.values();
        if (isPrometheus(registry)) {
            recorder = new ReadRecorder(routes.length, CACHE_LEVELS.length);
            List<String> routeTags = Arrays.stream(routes).map(MicrometerTelemetry::tag).toList();
            prometheusReads = PrometheusReads.publish(this.registry, base, recorder, routeTags, List.of(CACHE_LEVELS), QUERY_DESCRIPTION);
            queries = null;
            rows = null;
            for (Route r : routes) {
                int route = r.ordinal();
                keep(FunctionCounter.builder("lumos.query.rows", this, t -> t.recorded().rows(route)).description(ROWS_DESCRIPTION)
                        .baseUnit("rows").tags(base).tag("route", tag(r)).register(registry));
                for (int reason = 0; reason < RouteReasons.ALL.size(); reason++) {
                    int reasonClass = reason;
                    keep(FunctionCounter.builder("lumos.route.decisions", this, t -> t.recorded().decisions(reasonClass, route))
                            .description(DECISIONS_DESCRIPTION).tags(base).tag("route", tag(r)).tag("reason", RouteReasons.ALL.get(reason))
                            .register(registry));
                }
            }
        } else {
            recorder = null;
            prometheusReads = null;
            queries = new Timer[routes.length][CACHE_LEVELS.length];
            rows = new Counter[routes.length];
            for (Route r : routes) {
                String route = tag(r);
                for (int level = 0; level < CACHE_LEVELS.length; level++) {
                    queries[r.ordinal()][level] = keep(Timer.builder("lumos.query").description(QUERY_DESCRIPTION)
                            .tags(base).tag("route", route).tag("cache", CACHE_LEVELS[level]).publishPercentileHistogram()
                            .minimumExpectedValue(Duration.ofNanos(500)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry));
                }
                // a counter, not a distribution: a second histogram per read would double the cost on the hot path
                rows[r.ordinal()] = keep(Counter.builder("lumos.query.rows").description(ROWS_DESCRIPTION).baseUnit("rows")
                        .tags(base).tag("route", route).register(registry));
            }
            for (String reason : RouteReasons.ALL) {
                Counter[] byRoute = new Counter[routes.length];
                for (Route r : routes) {
                    byRoute[r.ordinal()] = keep(Counter.builder("lumos.route.decisions").description(DECISIONS_DESCRIPTION)
                            .tags(base).tag("route", tag(r)).tag("reason", reason).register(registry));
                }
                decisions.put(reason, byRoute);
            }
        }
        for (String state : SQLSTATE_CLASSES) {
            errors.put(state, new Counter[] {error("query", state), error("write", state)});
        }
        for (String kind : WRITE_KINDS) {
            writes.put(kind, keep(Timer.builder("lumos.write").description("writes: lock, statement and commit").tags(base).tag("kind", kind)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry)));
        }
        for (String plan : PLANS) {
            searches.put(plan, keep(Timer.builder("lumos.vector.search").description("vector searches by plan").tags(base).tag("plan", plan)
                    .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry)));
        }
        applyPasses = keep(Timer.builder("lumos.sync.apply").description("passes of the replica worker that applied changes").tags(base)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry));
        applied = keep(Counter.builder("lumos.sync.applied").description("changes and scanned rows applied to the replica").baseUnit("changes")
                .tags(base).register(registry));
        applyFailures = keep(Counter.builder("lumos.sync.apply.failures").description("failed apply passes").tags(base).register(registry));
    }

    /**
     * Whether {@code registry} is Micrometer's Prometheus registry, found by class name: here and not in
     * {@link PrometheusReads}, whose loading needs the Prometheus client's classes (its collector implements
     * theirs), which an application on another registry (a {@code SimpleMeterRegistry}, Datadog, ...) need not have.
     */
    private static boolean isPrometheus(MeterRegistry registry) {
        for (Class<?> c = registry.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("io.micrometer.prometheusmetrics.PrometheusMeterRegistry")) {
                return true;
            }
        }
        return false;
    }

    private Counter error(String operation, String state) {
        return keep(Counter.builder("lumos.errors").description("failed reads and writes by SQLState class").tags(base)
                .tag("operation", operation).tag("sqlstate_class", state).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    private static String tag(Route r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- events

    @Override
    public void queried(QueryResult result, String sql, Object[] args) {
        // the decision the engine's run was routed by, not the result's own: a cache hit's decision is an object
        // (and a reason text) of each cached entry, cold in the CPU's cache; the routed one is shared by its text
        RouteDecision routed = result.routed();
        int route = routed.route().ordinal();
        if (recorder != null) {
            recorder.record(route, result.cacheLevel(), result.elapsedNanos(), result.size(), routed.reason());
            return;
        }
        queries[route][result.cacheLevel()].record(result.elapsedNanos(), TimeUnit.NANOSECONDS);
        rows[route].increment(result.size());
        decisionCounters(routed.reason())[route].increment();
    }

    /** The recorder's totals now (a sum over a few hundred counts per thread that read: cheap enough per counter). */
    private ReadRecorder.Totals recorded() {
        return recorder.totals();
    }

    private Counter[] decisionCounters(String reason) {
        Counter[] byRoute = decisionsByReason.get(reason);
        if (byRoute == null) {
            byRoute = decisions.get(RouteReasons.classOf(reason));
            if (decisionsByReason.size() >= MAX_KEPT_REASONS) {
                decisionsByReason.clear();
            }
            decisionsByReason.put(reason, byRoute);
        }
        return byRoute;
    }

    @Override
    public void failed(String operation, Route route, String sql, SQLException failure, long nanos) {
        String state = failure.getSQLState();
        String cls = state == null || state.length() < 2 ? "other" : state.substring(0, 2).toUpperCase(Locale.ROOT);
        Counter[] byOperation = errors.getOrDefault(cls, errors.get("other"));
        byOperation["write".equals(operation) ? 1 : 0].increment();
    }

    @Override
    public void wrote(String kind, String sql, long nanos) {
        writes.get(kind).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void vectorSearched(String plan, long nanos) {
        Timer t = searches.get(plan);
        if (t != null) {
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void passTimed(long work, long startNanos, long endNanos, SQLException failure) {
        if (failure != null) {
            applyFailures.increment();
            return;
        }
        applyPasses.record(endNanos - startNanos, TimeUnit.NANOSECONDS);
        applied.increment(work);
    }

    // ---------------------------------------------------------------- gauges of the open database

    @Override
    public void opened(ObservedParts parts) {
        // the replica
        keep(TimeGauge.builder("lumos.sync.lag", parts, TimeUnit.SECONDS, p -> status(p, s -> s.lag().toNanos() / 1e9))
                .description("how long the oldest change DuckDB has not applied has waited").tags(base).strongReference(true).register(registry));
        gauge("lumos.sync.pending", "changes", "committed changes DuckDB has not applied", parts, p -> status(p, s -> s.pendingChanges()));
        gauge("lumos.sync.consecutive.failures", null, "apply attempts that failed in a row", parts,
                p -> status(p, s -> s.consecutiveFailures()));
        gauge("lumos.sync.rebuilding", null, "1 while tables are copied whole from SQLite", parts,
                p -> status(p, s -> s.rebuilding().isPresent() ? 1 : 0));
        keep(FunctionCounter.builder("lumos.sync.table.copies", parts, p -> p.replica().tablesCopied())
                .description("tables copied whole from SQLite (first replication, rebuilds, repairs)").tags(base).register(registry));
        // the caches (the names of Micrometer's Caffeine binder)
        cacheMeters("lumos.results.l1", parts, s -> s.l1(), s -> s.l1Entries());
        cacheMeters("lumos.results.l2", parts, s -> s.l2(), s -> s.l2Entries());
        cacheMeters("lumos.embeddings", parts, s -> s.embeddings(), s -> Double.NaN);
        gauge("lumos.cache.bytes", "bytes", "bytes the result cache holds", parts, p -> p.caching().stats().l1Bytes(), "level", "l1");
        gauge("lumos.cache.bytes", "bytes", "bytes the result cache holds", parts, p -> p.caching().stats().l2Bytes(), "level", "l2");
        keep(FunctionCounter.builder("lumos.cache.stale.dropped", parts, p -> p.caching().stats().staleDropped())
                .description("cached results dropped because a table they read was written").tags(base).register(registry));
        // the pools
        poolMeters("sqlite", parts, p -> p.sqlite().readerUsage());
        poolMeters("duckdb", parts, ObservedParts::duckUsage);
        // vectors and files
        gauge("lumos.vector.vectors", "vectors", "vectors in the collections open in this process", parts, p -> p.vectors().openVectors());
        fileGauge("sqlite", parts, p -> p.storage().sqliteFile());
        fileGauge("sqlite_wal", parts, p -> Path.of(p.storage().sqliteFile() + "-wal"));
        fileGauge("duckdb", parts, p -> p.storage().duckdbFile());
        fileGauge("duckdb_wal", parts, p -> Path.of(p.storage().duckdbFile() + ".wal"));
        gauge("lumos.storage.free", "bytes", "usable bytes left on the database's file system", parts, p -> store(p, FileStoreSize.FREE));
        gauge("lumos.storage.capacity", "bytes", "size of the database's file system", parts, p -> store(p, FileStoreSize.TOTAL));
    }

    private enum FileStoreSize { FREE, TOTAL }

    private void cacheMeters(String cache, ObservedParts parts, java.util.function.Function<CacheStatistics, CacheCounts> level,
            ToDoubleFunction<CacheStatistics> entries) {
        Tags tags = base.and("cache", cache);
        keep(FunctionCounter.builder("cache.gets", parts, p -> level.apply(p.caching().stats()).hitCount()).tags(tags).tag("result", "hit")
                .description("cache lookups that found an entry").register(registry));
        keep(FunctionCounter.builder("cache.gets", parts, p -> level.apply(p.caching().stats()).missCount()).tags(tags).tag("result", "miss")
                .description("cache lookups that found none").register(registry));
        keep(FunctionCounter.builder("cache.evictions", parts, p -> level.apply(p.caching().stats()).evictionCount()).tags(tags)
                .description("entries evicted for size").register(registry));
        keep(Gauge.builder("cache.size", parts, p -> entries.applyAsDouble(p.caching().stats())).tags(tags).strongReference(true)
                .description("entries held").register(registry));
    }

    private void poolMeters(String pool, ObservedParts parts, java.util.function.Function<ObservedParts, PoolUsage> usage) {
        gauge("lumos.pool.connections", "connections", "reader connections by state", parts, p -> usage.apply(p).active(),
                "pool", pool, "state", "active");
        gauge("lumos.pool.connections", "connections", "reader connections by state", parts, p -> usage.apply(p).idle(),
                "pool", pool, "state", "idle");
        gauge("lumos.pool.pending", "threads", "threads waiting for a reader", parts, p -> usage.apply(p).waiting(), "pool", pool);
        gauge("lumos.pool.max", "connections", "the most readers the pool opens", parts, p -> usage.apply(p).max(), "pool", pool);
    }

    private void fileGauge(String file, ObservedParts parts, java.util.function.Function<ObservedParts, Path> path) {
        gauge("lumos.storage.size", "bytes", "size of the database's files", parts, p -> {
            try {
                Path f = path.apply(p);
                return Files.exists(f) ? Files.size(f) : 0;
            } catch (IOException e) {
                return Double.NaN;
            }
        }, "file", file);
    }

    private void gauge(String name, String unit, String description, ObservedParts parts, ToDoubleFunction<ObservedParts> value,
            String... tags) {
        keep(Gauge.builder(name, parts, value).description(description).baseUnit(unit).tags(base).tags(tags).strongReference(true)
                .register(registry));
    }

    private static double store(ObservedParts p, FileStoreSize which) {
        try {
            FileStore store = Files.getFileStore(p.storage().directory());
            return which == FileStoreSize.FREE ? store.getUsableSpace() : store.getTotalSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** A value of the replica's status, sampled at most every {@link #STATUS_REUSE_NANOS}; NaN if it cannot be read. */
    private double status(ObservedParts p, ToDoubleFunction<SyncStatus> value) {
        long now = System.nanoTime();
        SyncStatus s = sampled;
        if (s == null || now - sampledAt > STATUS_REUSE_NANOS) {
            try {
                s = p.replica().status();
            } catch (SQLException | RuntimeException e) {
                return Double.NaN;
            }
            sampled = s;
            sampledAt = now;
        }
        return value.applyAsDouble(s);
    }

    @Override
    public void closed() {
        if (prometheusReads != null) {
            prometheusReads.remove();
        }
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
