package io.lumosdb;

import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.Storage;
import io.lumosdb.sync.SyncStatus;
import io.lumosdb.sync.VerifyReport;
import io.lumosdb.vector.VectorCollections;
import java.nio.file.Path;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An embedded hybrid database: SQLite for writes and transactional reads, a DuckDB replica for
 * analytical reads, and a router that picks the engine per statement and says why.
 *
 * <pre>{@code
 * try (LumosDB db = LumosDB.open(Path.of("data/app"))) {          // a directory; created if missing
 *     db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT, amount DOUBLE, ts TIMESTAMP)");
 *     db.update("INSERT INTO orders VALUES (?, ?, ?, ?)", 1, "acme", 9.5, Instant.now());
 *     QueryResult top = db.query("SELECT customer, sum(amount) FROM orders GROUP BY customer");
 *     QueryResult one = db.query("SELECT * FROM orders WHERE id = ?", 1);
 *     RouteDecision why = db.explain("SELECT count(*) FROM orders");  // route + reason, nothing run
 *     QueryResult forced = db.query(Route.OLAP, "SELECT * FROM orders");
 *     db.transaction(tx -> tx.update("DELETE FROM orders WHERE id = ?", 1));
 * }
 * }</pre>
 *
 * <p><b>Consistency.</b> SQLite is the source of truth. Every committed write is captured in SQLite's
 * own transaction and applied to DuckDB by the replica's worker; a query routed to DuckDB waits, by
 * default ({@link Freshness#STRICT}), until DuckDB holds every write committed before it began, writes
 * made to the SQLite file by other programs included. Results do not depend on the route: both engines' values are read
 * into one value model ({@link Row}), DuckDB is configured to match SQLite where it can, and SQL that
 * the engines evaluate differently is routed to SQLite (docs/sql-dialect.md).
 *
 * <p><b>Concurrency.</b> Writes are serialized through one SQLite writer connection inside the facade,
 * so "database is locked" never reaches a caller; reads run in parallel on a pool of SQLite readers and
 * on DuckDB connections. A {@code LumosDB} is safe to share between threads.
 *
 * <p><b>Errors.</b> Failures are {@link SQLException} subtypes from {@code java.sql}
 * ({@link SQLSyntaxErrorException}, {@link SQLDataException}, integrity violations, ...) whose message
 * names the route, the engine, the engine's own message and the statement. A failed call leaves the
 * database as it was. Hostile input is refused (docs/security.md).
 *
 * <p><b>Parts.</b> This class is the entry point only: {@link WritePath} and {@link ReadPath} carry the
 * two paths, {@link SchemaView} what routing depends on, {@link StatementChecks} what every call checks,
 * and the replica ({@code io.lumosdb.sync.Replica}) is reached through one seam ({@link FacadeReplicaHost}).
 */
public final class LumosDB implements AutoCloseable {
    private final Settings settings;
    private final Storage storage;
    private final SqliteEngine sqlite;
    private final BackgroundReplica replica;
    private final SchemaView schema;
    private final QueryCaching caching;
    private final StatementChecks checks;
    private final WritePath writes;
    private final ReadPath reads;
    private final VectorCollections vectors;
    private final Telemetry telemetry;

    LumosDB(Settings settings, Storage storage, SqliteEngine sqlite, BackgroundReplica replica, SchemaView schema,
            QueryCaching caching, StatementChecks checks, WritePath writes, ReadPath reads, VectorCollections vectors,
            Telemetry telemetry) {
        this.settings = settings;
        this.storage = storage;
        this.sqlite = sqlite;
        this.replica = replica;
        this.schema = schema;
        this.caching = caching;
        this.checks = checks;
        this.writes = writes;
        this.reads = reads;
        this.vectors = vectors;
        this.telemetry = telemetry;
    }

    /**
     * Opens the database in {@code directory} with default settings, creating it if missing.
     *
     * @throws DatabaseLockedException if another {@code LumosDB} has the directory open
     * @throws SQLException if an engine cannot open its file
     */
    public static LumosDB open(Path directory) throws SQLException {
        return builder().directory(directory).open();
    }

    /** Settings for opening a database; see {@link LumosDBBuilder}. */
    public static LumosDBBuilder builder() {
        return new LumosDBBuilder();
    }

    // ---------------------------------------------------------------- writes

    /**
     * Runs a DDL statement (or any write); the replica follows DDL through the facade and from others.
     *
     * @return the number of rows changed (0 for DDL)
     * @throws SQLException as {@link #update}
     */
    public long execute(String sql, Object... args) throws SQLException {
        return writes.update(sql, args);
    }

    /**
     * Runs one INSERT, UPDATE, DELETE or DDL statement on SQLite in its own transaction; the replica's
     * worker applies it to DuckDB. Parameters are bound to {@code ?} in order: numbers, String, Boolean
     * (stored 1/0), byte[], UUID and java.time values (timestamps stored as UTC text).
     *
     * @return the number of rows changed (0 for DDL)
     * @throws SQLSyntaxErrorException for malformed or refused SQL, unknown tables or columns, or a SELECT (use {@link #query})
     * @throws SQLDataException for a wrong parameter count or type, or a value that does not fit its column's type
     * @throws java.sql.SQLIntegrityConstraintViolationException for a constraint violation
     * @throws SQLTransientException if the write lock is not free within {@link LumosDBBuilder#writeTimeout}
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public long update(String sql, Object... args) throws SQLException {
        return writes.update(sql, args);
    }

    /**
     * Runs one INSERT, UPDATE or DELETE once for each row of values, in one transaction, as one JDBC batch:
     * all rows or none. See {@link Transaction#updateBatch}.
     *
     * <pre>{@code
     * db.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", rows);
     * }</pre>
     *
     * @return the number of rows changed, summed over the batch
     * @throws SQLException as {@link #update}, with the failing row's position (0-based) in the message
     */
    public long updateBatch(String sql, List<Object[]> rows) throws SQLException {
        Objects.requireNonNull(rows, "rows");
        return transaction(tx -> tx.updateBatch(sql, rows));
    }

    /**
     * Runs {@code work} in one SQLite transaction: committed when it returns, rolled back when it
     * throws. Inside, every statement runs on SQLite and reads see the transaction's own writes;
     * other threads' reads see only committed data. Transactions do not nest.
     *
     * @return what {@code work} returned
     * @throws SQLException what the work threw, or an {@code SQLException} wrapping a checked exception
     *     it threw; also when called inside another transaction on this thread
     */
    public <T> T transaction(TransactionWork<T> work) throws SQLException {
        Objects.requireNonNull(work, "work");
        return writes.transaction(work, reads::queryOnWriter);
    }

    // ---------------------------------------------------------------- reads

    /**
     * Runs a SELECT on the engine the router picks ({@link #explain} says which and why).
     *
     * @throws SQLSyntaxErrorException for malformed or refused SQL, unknown tables or columns, or a statement that is not a read
     * @throws SQLDataException for a wrong parameter count or type
     * @throws ResultTooLargeException if the result has more rows than {@link LumosDBBuilder#maxResultRows}
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public QueryResult query(String sql, Object... args) throws SQLException {
        return reads.query(null, settings.freshness(), sql, args);
    }

    /**
     * Runs a SELECT on the given engine, overriding the router.
     *
     * @param route the engine; null lets the router decide
     * @throws SQLException as {@link #query(String, Object...)}
     */
    public QueryResult query(Route route, String sql, Object... args) throws SQLException {
        return reads.query(route, settings.freshness(), sql, args);
    }

    /**
     * Runs a SELECT with the given freshness for a DuckDB route (SQLite reads are always current).
     *
     * @throws java.sql.SQLTimeoutException if the replica does not reach that freshness within
     *     {@link LumosDBBuilder#freshnessTimeout}
     * @throws SQLException as {@link #query(String, Object...)}
     */
    public QueryResult query(Freshness freshness, String sql, Object... args) throws SQLException {
        return reads.query(null, Objects.requireNonNull(freshness, "freshness"), sql, args);
    }

    /**
     * Cancels the query {@code thread} is running on this database, if any: that call then fails with an
     * {@code SQLException} (SQLite's "interrupted", DuckDB's "INTERRUPT"). For a shell's Ctrl-C, or a
     * deadline enforced by another thread. A cancel that arrives while the statement is being handed to
     * the engine may miss it: call again while the query has not returned (the shell does on each Ctrl-C).
     *
     * <pre>{@code
     * boolean stopped = db.cancel(worker);   // a thread running db.query(...)
     * }</pre>
     *
     * @return whether a query was running
     */
    public boolean cancel(Thread thread) {
        return reads.cancel(Objects.requireNonNull(thread, "thread"));
    }

    /**
     * Runs a SELECT and reads its rows one by one: for results of any size. Close the stream.
     *
     * @throws SQLException as {@link #query(String, Object...)}, but never {@link ResultTooLargeException}
     */
    public ResultStream stream(String sql, Object... args) throws SQLException {
        return reads.stream(sql, args);
    }

    /**
     * The route {@link #query(String, Object...)} would take for {@code sql}, and why; runs nothing.
     *
     * @throws SQLSyntaxErrorException if no call may run {@code sql} (docs/security.md)
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public RouteDecision explain(String sql) throws SQLException {
        checks.checkUsable(sql);
        return schema.router().confirmed(sql, checks.analyze(sql)).decision();
    }

    /**
     * Whether {@code sql} is a read, a write or DDL, as the facade reads it (for a shell or a server that
     * takes statements of any kind); runs nothing.
     *
     * <pre>{@code
     * long n = db.kind(sql) == StatementKind.READ ? db.query(sql).size() : db.update(sql);
     * }</pre>
     *
     * @throws SQLSyntaxErrorException if the text exceeds the {@link SqlLimits}
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public StatementKind kind(String sql) throws SQLException {
        checks.checkUsable(sql);
        var analysis = schema.router().analyze(sql);
        return analysis.read() || analysis.pragmaRead() ? StatementKind.READ : analysis.ddl() ? StatementKind.DDL : StatementKind.WRITE;
    }

    // ---------------------------------------------------------------- replica, caches, vectors

    /**
     * The replica's synchronization: its status, a wait for it, and a verification against SQLite.
     *
     * <pre>{@code
     * SyncStatus s = db.sync().status();
     * }</pre>
     */
    public Sync sync() {
        replica.startNow(); // opened on first use: asking about it is a use
        return new Sync() {
            @Override
            public SyncStatus status() throws SQLException {
                checks.checkUsable("(sync status)");
                return replica.await(settings.freshnessTimeout()).replica().status();
            }

            @Override
            public void awaitCaughtUp(Duration timeout) throws SQLException {
                checks.checkUsable("(sync await)");
                long start = System.nanoTime();
                BackgroundReplica.Parts open = replica.await(timeout);
                Duration left = timeout.minusNanos(System.nanoTime() - start);
                open.replica().awaitFresh(Duration.ZERO, null, left.isNegative() ? Duration.ZERO : left);
            }

            @Override
            public VerifyReport verify() throws SQLException {
                awaitCaughtUp(settings.freshnessTimeout()); // the tables replicated after open, and every write before this call
                return replica.await(settings.freshnessTimeout()).replica().verify(true);
            }
        };
    }

    /**
     * The caches: statistics, invalidation, and the embedding cache.
     *
     * <pre>{@code
     * double ratio = db.cache().stats().hitRatio();
     * }</pre>
     */
    public CacheControl cache() {
        return caching;
    }

    /**
     * The vector collections of this database (docs/vectors.md).
     *
     * <pre>{@code
     * VectorCollection docs = db.vectors().create("docs", VectorSpec.of(384, Metric.COSINE));
     * docs.upsert("d1", vector, Map.of("lang", "en"));
     * }</pre>
     *
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public VectorCollections vectors() throws SQLException {
        checks.checkUsable("(vectors)");
        return vectors;
    }

    /**
     * Writes a consistent copy of the database (SQLite, the source of truth) to {@code file}: a plain
     * SQLite file holding every transaction committed before the call began. Writers and readers go on
     * meanwhile. The replica is not copied; {@link #restore} puts a backup back and the next open
     * rebuilds the replica from it.
     *
     * <pre>{@code
     * db.backupTo(Path.of("/backups/app-2024-05-01.sqlite"));
     * }</pre>
     *
     * @throws SQLDataException if {@code file} exists or its directory does not
     * @throws SQLNonTransientConnectionException if the database is closed
     * @throws SQLException if SQLite cannot write the copy (nothing is left behind)
     */
    public void backupTo(Path file) throws SQLException {
        Backups.backupTo(sqlite, checks, Objects.requireNonNull(file, "file"));
    }

    /**
     * Replaces the database in {@code directory} by the backup {@code backup} (a file written by
     * {@link #backupTo}, or any SQLite database): offline, while no {@code LumosDB} has the directory
     * open. The replica and the vector graph snapshots are removed; the next {@link #open} rebuilds them
     * from the restored file.
     *
     * <pre>{@code
     * LumosDB.restore(Path.of("data/app"), Path.of("/backups/app-2024-05-01.sqlite"));
     * try (LumosDB db = LumosDB.open(Path.of("data/app"))) { ... }
     * }</pre>
     *
     * @throws DatabaseLockedException if the directory is open
     * @throws SQLDataException if {@code backup} is not an intact SQLite database (nothing is changed)
     * @throws SQLException if the files cannot be replaced
     */
    public static void restore(Path directory, Path backup) throws SQLException {
        Backups.restore(Objects.requireNonNull(directory, "directory"), Objects.requireNonNull(backup, "backup"));
    }

    /**
     * Where this database publishes its metrics, if it was opened with {@link LumosDBBuilder#metrics}: the
     * modules built on it (agent memory) register their meters there too, so one registry holds them all.
     *
     * <pre>{@code
     * db.metrics().ifPresent(m -> m.registry().counter("my.app.events").increment());
     * }</pre>
     */
    public Optional<LumosMetrics> metrics() {
        Object registry = settings.meterRegistry();
        return registry == null ? Optional.empty() : Optional.of(new LumosMetrics(registry));
    }

    /** The database directory. */
    public Path directory() {
        return storage.directory();
    }

    /** The tables that have a current DuckDB replica. */
    public Set<String> replicatedTables() {
        return replica.replicatedTables();
    }

    /** Whether the DuckDB replica is not open yet (opening, or waiting for its first use); for tests. */
    boolean replicaOpening() {
        return replica.opening();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return checks.closed();
    }

    /**
     * Closes both engines and releases the directory. Waits for a running write or transaction to end
     * (up to {@link LumosDBBuilder#writeTimeout}); calls after close fail with
     * {@link SQLNonTransientConnectionException}. Closing twice does nothing.
     */
    @Override
    public void close() throws SQLException {
        if (checks.closed()) {
            return;
        }
        vectors.close(); // first, without our lock: a collection's write holds its lock, then waits for ours
        SQLException replicaFailure = null;
        try {
            replica.close(); // without our lock too: its opening may be waiting for it
        } catch (SQLException e) {
            replicaFailure = e;
        }
        boolean locked = writes.lockForClose();
        checks.markClosed();
        telemetry.closed();
        try {
            caching.close();
            SQLException failure = replicaFailure;
            for (AutoCloseable part : new AutoCloseable[] {sqlite}) {
                try {
                    part.close();
                } catch (Exception e) {
                    SQLException f = e instanceof SQLException s ? s : new SQLException("closing " + part + " failed: " + e, e);
                    if (failure == null) {
                        failure = f;
                    } else {
                        failure.addSuppressed(f);
                    }
                }
            }
            storage.close();
            if (failure != null) {
                throw failure;
            }
        } finally {
            if (locked) {
                writes.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "LumosDB[" + storage.directory() + (checks.closed() ? ", closed" : "") + "]";
    }
}
