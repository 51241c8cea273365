package io.lumosdb;

import io.lumosdb.cache.CacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Settings for {@link LumosDB}; each can be set once and is checked at once.
 *
 * <pre>{@code
 * LumosDB db = LumosDB.builder()
 *         .directory(Path.of("data/app"))   // or .inMemory() for a temporary database
 *         .readerPoolSize(8)
 *         .largeTableRows(50_000)
 *         .open();
 * }</pre>
 */
public final class LumosDBBuilder {
    private Path directory;
    private boolean inMemory;
    private int readerPoolSize = -1;
    private int duckdbReaders = -1;
    private long largeTableRows = -1;
    private int maxResultRows = -1;
    private int statementCacheSize = -1;
    private Duration writeTimeout;
    private Duration busyTimeout;
    private Duration readerTimeout;
    private Freshness freshness;
    private Duration freshnessTimeout;
    private CacheSettings cache;
    private Set<Route> cacheRoutes;
    private boolean flushReplicaCommits;
    private boolean replicaOnFirstUse;
    private List<Path> fileAccess;
    private SqlLimits sqlLimits;
    private Object meterRegistry;
    private Object openTelemetry;
    private Duration slowQueryThreshold;
    private Consumer<SlowQuery> slowQueryListener;

    LumosDBBuilder() {}

    /**
     * Lets analytical SQL read and write files in these directories (and below), e.g.
     * {@code SELECT * FROM read_csv('/data/in/x.csv')} on the DuckDB route. By default no SQL can reach
     * any file of the host: DuckDB runs with external access off, no extension is installed or loaded,
     * and its configuration is locked (docs/security.md).
     *
     * @throws IllegalArgumentException if a path is not an existing directory
     */
    public LumosDBBuilder allowFileAccess(Path... directories) {
        Objects.requireNonNull(directories, "directories");
        requireUnset(fileAccess == null, "file access was already granted to " + fileAccess);
        List<Path> granted = new ArrayList<>();
        for (Path d : directories) {
            Objects.requireNonNull(d, "directory");
            if (!Files.isDirectory(d)) {
                throw new IllegalArgumentException("file access can be granted to existing directories only; " + d + " is not one");
            }
            granted.add(d.toAbsolutePath().normalize());
        }
        this.fileAccess = List.copyOf(granted);
        return this;
    }

    /**
     * How deeply nested and how long a statement may be ({@link SqlLimits#defaults()}: 100 brackets,
     * 1,000 operands per operator chain); longer texts fail with {@link SQLSyntaxErrorException} before
     * any parser reads them.
     */
    public LumosDBBuilder sqlLimits(SqlLimits limits) {
        Objects.requireNonNull(limits, "limits");
        requireUnset(sqlLimits == null, "SQL limits were already set to " + sqlLimits);
        this.sqlLimits = limits;
        return this;
    }

    /**
     * Sizes of the query-result and embedding caches (default {@link CacheSettings#defaults()});
     * {@link CacheSettings#disabled()} turns caching off.
     */
    public LumosDBBuilder cache(CacheSettings cache) {
        Objects.requireNonNull(cache, "cache");
        requireUnset(this.cache == null, "cache settings were already set to " + this.cache);
        this.cache = cache;
        return this;
    }

    /** The routes whose read results are cached (default both); none turns the result cache off. */
    public LumosDBBuilder cacheRoutes(Route... routes) {
        Objects.requireNonNull(routes, "routes");
        requireUnset(cacheRoutes == null, "cached routes were already set to " + cacheRoutes);
        Set<Route> chosen = EnumSet.noneOf(Route.class);
        for (Route r : routes) {
            chosen.add(Objects.requireNonNull(r, "route"));
        }
        this.cacheRoutes = chosen;
        return this;
    }

    /** How fresh DuckDB reads are by default (default {@link Freshness#STRICT}). */
    public LumosDBBuilder freshness(Freshness freshness) {
        Objects.requireNonNull(freshness, "freshness");
        requireUnset(this.freshness == null, "freshness was already set to " + this.freshness);
        this.freshness = freshness;
        return this;
    }

    /** How long a read waits for the replica to be fresh enough before failing (default 30 s). */
    public LumosDBBuilder freshnessTimeout(Duration timeout) {
        requireUnset(freshnessTimeout == null, "freshness timeout was already set to " + freshnessTimeout);
        this.freshnessTimeout = requirePositive(timeout, "freshness timeout");
        return this;
    }

