package io.lumosdb;

import io.lumosdb.engine.ConnectionLease;
import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.SqliteNativeRead;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.StatementCache;
import io.lumosdb.route.Router;
import io.lumosdb.route.SqlText;
import io.lumosdb.route.TableCatalog;
import io.lumosdb.sync.Replica;
import io.lumosdb.vector.VectorStorage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of a read: the router's decision (cached per text), the query cache, for the DuckDB route
 * the freshness wait ({@link Replica#awaitFresh}), then a pooled connection of the chosen engine runs
 * the statement from its statement cache, and the rows are read into the one value model with SQLite's
 * column labels.
 */
final class ReadPath {
    private static final Logger LOG = LoggerFactory.getLogger(LumosDB.class);
    private static final int MAX_CACHED_LABELS = 10_000;

    private final Settings settings;
    private final SqliteEngine sqlite;
    private final BackgroundReplica replica;
    private final SchemaView schema;
    private final QueryCaching caching;
    private final StatementChecks checks;
    private final WritePath writes;
    private final Telemetry telemetry;
    private final Map<String, Columns> labels = new ConcurrentHashMap<>();
    private final Map<String, Columns> shapeLabels = new ConcurrentHashMap<>();
    /** The read each thread is running, so that {@link #cancel(Thread)} can stop it. */
    private final RunningReads running = new RunningReads();

    ReadPath(Settings settings, SqliteEngine sqlite, BackgroundReplica replica, SchemaView schema, QueryCaching caching,
            StatementChecks checks, WritePath writes, Telemetry telemetry) {
        this.settings = settings;
        this.sqlite = sqlite;
        this.replica = replica;
        this.schema = schema;
        this.caching = caching;
        this.checks = checks;
        this.writes = writes;
        this.telemetry = telemetry;
    }

    /** A SELECT on {@code route} (null: the router decides) as fresh as asked; see {@link LumosDB#query}. */
    QueryResult query(Route route, Freshness freshness, String sql, Object[] args) throws SQLException {
        long start = System.nanoTime();
        Route chosen = null;
        try (Telemetry.Stage span = telemetry.stage("lumos.query")) {
            try {
                checks.checkUsable(sql);
                Router.Analysis analysis;
                RouteDecision decision;
                Telemetry.Stage routing = telemetry.stage("lumos.route");
                try {
                    analysis = checks.analyze(sql);
                    decision = decision(route, sql, analysis);
                } finally {
                    routing.close();
                }
                chosen = decision.route();
                writes.requireOutsideTransaction("db.query()", sql);
                QueryResult result = run(decision, route == null, freshness, sql, args, analysis, start);
                telemetry.queried(result, sql, args);
                return result;
            } catch (SQLException e) {
                span.fail(e);
                telemetry.failed("query", chosen, sql, e, System.nanoTime() - start);
                throw e;
            }
        }
    }

    /**
     * Runs a read on {@code decision}'s engine; {@code auto}: the router chose it. The router's DuckDB
     * route is confirmed by the statement that runs, not by a prepare of its own: if DuckDB cannot prepare
     * or run the text (a literal it will not convert, say, where SQLite compares), SQLite runs it, and will
     * from now on, as the router would have decided had it asked DuckDB first. A cancelled read is not
     * run again; a damaged DuckDB file sends an automatic read to SQLite while the replica is copied again.
     */
    private QueryResult run(RouteDecision decision, boolean auto, Freshness freshness, String sql, Object[] args,
            Router.Analysis analysis, long start) throws SQLException {
        boolean olap = decision.route() == Route.OLAP;
        QueryCaching.Lookup cached = caching.lookup(decision, sql, args, analysis, !olap || Duration.ZERO.equals(freshness.maxStaleness()), start);
        if (cached.hit() != null) {
            return cached.hit();
        }
        BackgroundReplica.Parts duck = null;
        if (olap) {
            boolean opening = replica.opening();
            Telemetry.Stage waiting = telemetry.stage("lumos.freshness_wait");
            try {
                duck = awaitFreshness(freshness, sql, analysis);
            } finally {
                waiting.close();
            }
            if (opening && auto) { // decided while the replica opened: decide again, knowing what it holds
                Router.Analysis again = schema.router().confirmed(sql, checks.analyze(sql));
                if (again.decision().route() != Route.OLAP) {
                    return run(again.decision(), true, freshness, sql, args, again, start);
                }
            }
        }
        SQLException duckFailure;
        Telemetry.Stage executing = telemetry.stage("lumos.execute");
        try (executing; ConnectionLease lease = olap ? duck.duck().borrowReader() : sqlite.borrowReader()) {
            StatementCache statements = lease.statements();
            try {
                Statement oneShot = null;
                PreparedStatement ps = null;
                if (runsOnce(sql, args, statements)) {
                    oneShot = statements.oneShot(sql);
                } else {
                    ps = statements.prepare(sql, schema.epoch());
                    QueryResult result = olap ? null : readNatively(ps, sql, args, decision, start);
                    if (result != null) {
                        caching.store(cached.ticket(), result);
                        return result;
                    }
                    StatementChecks.bind(ps, args, decision.route(), sql);
                }
                RunningReads.Slot slot = running.start(oneShot != null ? oneShot : ps);
                try (ResultSet rs = oneShot != null ? oneShot.executeQuery(sql) : ps.executeQuery()) {
                    QueryResult result = ResultReader.read(rs, labels(sql, rs, olap), settings.maxResultRows(), decision, start, sql);
                    caching.store(cached.ticket(), result);
                    return result;
                } finally {
                    RunningReads.end(slot);
                    if (oneShot != null) {
                        oneShot.close();
                    }
                }
            } catch (ResultTooLargeException | SQLDataException e) {
                throw e; // too many rows, or arguments that do not fit the statement: the caller's to fix on any engine
            } catch (SQLException e) {
                statements.evict(sql);
                boolean corrupt = olap && Replica.isCorruption(e);
                if (corrupt) {
                    duck.replica().corruptionSeen(e); // the worker copies every table again
                }
                if (!olap || !auto || analysis.duckOnly() || running.takeCancelled()) { // a cancelled read's failure is the cancel, not a reason to try SQLite
                    throw olap ? EngineErrors.duckdb(e, sql) : EngineErrors.sqlite(e, sql);
                }
                if (corrupt) {
                    LOG.warn("DuckDB's file is damaged ({}); the read runs on SQLite while the replica is copied again", e.getMessage());
                    return run(new RouteDecision(Route.OLTP, "DuckDB's file is damaged; SQLite runs it while the replica is copied"
                            + " again"), false, freshness, sql, args, analysis, start);
                }
                duckFailure = e;
            }
        }
        Router.Analysis onSqlite = schema.router().duckRefused(sql, analysis,
                duckFailure.getMessage() == null ? duckFailure.toString() : duckFailure.getMessage());
        return run(onSqlite.decision(), false, freshness, sql, args, onSqlite, start);
    }

    /**
     * Runs a kept SQLite statement through {@link SqliteNativeRead} (a tenth less time on a point lookup
     * than sqlite-jdbc's result set); null when it cannot: a UTF-16 database, labels not yet known for the
     * text (its first run, through JDBC, learns them), or a statement that is not sqlite-jdbc's own.
     */
    private QueryResult readNatively(PreparedStatement ps, String sql, Object[] args, RouteDecision decision, long start)
            throws SQLException {
        Columns columns = labels.get(sql);
        if (columns == null || columns.epoch() != schema.epoch() || !sqlite.textIsUtf8() || !SqliteNativeRead.supports(ps)) {
            return null;
        }
        Object[] values = StatementChecks.bindable(ps, args, Route.OLTP, sql);
        RunningReads.Slot slot = running.start(ps);
        try {
            List<Object[]> rows = SqliteNativeRead.query(ps, values, columns.names().size(), settings.maxResultRows());
            return rows == null ? null : ResultReader.fromValues(rows, columns, settings.maxResultRows(), decision, start, sql);
        } finally {
            RunningReads.end(slot);
        }
    }

    /** A SELECT inside a transaction: on the writer, which sees the transaction's writes. */
    QueryResult queryOnWriter(String sql, Object[] args) throws SQLException {
        long start = System.nanoTime();
        RouteDecision decision = new RouteDecision(Route.OLTP, "inside a transaction: SQLite, which sees the transaction's writes");
        StatementCache statements = sqlite.writerStatements();
        try {
            PreparedStatement ps = statements.prepare(sql, schema.epoch());
            StatementChecks.bind(ps, args, Route.OLTP, sql);
            try (ResultSet rs = ps.executeQuery()) {
                QueryResult result = ResultReader.read(rs, labels(sql, rs, false), settings.maxResultRows(), decision, start, sql);
                telemetry.queried(result, sql, args);
                return result;
            }
        } catch (ResultTooLargeException e) {
            throw e;
        } catch (SQLException e) {
            statements.evict(sql);
            throw EngineErrors.sqlite(e, sql);
        }
    }

    /** Cancels the query {@code thread} runs; see {@link LumosDB#cancel}. */
    boolean cancel(Thread thread) {
        try {
            return running.cancel(thread);
        } catch (SQLException e) {
            LOG.debug("cancel of a query on {} failed: {}", thread.getName(), e.toString());
            return false;
        }
    }

    /**
     * Whether a read runs as a plain statement, not a kept prepared one: without arguments and without a
     * parameter marker in the text (so a missing argument is still reported as such), the first time this
     * connection sees the text ({@link StatementCache#repeated}), on either engine. A new text then costs
     * one parse and plan, not a prepare and an execute (DuckDB 2.0, a grouped aggregate over 200,000 rows,
     * texts alternating: 1.9 ms plain against 2.4 ms prepared), and ad-hoc texts do not push the repeated
     * ones out of the cache. A repeated text keeps its prepared statement: on DuckDB 2.0.0.1 the mixed
     * workload's report ran in 2.2-2.6 ms kept against 2.5-2.8 ms plain, with or without a write between
     * runs, and two readers alone ran 531-546 reports/s against 446-475 (docs/benchmarks-log.md).
     */
    private boolean runsOnce(String sql, Object[] args, StatementCache statements) {
        if (args == null || args.length > 0) { // null is one NULL argument
            return false;
        }
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?' || c == ':' || c == '@' || c == '$') {
                return false;
            }
        }
        return !statements.repeated(sql, schema.epoch());
    }

    /** A SELECT read row by row; see {@link LumosDB#stream}. */
    ResultStream stream(String sql, Object[] args) throws SQLException {
        checks.checkUsable(sql);
        Router.Analysis analysis = schema.router().confirmed(sql, checks.analyze(sql));
        RouteDecision decision = decision(null, sql, analysis);
        if (decision.route() == Route.OLAP && replica.opening()) { // decide again, knowing what the replica holds
            replica.await(settings.freshnessTimeout());
            analysis = schema.router().confirmed(sql, checks.analyze(sql));
            decision = decision(null, sql, analysis);
        }
        boolean olap = decision.route() == Route.OLAP;
        ConnectionLease lease = olap ? awaitFreshness(settings.freshness(), sql, analysis).duck().borrowReader() : sqlite.borrowReader();
        try {
            // a statement of its own: the cached one may be needed again before this stream is closed
            PreparedStatement ps = lease.statements().prepareUncached(sql);
            try {
                StatementChecks.bind(ps, args, decision.route(), sql);
                ps.closeOnCompletion();
                ResultSet rs = ps.executeQuery();
                return new ResultStream(rs, labels(sql, rs, olap), lease, decision);
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
        } catch (SQLException e) {
            lease.close();
            throw olap ? EngineErrors.duckdb(e, sql) : EngineErrors.sqlite(e, sql);
        }
    }

    /** The route a read takes and why; refuses what is not a read. */
    RouteDecision decision(Route override, String sql, Router.Analysis analysis) throws SQLException {
        if (!analysis.read() && !analysis.pragmaRead()) { // pragmas that only read run on a reader
            throw new SQLSyntaxErrorException("query() runs SELECT statements; use update() or execute() for writes and DDL"
                    + " -- in: " + EngineErrors.shorten(sql), "42000");
        }
        if (override == null) {
            return analysis.decision();
        }
        return new RouteDecision(override, "requested by the caller (Route." + override + ")");
    }

    /** Runs {@code work} on a SQLite reader, for the vector collections. */
    <T> T readForVectors(VectorStorage.SqlWork<T> work) throws SQLException {
        checks.checkUsable("(vector read)");
        try (ConnectionLease lease = sqlite.borrowReader()) {
            return work.run(lease.statements().connection());
        }
    }

    /**
     * The column labels of {@code sql}'s result, kept per SQL text until the schema changes. They are
     * SQLite's on both routes: the engines name an unaliased expression differently ({@code count(*)} is
     * {@code count_star()} in DuckDB), and SQLite reports its labels on prepare, without running anything.
     */
    private Columns labels(String sql, ResultSet rs, boolean olap) throws SQLException {
        Columns cached = labels.get(sql);
        int width = rs.getMetaData().getColumnCount();
        long epoch = schema.epoch();
        if (cached != null && cached.epoch() == epoch && cached.names().size() == width) {
            return cached;
        }
        Columns columns = olap ? olapLabels(sql, rs, width, epoch) : new Columns(ResultReader.labels(rs), epoch);
        keep(labels, sql, columns);
        return columns;
    }

    /**
     * SQLite's labels for a DuckDB read, kept per shape too (the text with its literals lifted out), so that
     * a new text of a known shape (ad-hoc SQL) is not prepared on SQLite for them. A shape keeps the labels
     * only if none contains a literal of the text: a label is the alias, the column's name or the
     * expression as written, so a label that depends on a literal holds it, and one that holds none is
     * the same for every text of the shape.
     */
    private Columns olapLabels(String sql, ResultSet rs, int width, long epoch) throws SQLException {
        List<String> lifted = new ArrayList<>();
        String shape = SqlText.withoutLiterals(sql, lifted);
        Columns sameShape = shape == null ? null : shapeLabels.get(shape);
        if (sameShape != null && sameShape.epoch() == epoch && sameShape.names().size() == width) {
            return sameShape;
        }
        List<String> names = sqliteLabels(sql);
        if (names == null || names.size() != width) {
            return new Columns(ResultReader.labels(rs), epoch);
        }
        Columns columns = new Columns(names, epoch);
        if (shape != null && names.stream().noneMatch(name -> lifted.stream().anyMatch(name::contains))) {
            keep(shapeLabels, shape, columns);
        }
        return columns;
    }

    private static void keep(Map<String, Columns> kept, String key, Columns columns) {
        if (kept.size() >= MAX_CACHED_LABELS) {
            kept.clear(); // bounded, like the router's cache
        }
        kept.put(key, columns);
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
     * Makes a DuckDB read as fresh as asked, once the replica is open (both waits within the freshness
     * timeout), and returns the open replica. Tables the parser could not name exactly (no parse, or a name
     * it splits like {@code "a.b"}) make it wait for every replicated table.
     */
    private BackgroundReplica.Parts awaitFreshness(Freshness freshness, String sql, Router.Analysis analysis) throws SQLException {
        List<String> read = analysis.tablesKnown() ? actualNames(schema.views().baseTables(analysis.tables())) : null;
        long start = System.nanoTime();
        try {
            BackgroundReplica.Parts open = replica.await(settings.freshnessTimeout());
            Duration left = settings.freshnessTimeout().minusNanos(System.nanoTime() - start);
            open.replica().awaitFresh(freshness.maxStaleness(), read, left.isNegative() ? Duration.ZERO : left);
            return open;
        } catch (SQLTimeoutException e) {
            throw new SQLTimeoutException("[OLAP/DuckDB] " + freshness + " read: " + e.getMessage() + " -- in: "
                    + EngineErrors.shorten(sql), e.getSQLState(), e);
        } catch (SQLException e) {
            throw new SQLException("[OLAP/DuckDB] " + freshness + " read needs changes the replica cannot apply: "
                    + e.getMessage() + " -- in: " + EngineErrors.shorten(sql), e.getSQLState(), e);
        }
    }

    /** SQLite's names of the (lower-case) tables the router knows; null if one is not known. */
    private List<String> actualNames(Set<String> lowerCase) {
        List<String> names = new ArrayList<>();
        for (String t : lowerCase) {
            Optional<TableCatalog.TableInfo> info = schema.catalog().table(t);
            if (info.isEmpty()) {
                return null;
            }
            names.add(info.get().name());
        }
        return names;
    }
}
