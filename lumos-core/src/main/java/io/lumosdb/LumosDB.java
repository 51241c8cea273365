package io.lumosdb;

import io.lumosdb.cache.CacheSettings;
import io.lumosdb.engine.ConnectionLease;
import io.lumosdb.engine.DuckEngine;
import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.StatementCache;
import io.lumosdb.engine.Storage;
import io.lumosdb.engine.Values;
import io.lumosdb.route.Router;
import io.lumosdb.route.TableCatalog;
import io.lumosdb.route.ReplicatedViews;
import io.lumosdb.sync.Replica;
import io.lumosdb.vector.VectorCollections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * own transaction and applied to DuckDB before the write call returns, so a query routed to DuckDB sees
 * every write committed before it started; writes made to the SQLite file by other programs are applied
 * before the next analytical query. Results do not depend on the route: both engines' values are read
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
 * database as it was.
 */
public final class LumosDB implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LumosDB.class);

    private final Storage storage;
    private final SqliteEngine sqlite;
    private final DuckEngine duck;
    private final Replica replica;
    private final ReplicatedViews views = new ReplicatedViews();
    private final Map<String, Columns> labels = new ConcurrentHashMap<>();
    /** The read each thread is running, so that {@link #cancel(Thread)} can stop it. */
    private final Map<Thread, java.sql.Statement> running = new ConcurrentHashMap<>();
    private final TableCatalog catalog;
    private final Router router;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final QueryCaching caching;
    private final VectorCollections vectors;
    private final Builder settings;
    private volatile Thread transactionOwner;
    private volatile long schemaEpoch;
    private volatile boolean closed;
    private long lastRowsRefreshNanos; // the replica's worker thread only

    private LumosDB(Builder settings, Storage storage, SqliteEngine sqlite, DuckEngine duck, Replica replica) throws SQLException {
        this.settings = settings;
        this.storage = storage;
        this.sqlite = sqlite;
        this.duck = duck;
        this.replica = replica;
        this.catalog = new TableCatalog(settings.largeTableRows);
        this.router = new Router(catalog, this::whyNotReplicated, this::duckProblemWith, settings.sqlLimits);
        this.caching = new QueryCaching(settings.cache, settings.cacheRoutes, writeLock, sqlite, views);
        this.vectors = VectorCollections.open(new FacadeVectorStorage(this));
        writeLock.lock();
        try {
            refreshSchemaView();
            caching.account(); // the commit counter and data version from which others' commits are told
        } finally {
            writeLock.unlock();
        }
        replica.onTablesChanged(this::replicaTablesChanged);
        replica.onApplied(this::replicaApplied);
        // its routine SQLite writes run on our writer, behind our writes: never in SQLite's busy handler, and
        // every commit of this process comes from one connection (how the cache tells other programs' apart)
        replica.useWriter(writeLock, sqlite.writer(), caching::accountQuietly);
        replica.start("lumos[" + storage.directory().getFileName() + "] sync");
    }

    /** Re-reads what routing depends on: views in DuckDB, table statistics; forgets cached decisions. */
    private void refreshSchemaView() throws SQLException {
        try (ConnectionLease sqliteReader = sqlite.borrowReader(); ConnectionLease duckReader = duck.borrowReader()) {
            views.reconcile(sqliteReader.statements().connection(), duckReader.statements().connection());
            catalog.refresh(sqliteReader.statements().connection(), duckReader.statements().connection());
            caching.refreshSchema(sqliteReader.statements().connection());
        }
        router.invalidate();
    }

    /**
     * Called by the replica's worker after it applied changes: at most once a second, re-reads table
     * sizes from DuckDB, so that routing follows writes made by other programs as well as ours.
     */
    private void replicaApplied() {
        long now = System.nanoTime();
        if (closed || now - lastRowsRefreshNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastRowsRefreshNanos = now;
        try (ConnectionLease duckReader = duck.borrowReader()) {
            catalog.refreshRows(duckReader.statements().connection(), replica.caughtUpAtNanos());
        } catch (SQLException e) {
            LOG.debug("re-reading table sizes failed; routing keeps its estimates: {}", e.getMessage());
        }
    }

    /** Called by the replica's worker when tables become (un)replicated, e.g. during a rebuild. */
    private void replicaTablesChanged() {
        if (closed) {
            return;
        }
        schemaEpoch++; // statements prepared on DuckDB may name views that were dropped and made again
        try {
            refreshSchemaView();
        } catch (SQLException e) {
            LOG.warn("re-reading the catalog after a replica change failed; routing uses the previous one: {}", e.getMessage());
        }
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

    /** Settings for opening a database; see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- writes

    /**
     * Runs a DDL statement (or any write); the replica follows DDL through the facade and from others.
     *
     * @return the number of rows changed (0 for DDL)
     * @throws SQLException as {@link #update}
     */
    public long execute(String sql, Object... args) throws SQLException {
        return update(sql, args);
    }

    /**
     * Runs one INSERT, UPDATE, DELETE or DDL statement on SQLite in its own transaction and applies it to
     * the DuckDB replica before returning. Parameters are bound to {@code ?} in order: numbers, String,
     * Boolean (stored 1/0), byte[], UUID and java.time values (timestamps stored as UTC text).
     *
     * @return the number of rows changed (0 for DDL)
     * @throws SQLSyntaxErrorException for malformed SQL, unknown tables or columns, or a SELECT (use {@link #query})
     * @throws SQLDataException for a wrong parameter count or type, or a value that does not fit its column's type
     * @throws java.sql.SQLIntegrityConstraintViolationException for a constraint violation
     * @throws SQLTransientException if the write lock is not free within {@link Builder#writeTimeout}
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public long update(String sql, Object... args) throws SQLException {
        checkUsable(sql);
        Router.Analysis analysis = analyze(sql);
        if (analysis.read()) {
            throw new SQLSyntaxErrorException("update() and execute() run writes and DDL; use query() for a SELECT -- in: "
                    + EngineErrors.shorten(sql), "42000");
        }
        if (transactionOwner == Thread.currentThread()) {
            throw new SQLTransientException("db.update() called inside db.transaction() on the same thread; use the "
                    + "Transaction passed to the work -- in: " + EngineErrors.shorten(sql), "25001");
        }
        lockForWrite(sql);
        try {
            long changed = runWrite(sql, args, analysis);
            afterCommit(analysis.ddl() || isUnparsedWrite(analysis), analysis, changed,
                    analysis.targetTable() == null ? Set.of() : Set.of(analysis.targetTable()));
            return changed;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs one INSERT, UPDATE or DELETE once for each row of values, in one transaction, as one JDBC batch:
     * all rows or none. See {@link Transaction#updateBatch}.
     *
     * <pre>{@code
     * List<Object[]> rows = new ArrayList<>();
     * for (Order o : orders) {
     *     rows.add(new Object[] {o.id(), o.customer(), o.amount()});
     * }
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

    private long runWrite(String sql, Object[] args, Router.Analysis analysis) throws SQLException {
        Connection writer = sqlite.writer();
        try {
            if (analysis.ddl() && analysis.targetTable() != null && analysis.keyword().equals("ALTER")) {
                return alterTable(writer, sql, args, analysis.targetTable());
            }
            if (analysis.ddl()) {
                try (PreparedStatement ps = writer.prepareStatement(sql)) {
                    bindChecked(ps, args, false, sql, "OLTP");
                    ps.execute();
                    return 0;
                }
            }
            PreparedStatement ps = sqlite.writerStatements().prepare(sql, schemaEpoch);
            bindChecked(ps, args, false, sql, "OLTP");
            boolean hasResult = ps.execute();
            if (hasResult) {
                ps.getResultSet().close();
                return 0;
            }
            return Math.max(0, ps.getUpdateCount());
        } catch (SQLException e) {
            sqlite.writerStatements().evict(sql);
            throw wrapSqlite(e, "OLTP", sql);
        }
    }

    /**
     * ALTER TABLE with the table's capture triggers dropped in the same transaction: SQLite refuses to
     * drop a column a trigger names. A failed ALTER rolls the triggers back with it; a successful one is
     * followed by reconcile, which replicas the table afresh.
     */
    private long alterTable(Connection writer, String sql, Object[] args, String table) throws SQLException {
        boolean ownTransaction = writer.getAutoCommit();
        if (ownTransaction) {
            writer.setAutoCommit(false);
        }
        try (PreparedStatement ps = writer.prepareStatement(sql)) {
            Replica.dropCaptureTriggers(writer, table);
            bindChecked(ps, args, false, sql, "OLTP");
            ps.execute();
            if (ownTransaction) {
                writer.commit();
            }
            return 0;
        } catch (SQLException e) {
            if (ownTransaction) {
                writer.rollback();
            }
            throw e;
        } finally {
            if (ownTransaction) {
                writer.setAutoCommit(true);
            }
        }
    }

    /**
     * After a write committed: follow schema changes (in commit order: the write lock is held), wake the
     * replica's worker, adjust statistics. The data reaches DuckDB asynchronously; reads that need it
     * wait for it according to their {@link Freshness}.
     */
    private void afterCommit(boolean schemaChanged, Router.Analysis analysis, long changed, Set<String> written) throws SQLException {
        caching.committed(written, schemaChanged); // first: the commit is visible to readers from now on
        if (schemaChanged) {
            replica.reconcile();
            schemaEpoch++;
            refreshSchemaView();
        }
        if (schemaChanged || analysis == null || analysis.targetTable() == null || replica.isReplicated(analysis.targetTable())) {
            replica.committed(); // a write to a table without a replica gives the worker nothing to do
        }
        if (analysis != null && analysis.targetTable() != null) {
            catalog.noteWrite(analysis.targetTable(), analysis.rowDelta(changed));
        }
    }

    private static boolean isUnparsedWrite(Router.Analysis analysis) {
        return analysis.targetTable() == null && !analysis.ddl(); // e.g. CREATE TRIGGER, PRAGMA: re-read the schema
    }

    // ---------------------------------------------------------------- reads

    /**
     * Runs a SELECT on the engine the router picks ({@link #explain} says which and why).
     *
     * @throws SQLSyntaxErrorException for malformed SQL, unknown tables or columns, or a statement that is not a read
     * @throws SQLDataException for a wrong parameter count or type
     * @throws ResultTooLargeException if the result has more rows than {@link Builder#maxResultRows}
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public QueryResult query(String sql, Object... args) throws SQLException {
        return run(null, settings.freshness, sql, args);
    }

    /**
     * Runs a SELECT on the given engine, overriding the router.
     *
     * @param route the engine; null lets the router decide
     * @throws SQLException as {@link #query(String, Object...)}
     */
    public QueryResult query(Route route, String sql, Object... args) throws SQLException {
        return run(route, settings.freshness, sql, args);
    }

    /**
     * Runs a SELECT with the given freshness for a DuckDB route (SQLite reads are always current).
     *
     * @throws java.sql.SQLTimeoutException if the replica does not reach that freshness within
     *     {@link Builder#freshnessTimeout}
     * @throws SQLException as {@link #query(String, Object...)}
     */
    public QueryResult query(Freshness freshness, String sql, Object... args) throws SQLException {
        return run(null, Objects.requireNonNull(freshness, "freshness"), sql, args);
    }

    private QueryResult run(Route route, Freshness freshness, String sql, Object[] args) throws SQLException {
        long start = System.nanoTime();
        checkUsable(sql);
        Router.Analysis analysis = analyze(sql);
        RouteDecision decision = readDecision(route, sql, analysis);
        if (transactionOwner == Thread.currentThread()) {
            throw new SQLTransientException("db.query() called inside db.transaction() on the same thread; use the "
                    + "Transaction passed to the work -- in: " + EngineErrors.shorten(sql), "25001");
        }
        boolean olap = decision.route() == Route.OLAP;
        QueryCaching.Lookup cached = caching.lookup(decision, sql, args, analysis, !olap || Duration.ZERO.equals(freshness.maxStaleness()), start);
        if (cached.hit() != null) {
            return cached.hit();
        }
        if (olap) {
            awaitFreshness(freshness, sql, analysis);
        }
        try (ConnectionLease lease = olap ? duck.borrowReader() : sqlite.borrowReader()) {
            StatementCache statements = lease.statements();
            try {
                PreparedStatement ps = statements.prepare(sql, schemaEpoch);
                bindChecked(ps, args, olap, sql, decision.route().name());
                running.put(Thread.currentThread(), ps);
                try (ResultSet rs = ps.executeQuery()) {
                    QueryResult result = ResultReader.read(rs, labels(sql, rs, olap), settings.maxResultRows, decision, start, sql);
                    caching.store(cached.ticket(), result);
                    return result;
                } finally {
                    running.remove(Thread.currentThread());
                }
            } catch (ResultTooLargeException e) {
                throw e;
            } catch (SQLException e) {
                statements.evict(sql);
                if (olap && Replica.isCorruption(e)) {
                    replica.corruptionSeen(e); // the worker copies every table again
                    if (route == null) {
                        LOG.warn("DuckDB's file is damaged ({}); the read runs on SQLite while the replica is copied again",
                                e.getMessage());
                        return run(Route.OLTP, freshness, sql, args);
                    }
                }
                throw olap ? EngineErrors.duckdb(e, "OLAP", sql) : wrapSqlite(e, "OLTP", sql);
            }
        }
    }

    /**
     * Cancels the query {@code thread} is running on this database, if any: that call then fails with an
     * {@code SQLException} (SQLite's "interrupted", DuckDB's "INTERRUPT"). For a shell's Ctrl-C, or a
     * deadline enforced by another thread. A cancel that arrives while the statement is being handed to
     * the engine may miss it: call again while the query has not returned (the shell does on each Ctrl-C).
     *
     * <pre>{@code
     * Thread worker = ...;            // running db.query(...)
     * boolean stopped = db.cancel(worker);
     * }</pre>
     *
     * @return whether a query was running
     */
    public boolean cancel(Thread thread) {
        java.sql.Statement st = running.get(java.util.Objects.requireNonNull(thread, "thread"));
        if (st == null) {
            return false;
        }
        try {
            st.cancel();
            return true;
        } catch (SQLException e) {
            LOG.debug("cancel of a query on {} failed: {}", thread.getName(), e.toString());
            return false;
        }
    }

    /**
     * Runs a SELECT and reads its rows one by one: for results of any size. Close the stream.
     *
     * @throws SQLException as {@link #query(String, Object...)}, but never {@link ResultTooLargeException}
     */
    public ResultStream stream(String sql, Object... args) throws SQLException {
        checkUsable(sql);
        Router.Analysis analysis = analyze(sql);
        RouteDecision decision = readDecision(null, sql, analysis);
        boolean olap = decision.route() == Route.OLAP;
        if (olap) {
            awaitFreshness(settings.freshness, sql, analysis);
        }
        ConnectionLease lease = olap ? duck.borrowReader() : sqlite.borrowReader();
        try {
            // a statement of its own: the cached one may be needed again before this stream is closed
            PreparedStatement ps = lease.statements().prepareUncached(sql);
            try {
                bindChecked(ps, args, olap, sql, decision.route().name());
                ps.closeOnCompletion();
                ResultSet rs = ps.executeQuery();
                return new ResultStream(rs, labels(sql, rs, olap), lease, decision);
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
        } catch (SQLException e) {
            lease.close();
            throw e.getMessage() != null && e.getMessage().startsWith("[") ? e
                    : olap ? EngineErrors.duckdb(e, "OLAP", sql) : wrapSqlite(e, "OLTP", sql);
        }
    }

    /**
     * The route {@link #query(String, Object...)} would take for {@code sql}, and why; runs nothing.
     *
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public RouteDecision explain(String sql) throws SQLException {
        checkUsable(sql);
        return analyze(sql).decision();
    }

    private RouteDecision readDecision(Route override, String sql, Router.Analysis analysis) throws SQLException {
        if (!analysis.read() && !analysis.pragmaRead()) { // pragmas that only read run on a reader
            throw new SQLSyntaxErrorException("query() runs SELECT statements; use update() or execute() for writes and DDL"
                    + " -- in: " + EngineErrors.shorten(sql), "42000");
        }
        if (override == null) {
            return analysis.decision();
        }
        return new RouteDecision(override, "requested by the caller (Route." + override + ")");
    }

    /**
     * The column labels of {@code sql}'s result, kept per SQL text until the schema changes. They are
     * SQLite's on both routes: the engines name an unaliased expression differently ({@code count(*)} is
     * {@code count_star()} in DuckDB), and SQLite reports its labels on prepare, without running anything.
     */
    private Columns labels(String sql, ResultSet rs, boolean olap) throws SQLException {
        Columns cached = labels.get(sql);
        int width = rs.getMetaData().getColumnCount();
        if (cached != null && cached.epoch() == schemaEpoch && cached.names().size() == width) {
            return cached;
        }
        List<String> names = olap ? sqliteLabels(sql) : null;
        Columns columns = new Columns(names != null && names.size() == width ? names : ResultReader.labels(rs), schemaEpoch);
        if (labels.size() >= 10_000) {
            labels.clear(); // bounded, like the router's cache
        }
        labels.put(sql, columns);
        return columns;
    }

    private List<String> sqliteLabels(String sql) {
        // a statement of its own: sqlite-jdbc's metadata of an executed, reset statement is closed
        try (ConnectionLease lease = sqlite.borrowReader();
                PreparedStatement ps = lease.statements().connection().prepareStatement(sql)) {
            return ResultReader.labels(ps.getMetaData());
        } catch (SQLException e) {
            return null; // SQL SQLite cannot prepare (forced onto DuckDB): DuckDB's labels stand
        }
    }

    /**
     * Makes a DuckDB read as fresh as asked: STRICT waits until the replica holds every change committed
     * before now (writes by other programs on the file included: the number comes from SQLite's log);
     * bounded staleness waits only if the replica last caught up longer ago than allowed.
     */
    private void awaitFreshness(Freshness freshness, String sql, Router.Analysis analysis) throws SQLException {
        Duration allowed = freshness.maxStaleness();
        if (allowed == null) {
            return; // ANY
        }
        if (!allowed.isZero()) {
            long caughtUp = replica.caughtUpAtNanos();
            if (caughtUp != 0 && System.nanoTime() - caughtUp <= allowed.toNanos()) {
                return;
            }
        }
        long committed = lastCommittedSequence();
        // tables the parser could not name exactly (no parse, or a name it splits like "a.b"): wait for all
        List<String> read = analysis.tablesKnown() ? actualNames(views.baseTables(analysis.tables())) : null;
        Map<String, Long> rows = rowTargets(read != null ? read : replica.replicatedTables());
        try {
            replica.awaitApplied(committed, rows, settings.freshnessTimeout);
        } catch (java.sql.SQLTimeoutException e) {
            throw new java.sql.SQLTimeoutException("[OLAP/DuckDB] " + freshness + " read: " + e.getMessage() + " -- in: "
                    + EngineErrors.shorten(sql), e.getSQLState(), e);
        } catch (SQLException e) {
            throw new SQLException("[OLAP/DuckDB] " + freshness + " read needs changes the replica cannot apply: "
                    + e.getMessage() + " -- in: " + EngineErrors.shorten(sql), e.getSQLState(), e);
        }
    }

    /**
     * SQLite's names of the (lower-case) tables the router knows, whose appends are scanned, not logged;
     * null if one is not known.
     */
    private List<String> actualNames(Set<String> lowerCase) {
        List<String> names = new java.util.ArrayList<>();
        for (String t : lowerCase) {
            Optional<TableCatalog.TableInfo> info = catalog.table(t);
            if (info.isEmpty()) {
                return null;
            }
            names.add(info.get().name());
        }
        return names;
    }

    /** Each table's largest rowid now: a fresh read waits until the replica has scanned up to it. */
    private Map<String, Long> rowTargets(java.util.Collection<String> tables) throws SQLException {
        if (tables.isEmpty()) {
            return Map.of();
        }
        try (ConnectionLease lease = sqlite.borrowReader()) {
            return replica.rowTargets(lease.statements().connection(), tables);
        }
    }

    private long lastCommittedSequence() throws SQLException {
        try (ConnectionLease lease = sqlite.borrowReader()) {
            PreparedStatement ps = lease.statements().prepare(Replica.lastCommittedSequenceSql(), schemaEpoch);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The replica's synchronization: its status, and a way to wait for it.
     *
     * <pre>{@code
     * SyncStatus s = db.sync().status();
     * }</pre>
     */
    public Sync sync() {
        return new Sync() {
            @Override
            public io.lumosdb.sync.SyncStatus status() throws SQLException {
                checkUsable("(sync status)");
                return replica.status(lastCommittedSequence(), rowTargets(replica.replicatedTables()));
            }

            @Override
            public void awaitCaughtUp(Duration timeout) throws SQLException {
                checkUsable("(sync await)");
                replica.awaitApplied(lastCommittedSequence(), rowTargets(replica.replicatedTables()), timeout);
            }

            @Override
            public io.lumosdb.sync.VerifyReport verify() throws SQLException {
                checkUsable("(sync verify)");
                awaitCaughtUp(settings.freshnessTimeout); // the tables replicated after open, and every write before this call
                return replica.verify(true);
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
     * List<VectorHit> hits = docs.search(SearchRequest.of(query).k(10).filter("lang = 'en'"));
     * }</pre>
     *
     * @throws SQLNonTransientConnectionException if the database is closed
     */
    public VectorCollections vectors() throws SQLException {
        checkUsable("(vectors)");
        return vectors;
    }

    /**
     * Runs {@code work} in one transaction on the writer, for the vector collections: committed when it
     * returns, rolled back when it throws; then the tables it wrote are made stale in the cache and the
     * replica is told, as after any write through the facade.
     */
    <T> T writeForVectors(Set<String> tables, boolean schemaChange, io.lumosdb.vector.VectorStorage.SqlWork<T> work)
            throws SQLException {
        checkUsable("(vector write)");
        if (transactionOwner == Thread.currentThread()) {
            throw new SQLTransientException("a vector collection was written inside db.transaction() on the same thread;"
                    + " vector writes run in transactions of their own", "25001");
        }
        lockForWrite("(vector write)");
        Connection writer = sqlite.writer();
        try {
            T result;
            writer.setAutoCommit(false);
            try {
                result = work.run(writer);
                writer.commit();
            } catch (SQLException | RuntimeException | Error e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
            afterCommit(schemaChange, null, 0, tables);
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} on a SQLite reader, for the vector collections. */
    <T> T readForVectors(io.lumosdb.vector.VectorStorage.SqlWork<T> work) throws SQLException {
        checkUsable("(vector read)");
        try (ConnectionLease lease = sqlite.borrowReader()) {
            return work.run(lease.statements().connection());
        }
    }

    // ---------------------------------------------------------------- transactions

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
        checkUsable("(transaction)");
        if (transactionOwner == Thread.currentThread()) {
            throw new SQLTransientException("nested transaction: db.transaction() called inside another on this thread;"
                    + " run the statements on the outer Transaction", "25001");
        }
        lockForWrite("(transaction)");
        Connection writer = sqlite.writer();
        WriterTransaction tx = new WriterTransaction();
        try {
            writer.setAutoCommit(false);
            transactionOwner = Thread.currentThread();
            T result;
            try {
                result = work.run(tx);
            } catch (Throwable t) {
                tx.open = false;
                writer.rollback();
                throw t;
            }
            tx.open = false;
            try {
                writer.commit();
            } catch (SQLException e) {
                try {
                    writer.rollback(); // never leave a failed commit for setAutoCommit(true) to retry
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw wrapSqlite(e, "OLTP", "COMMIT");
            }
            writer.setAutoCommit(true);
            afterCommit(tx.schemaChanged, null, 0, tx.rowDeltas.keySet());
            for (var e : tx.rowDeltas.entrySet()) {
                catalog.noteWrite(e.getKey(), e.getValue());
            }
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("the transaction's work failed and was rolled back: " + e, "40000", e);
        } catch (Throwable t) {
            throw new SQLException("the transaction's work failed and was rolled back: " + t, "40000", t);
        } finally {
            transactionOwner = null;
            if (!writer.getAutoCommit()) {
                writer.setAutoCommit(true);
            }
            writeLock.unlock();
        }
    }

    /** The {@link Transaction} handed to the work: SQLite's writer connection, inside BEGIN IMMEDIATE. */
    private final class WriterTransaction implements Transaction {
        boolean open = true;
        boolean schemaChanged;
        final Map<String, Long> rowDeltas = new HashMap<>();

        @Override
        public long update(String sql, Object... args) throws SQLException {
            checkOpen(sql);
            Router.Analysis analysis = analyze(sql);
            if (analysis.read()) {
                throw new SQLSyntaxErrorException("Transaction.update() runs writes and DDL; use query() for a SELECT -- in: "
                        + EngineErrors.shorten(sql), "42000");
            }
            long changed = runWrite(sql, args, analysis);
            schemaChanged |= analysis.ddl() || isUnparsedWrite(analysis);
            if (analysis.targetTable() != null) {
                rowDeltas.merge(analysis.targetTable(), analysis.rowDelta(changed), Long::sum);
            }
            return changed;
        }

        @Override
        public long updateBatch(String sql, List<Object[]> rows) throws SQLException {
            checkOpen(sql);
            Objects.requireNonNull(rows, "rows");
            Router.Analysis analysis = analyze(sql);
            if (analysis.read() || analysis.ddl() || analysis.targetTable() == null) {
                throw new SQLSyntaxErrorException("updateBatch() runs one INSERT, UPDATE or DELETE for each row of values -- in: "
                        + EngineErrors.shorten(sql), "42000");
            }
            if (rows.isEmpty()) {
                return 0;
            }
            long changed = new WriteBatch(sql, rows).run();
            rowDeltas.merge(analysis.targetTable(), analysis.rowDelta(changed), Long::sum);
            return changed;
        }

        @Override
        public QueryResult query(String sql, Object... args) throws SQLException {
            long start = System.nanoTime();
            checkOpen(sql);
            if (!analyze(sql).read()) {
                throw new SQLSyntaxErrorException("Transaction.query() runs SELECT statements; use update() for writes"
                        + " -- in: " + EngineErrors.shorten(sql), "42000");
            }
            RouteDecision decision = new RouteDecision(Route.OLTP, "inside a transaction: SQLite, which sees the transaction's writes");
            StatementCache statements = sqlite.writerStatements();
            try {
                PreparedStatement ps = statements.prepare(sql, schemaEpoch);
                bindChecked(ps, args, false, sql, "OLTP");
                try (ResultSet rs = ps.executeQuery()) {
                    return ResultReader.read(rs, labels(sql, rs, false), settings.maxResultRows, decision, start, sql);
                }
            } catch (ResultTooLargeException e) {
                throw e;
            } catch (SQLException e) {
                statements.evict(sql);
                throw wrapSqlite(e, "OLTP", sql);
            }
        }

        private void checkOpen(String sql) throws SQLException {
            checkUsable(sql);
            if (!open || transactionOwner != Thread.currentThread()) {
                throw new SQLTransientException("this Transaction is no longer usable: it was used outside its work or"
                        + " off its thread -- in: " + EngineErrors.shorten(sql), "25000");
            }
        }
    }

    /**
     * One statement over many rows of values on the writer, inside a savepoint so that a failure leaves
     * nothing of the batch. SQLite's batch error does not say which row failed; the rows are then run one
     * by one, still inside the savepoint, to name it.
     */
    private final class WriteBatch {
        private final Connection writer = sqlite.writer();
        private final StatementCache statements = sqlite.writerStatements();
        private final String sql;
        private final List<Object[]> rows;

        WriteBatch(String sql, List<Object[]> rows) {
            this.sql = sql;
            this.rows = rows;
        }

        long run() throws SQLException {
            PreparedStatement ps;
            try {
                ps = statements.prepare(sql, schemaEpoch);
            } catch (SQLException e) {
                statements.evict(sql);
                throw wrapSqlite(e, "OLTP", sql);
            }
            for (int i = 0; i < rows.size(); i++) { // every row bound before anything runs
                try {
                    bindChecked(ps, rows.get(i), false, sql, "OLTP");
                    ps.addBatch();
                } catch (SQLException e) {
                    ps.clearBatch();
                    throw EngineErrors.atBatchRow(e, i, rows.size());
                }
            }
            java.sql.Savepoint savepoint = writer.setSavepoint();
            try {
                long changed = 0;
                for (int count : ps.executeBatch()) {
                    changed += Math.max(0, count);
                }
                writer.releaseSavepoint(savepoint);
                return changed;
            } catch (SQLException e) {
                ps.clearBatch();
                writer.rollback(savepoint);
                SQLException named = failingRow(ps, wrapSqlite(e, "OLTP", sql));
                writer.rollback(savepoint);
                writer.releaseSavepoint(savepoint);
                throw named;
            }
        }

        private SQLException failingRow(PreparedStatement ps, SQLException batchError) {
            for (int i = 0; i < rows.size(); i++) {
                try {
                    bindChecked(ps, rows.get(i), false, sql, "OLTP");
                    ps.executeUpdate();
                } catch (SQLException e) {
                    return EngineErrors.atBatchRow(wrapSqlite(e, "OLTP", sql), i, rows.size());
                }
            }
            return batchError; // the rows pass one by one: the batch as a whole failed
        }
    }

    // ---------------------------------------------------------------- shared plumbing

    private void bindChecked(PreparedStatement ps, Object[] args, boolean duckdb, String sql, String route) throws SQLException {
        Object[] values = args == null ? new Object[] {null} : args;
        int expected = ps.getParameterMetaData().getParameterCount();
        if (expected != values.length) {
            throw new SQLDataException("[" + route + "] the statement has " + expected + " parameter(s) but "
                    + values.length + " value(s) were given -- in: " + EngineErrors.shorten(sql), "07001");
        }
        try {
            Values.bind(ps, values, duckdb);
        } catch (SQLDataException e) {
            throw new SQLDataException("[" + route + "] " + e.getMessage() + " -- in: " + EngineErrors.shorten(sql), "22023", e);
        }
    }

    private static SQLException wrapSqlite(SQLException e, String route, String sql) {
        String m = e.getMessage();
        if (m != null && m.startsWith("[" + route + "]")) {
            return e; // already ours
        }
        return EngineErrors.sqlite(e, route, sql);
    }

    private void lockForWrite(String sql) throws SQLException {
        try {
            if (!writeLock.tryLock(settings.writeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientException("timed out after " + settings.writeTimeout.toMillis()
                        + " ms waiting for the write lock of " + storage.directory() + " -- in: " + EngineErrors.shorten(sql), "40001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while waiting for the write lock -- in: " + EngineErrors.shorten(sql), "40001", e);
        }
        if (closed) {
            writeLock.unlock();
            throw closedError(sql);
        }
    }

    private void checkUsable(String sql) throws SQLException {
        if (closed) {
            throw closedError(sql);
        }
        if (sql == null || sql.isBlank()) {
            throw new SQLSyntaxErrorException("the SQL text is empty", "42000");
        }
    }

    /** The router's analysis of {@code sql}, refusing texts that hold several statements. */
    private Router.Analysis analyze(String sql) throws SQLException {
        Router.Analysis analysis = router.analyze(sql);
        if (analysis.severalStatements()) {
            throw new SQLSyntaxErrorException("one statement per call: the text holds several (split it, or run them in"
                    + " db.transaction) -- in: " + EngineErrors.shorten(sql), "42000");
        }
        if (analysis.refused() != null) {
            throw new SQLSyntaxErrorException("refused: " + analysis.refused() + " -- in: " + EngineErrors.shorten(sql), "42501");
        }
        return analysis;
    }

    private SQLNonTransientConnectionException closedError(String sql) {
        return new SQLNonTransientConnectionException("database " + storage.directory() + " is closed -- in: "
                + EngineErrors.shorten(sql), "08003");
    }

    private Optional<String> whyNotReplicated(String table) {
        if (replica.isReplicated(table) || views.isReplicated(table)) {
            return Optional.empty();
        }
        return Optional.of(replica.whyNotReplicated(table).or(() -> views.whyNotReplicated(table))
                .orElse("it is not a table or view the replica knows"));
    }

    /** Why DuckDB cannot run {@code sql}: not one SELECT to its parser, or refused when prepared. */
    private Optional<String> duckProblemWith(String sql) {
        try (ConnectionLease lease = duck.borrowReader()) {
            lease.statements().prepareUncached(sql).close(); // checks that DuckDB reads one SELECT before it prepares
            return Optional.empty();
        } catch (SQLException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return Optional.of(m.lines().findFirst().orElse(m));
        }
    }

    /** The database directory. */
    public Path directory() {
        return storage.directory();
    }

    /** The tables that have a current DuckDB replica. */
    public Set<String> replicatedTables() {
        return replica.replicatedTables();
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes both engines and releases the directory. Waits for a running write or transaction to end
     * (up to {@link Builder#writeTimeout}); calls after close fail with
     * {@link SQLNonTransientConnectionException}. Closing twice does nothing.
     */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        vectors.close(); // first, without our lock: a collection's write holds its lock, then waits for ours
        boolean locked = false;
        try {
            locked = writeLock.tryLock(settings.writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        try {
            caching.close();
            SQLException failure = null;
            try {
                replica.close(); // stops the worker, closes its SQLite connection
            } catch (SQLException e) {
                failure = e;
            }
            try {
                duck.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            try {
                sqlite.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            storage.close();
            if (failure != null) {
                throw failure;
            }
        } finally {
            if (locked) {
                writeLock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "LumosDB[" + storage.directory() + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- builder

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
    public static final class Builder {
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
        private List<Path> fileAccess;
        private SqlLimits sqlLimits;

        private Builder() {}

        /**
         * Lets analytical SQL read and write files in these directories (and below), e.g.
         * {@code SELECT * FROM read_csv('/data/in/x.csv')} on the DuckDB route. By default no SQL can reach
         * any file of the host: DuckDB runs with external access off, no extension is installed or loaded,
         * and its configuration is locked (docs/security.md).
         *
         * @throws IllegalArgumentException if a path is not an existing directory
         */
        public Builder allowFileAccess(Path... directories) {
            Objects.requireNonNull(directories, "directories");
            requireUnset(fileAccess == null, "file access was already granted to " + fileAccess);
            List<Path> granted = new java.util.ArrayList<>();
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
        public Builder sqlLimits(SqlLimits limits) {
            Objects.requireNonNull(limits, "limits");
            requireUnset(sqlLimits == null, "SQL limits were already set to " + sqlLimits);
            this.sqlLimits = limits;
            return this;
        }

        /**
         * Sizes of the query-result and embedding caches (default {@link CacheSettings#defaults()});
         * {@link CacheSettings#disabled()} turns caching off.
         */
        public Builder cache(CacheSettings cache) {
            Objects.requireNonNull(cache, "cache");
            requireUnset(this.cache == null, "cache settings were already set to " + this.cache);
            this.cache = cache;
            return this;
        }

        /** The routes whose read results are cached (default both); none turns the result cache off. */
        public Builder cacheRoutes(Route... routes) {
            Objects.requireNonNull(routes, "routes");
            requireUnset(cacheRoutes == null, "cached routes were already set to " + cacheRoutes);
            Set<Route> chosen = java.util.EnumSet.noneOf(Route.class);
            for (Route r : routes) {
                chosen.add(Objects.requireNonNull(r, "route"));
            }
            this.cacheRoutes = chosen;
            return this;
        }

        /** How fresh DuckDB reads are by default (default {@link Freshness#STRICT}). */
        public Builder freshness(Freshness freshness) {
            Objects.requireNonNull(freshness, "freshness");
            requireUnset(this.freshness == null, "freshness was already set to " + this.freshness);
            this.freshness = freshness;
            return this;
        }

        /** How long a read waits for the replica to be fresh enough before failing (default 30 s). */
        public Builder freshnessTimeout(Duration timeout) {
            requireUnset(freshnessTimeout == null, "freshness timeout was already set to " + freshnessTimeout);
            this.freshnessTimeout = requirePositive(timeout, "freshness timeout");
            return this;
        }

        /** Stores the database in {@code directory}, creating it if missing. */
        public Builder directory(Path directory) {
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
        public Builder inMemory() {
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
        public Builder flushReplicaCommits() {
            requireUnset(!flushReplicaCommits, "replica commits were already set to flush");
            this.flushReplicaCommits = true;
            return this;
        }

        /** SQLite reader connections in the pool (default: max(4, processors)). */
        public Builder readerPoolSize(int readers) {
            requireUnset(readerPoolSize < 0, "reader pool size was already set to " + readerPoolSize);
            requirePositive(readers, "reader pool size");
            this.readerPoolSize = readers;
            return this;
        }

        /** DuckDB connections for concurrent analytical reads (default: max(2, processors)). */
        public Builder duckdbReaders(int readers) {
            requireUnset(duckdbReaders < 0, "DuckDB readers were already set to " + duckdbReaders);
            requirePositive(readers, "DuckDB readers");
            this.duckdbReaders = readers;
            return this;
        }

        /** Row count from which the router treats a table as large (default 10,000). */
        public Builder largeTableRows(long rows) {
            requireUnset(largeTableRows < 0, "large-table rows were already set to " + largeTableRows);
            requirePositive(rows, "large-table rows");
            this.largeTableRows = rows;
            return this;
        }

        /** Most rows a {@link QueryResult} holds; larger results fail and should be streamed (default 100,000). */
        public Builder maxResultRows(int rows) {
            requireUnset(maxResultRows < 0, "max result rows were already set to " + maxResultRows);
            requirePositive(rows, "max result rows");
            this.maxResultRows = rows;
            return this;
        }

        /** Prepared statements kept per connection (default 256). */
        public Builder statementCacheSize(int statements) {
            requireUnset(statementCacheSize < 0, "statement cache size was already set to " + statementCacheSize);
            requirePositive(statements, "statement cache size");
            this.statementCacheSize = statements;
            return this;
        }

        /** How long a write waits for the write lock held by other writes (default 30 s). */
        public Builder writeTimeout(Duration timeout) {
            requireUnset(writeTimeout == null, "write timeout was already set to " + writeTimeout);
            this.writeTimeout = requirePositive(timeout, "write timeout");
            return this;
        }

        /** How long SQLite retries when another process holds its lock (default 5 s). */
        public Builder busyTimeout(Duration timeout) {
            requireUnset(busyTimeout == null, "busy timeout was already set to " + busyTimeout);
            this.busyTimeout = requirePositive(timeout, "busy timeout");
            return this;
        }

        /** How long a read waits for a free connection (default 30 s). */
        public Builder readerTimeout(Duration timeout) {
            requireUnset(readerTimeout == null, "reader timeout was already set to " + readerTimeout);
            this.readerTimeout = requirePositive(timeout, "reader timeout");
            return this;
        }

        /**
         * Opens the database: locks the directory, opens SQLite and DuckDB, verifies the replica (rebuilding
         * it from SQLite if it is missing, foreign or behind) and replicas every table.
         *
         * @throws IllegalStateException if neither {@link #directory} nor {@link #inMemory} was set
         * @throws DatabaseLockedException if another {@code LumosDB} has the directory open
         * @throws SQLException if an engine cannot open its file
         */
        public LumosDB open() throws SQLException {
            if (directory == null && !inMemory) {
                throw new IllegalStateException("set directory(path) or inMemory() before open()");
            }
            int processors = Runtime.getRuntime().availableProcessors();
            readerPoolSize = readerPoolSize > 0 ? readerPoolSize : Math.max(4, processors);
            duckdbReaders = duckdbReaders > 0 ? duckdbReaders : Math.max(2, processors);
            largeTableRows = largeTableRows > 0 ? largeTableRows : 10_000;
            maxResultRows = maxResultRows > 0 ? maxResultRows : 100_000;
            statementCacheSize = statementCacheSize > 0 ? statementCacheSize : 256;
            writeTimeout = writeTimeout != null ? writeTimeout : Duration.ofSeconds(30);
            busyTimeout = busyTimeout != null ? busyTimeout : Duration.ofSeconds(5);
            readerTimeout = readerTimeout != null ? readerTimeout : Duration.ofSeconds(30);
            freshness = freshness != null ? freshness : Freshness.STRICT;
            freshnessTimeout = freshnessTimeout != null ? freshnessTimeout : Duration.ofSeconds(30);
            cache = cache != null ? cache : CacheSettings.defaults();
            cacheRoutes = cacheRoutes != null ? cacheRoutes : Set.of(Route.OLTP, Route.OLAP);
            fileAccess = fileAccess != null ? fileAccess : List.of();
            sqlLimits = sqlLimits != null ? sqlLimits : SqlLimits.defaults();
            Path dir = directory;
            if (inMemory) {
                try {
                    dir = Files.createTempDirectory("lumosdb-");
                } catch (java.io.IOException e) {
                    throw new SQLNonTransientConnectionException("cannot create a temporary directory: " + e, "08001", e);
                }
            }
            Storage storage = Storage.open(dir, inMemory);
            SqliteEngine sqlite = null;
            DuckEngine duck = null;
            try {
                String name = "lumos[" + dir.getFileName() + "]";
                sqlite = SqliteEngine.open(storage.sqliteFile(), readerPoolSize, busyTimeout, readerTimeout, statementCacheSize, name);
                // a file a previous process found damaged beyond repair in place is moved aside first
                boolean discard = Replica.markedUnreadable(sqlite.writer());
                duck = DuckEngine.open(storage.duckdbFile(), duckdbReaders, statementCacheSize, readerTimeout, flushReplicaCommits,
                        fileAccess, discard);
                Replica replica;
                try {
                    // replicating (a rebuild, if one is needed) runs on the worker: OLTP is served meanwhile
                    replica = Replica.open(sqlite.openReplicaConnection(), duck.replicaConnection(), false);
                } catch (SQLException e) {
                    if (!Replica.isCorruption(e)) {
                        throw e;
                    }
                    LOG.warn("DuckDB's file is damaged ({}); moving it aside and rebuilding the replica from SQLite", e.getMessage());
                    duck.close();
                    duck = null;
                    duck = DuckEngine.open(storage.duckdbFile(), duckdbReaders, statementCacheSize, readerTimeout,
                            flushReplicaCommits, fileAccess, true);
                    replica = Replica.open(sqlite.openReplicaConnection(), duck.replicaConnection(), false);
                }
                return new LumosDB(this, storage, sqlite, duck, replica);
            } catch (SQLException | RuntimeException e) {
                closeAfterFailedOpen(e, duck, sqlite);
                storage.close();
                throw e;
            }
        }

        private static void closeAfterFailedOpen(Exception cause, AutoCloseable... engines) {
            for (AutoCloseable engine : engines) {
                if (engine != null) {
                    try {
                        engine.close();
                    } catch (Exception e) {
                        cause.addSuppressed(e);
                    }
                }
            }
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
}