    /**
     * Publishes the database's metrics (Micrometer, an optional dependency; see {@link LumosMetrics}):
     * query latency by route and cache level, route decisions, errors, writes, replica lag and apply
     * throughput, caches, pools, vector searches, file sizes. Every meter is registered at open and
     * removed at close; docs/observability.md lists them.
     *
     * <pre>{@code
     * LumosDB db = LumosDB.builder().directory(dir).metrics(LumosMetrics.of(prometheusRegistry)).open();
     * }</pre>
     */
    public LumosDBBuilder metrics(LumosMetrics metrics) {
        Objects.requireNonNull(metrics, "metrics");
        requireUnset(meterRegistry == null, "metrics were already set to " + meterRegistry);
        this.meterRegistry = metrics.untypedRegistry();
        return this;
    }

    /**
     * Traces reads, writes and the replica's apply passes as OpenTelemetry spans (an optional dependency;
     * see {@link LumosTracing}). Spans are children of the span current on the calling thread.
     */
    public LumosDBBuilder tracing(LumosTracing tracing) {
        Objects.requireNonNull(tracing, "tracing");
        requireUnset(openTelemetry == null, "tracing was already set to " + openTelemetry);
        this.openTelemetry = tracing.openTelemetry();
        return this;
    }

    /**
     * Logs every statement slower than {@code threshold} at WARN on the SLF4J logger
     * {@code io.lumosdb.slowquery}, with its route, reason class, time and rows, and its text with
     * literals replaced by {@code ?} (parameters are never logged). Off by default.
     */
    public LumosDBBuilder slowQueryThreshold(Duration threshold) {
        requireUnset(slowQueryThreshold == null, "the slow-query threshold was already set to " + slowQueryThreshold);
        Objects.requireNonNull(threshold, "slow-query threshold");
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("slow-query threshold must not be negative, was " + threshold);
        }
        this.slowQueryThreshold = threshold;
        return this;
    }

    /**
     * Tells {@code listener} of every statement the slow-query log writes (so it needs
     * {@link #slowQueryThreshold}), on the thread that ran it, as a {@link SlowQuery} with literals
     * redacted; e.g. the server keeps the last hundred for {@code GET /v1/admin/slow-queries}. The listener
     * should be quick and must not throw (an exception is logged and ignored).
     *
     * <pre>{@code
     * LumosDB.builder().directory(dir).slowQueryThreshold(Duration.ofMillis(500)).slowQueryListener(recent::add).open();
     * }</pre>
     */
    public LumosDBBuilder slowQueryListener(Consumer<SlowQuery> listener) {
        requireUnset(slowQueryListener == null, "a slow-query listener was already set");
        this.slowQueryListener = Objects.requireNonNull(listener, "slow-query listener");
        return this;
    }

    /** Stores the database in {@code directory}, creating it if missing. */
    public LumosDBBuilder directory(Path directory) {
        Objects.requireNonNull(directory, "directory");
        if (directory.toString().isEmpty()) {
            throw new IllegalArgumentException("the database directory is empty (Path.of(\"\")), which would open the"
                    + " working directory; name one, e.g. Path.of(\"data/app\")");
        }
        requireUnset(this.directory == null && !inMemory, "storage was already set to " + (inMemory ? "in-memory" : this.directory));
        this.directory = directory;
        return this;
    }

    /** Stores the database in a temporary directory deleted on close: for tests and demos. */
    public LumosDBBuilder inMemory() {
        requireUnset(this.directory == null && !inMemory, "storage was already set to " + (inMemory ? "in-memory" : this.directory));
        this.inMemory = true;
        return this;
    }

    /**
     * Makes every commit to the DuckDB replica wait until it is on the disk. By default it does not
     * (a flushing commit stalls DuckDB's readers, and on slow storage that shows in the freshness lag);
     * a process crash loses nothing either way, but after an operating system crash or power loss the
     * replica is rebuilt from SQLite, which on a large database takes minutes (docs/consistency.md,
     * "Crashes"). Choose this to avoid that rebuild.
     */
    public LumosDBBuilder flushReplicaCommits() {
        requireUnset(!flushReplicaCommits, "replica commits were already set to flush");
        this.flushReplicaCommits = true;
        return this;
    }

    /**
     * Opens the DuckDB replica when a statement first needs it (a read routed to DuckDB, DDL, a call of
     * {@link LumosDB#sync()}), rather than on a background thread as soon as the database opens. For a
     * short-lived process that may never read analytically (a command-line run): it then never loads
     * DuckDB. Writes meanwhile are logged in SQLite and applied when the replica opens.
     *
     * <pre>{@code
     * LumosDB db = LumosDB.builder().directory(dir).openReplicaOnFirstUse().open();
     * }</pre>
     */
    public LumosDBBuilder openReplicaOnFirstUse() {
        requireUnset(!replicaOnFirstUse, "the replica was already set to open on first use");
        this.replicaOnFirstUse = true;
        return this;
    }

    /** SQLite reader connections in the pool (default: max(4, processors)). */
    public LumosDBBuilder readerPoolSize(int readers) {
        requireUnset(readerPoolSize < 0, "reader pool size was already set to " + readerPoolSize);
        requirePositive(readers, "reader pool size");
        this.readerPoolSize = readers;
        return this;
    }

    /** DuckDB connections for concurrent analytical reads (default: max(2, processors)). */
    public LumosDBBuilder duckdbReaders(int readers) {
        requireUnset(duckdbReaders < 0, "DuckDB readers were already set to " + duckdbReaders);
        requirePositive(readers, "DuckDB readers");
        this.duckdbReaders = readers;
        return this;
    }

    /** Row count from which the router treats a table as large (default 10,000). */
    public LumosDBBuilder largeTableRows(long rows) {
        requireUnset(largeTableRows < 0, "large-table rows were already set to " + largeTableRows);
        requirePositive(rows, "large-table rows");
        this.largeTableRows = rows;
        return this;
    }

    /** Most rows a {@link QueryResult} holds; larger results fail and should be streamed (default 100,000). */
    public LumosDBBuilder maxResultRows(int rows) {
        requireUnset(maxResultRows < 0, "max result rows were already set to " + maxResultRows);
        requirePositive(rows, "max result rows");
        this.maxResultRows = rows;
        return this;
    }

    /** Prepared statements kept per connection (default 256). */
    public LumosDBBuilder statementCacheSize(int statements) {
        requireUnset(statementCacheSize < 0, "statement cache size was already set to " + statementCacheSize);
        requirePositive(statements, "statement cache size");
        this.statementCacheSize = statements;
        return this;
    }

    /** How long a write waits for the write lock held by other writes (default 30 s). */
    public LumosDBBuilder writeTimeout(Duration timeout) {
        requireUnset(writeTimeout == null, "write timeout was already set to " + writeTimeout);
        this.writeTimeout = requirePositive(timeout, "write timeout");
        return this;
    }

    /** How long SQLite retries when another process holds its lock (default 5 s). */
    public LumosDBBuilder busyTimeout(Duration timeout) {
        requireUnset(busyTimeout == null, "busy timeout was already set to " + busyTimeout);
        this.busyTimeout = requirePositive(timeout, "busy timeout");
        return this;
    }

    /** How long a read waits for a free connection (default 30 s). */
    public LumosDBBuilder readerTimeout(Duration timeout) {
        requireUnset(readerTimeout == null, "reader timeout was already set to " + readerTimeout);
        this.readerTimeout = requirePositive(timeout, "reader timeout");
        return this;
    }

    /**
     * Opens the database: locks the directory, opens SQLite and DuckDB, verifies the replica (rebuilding
     * it from SQLite if it is missing, foreign or behind) and replicas every table.
     *
     * @throws IllegalStateException if neither {@link #directory} nor {@link #inMemory} was set, or a
     *     {@link #slowQueryListener} without a {@link #slowQueryThreshold}
     * @throws DatabaseLockedException if another {@code LumosDB} has the directory open
     * @throws SQLException if an engine cannot open its file
     */
    public LumosDB open() throws SQLException {
        if (directory == null && !inMemory) {
            throw new IllegalStateException("set directory(path) or inMemory() before open()");
        }
        if (slowQueryListener != null && slowQueryThreshold == null) {
            throw new IllegalStateException("a slow-query listener needs slowQueryThreshold(d): it hears only statements slower than that");
        }
        return DatabaseOpener.open(settings());
    }

    /** The settings chosen, with a default for each one not set. */
    private Settings settings() {
        int processors = Runtime.getRuntime().availableProcessors();
        return new Settings(directory, inMemory,
                readerPoolSize > 0 ? readerPoolSize : Math.max(4, processors),
                duckdbReaders > 0 ? duckdbReaders : Math.max(2, processors),
                largeTableRows > 0 ? largeTableRows : 10_000,
                maxResultRows > 0 ? maxResultRows : 100_000,
                statementCacheSize > 0 ? statementCacheSize : 256,
                writeTimeout != null ? writeTimeout : Duration.ofSeconds(30),
                busyTimeout != null ? busyTimeout : Duration.ofSeconds(5),
                readerTimeout != null ? readerTimeout : Duration.ofSeconds(30),
                freshness != null ? freshness : Freshness.STRICT,
                freshnessTimeout != null ? freshnessTimeout : Duration.ofSeconds(30),
                cache != null ? cache : CacheSettings.defaults(),
                cacheRoutes != null ? cacheRoutes : Set.of(Route.OLTP, Route.OLAP),
                flushReplicaCommits,
                fileAccess != null ? fileAccess : List.of(),
                sqlLimits != null ? sqlLimits : SqlLimits.defaults(), meterRegistry, openTelemetry, slowQueryThreshold, slowQueryListener,
                replicaOnFirstUse);
    }

    private static void requireUnset(boolean unset, String message) {
        if (!unset) {
            throw new IllegalStateException(message);
        }
    }

    private static void requirePositive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }

    private static Duration requirePositive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
        return value;
    }
}
