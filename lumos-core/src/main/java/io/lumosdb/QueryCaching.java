package io.lumosdb;

import io.lumosdb.cache.CacheSettings;
import io.lumosdb.cache.CacheStatistics;
import io.lumosdb.cache.EmbeddingCache;
import io.lumosdb.cache.QueryKey;
import io.lumosdb.cache.ResultCache;
import io.lumosdb.cache.TableVersions;
import io.lumosdb.engine.CommitWatch;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.route.Router;
import io.lumosdb.route.ReplicatedViews;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade's use of lumos-cache: which reads are cached, and which writes make cached results stale.
 *
 * <p><b>Writes through the facade.</b> After a write commits, and before the call returns, the tables it
 * wrote are bumped in {@link TableVersions}; every table is, after DDL, a write whose target the parser
 * cannot tell, or a write to a table with user triggers or foreign keys pointing at it (their effects
 * reach other tables).
 *
 * <p><b>Writes by anyone else</b> (another program on the SQLite file, the replica's own connection): each
 * lookup first compares SQLite's commit counter ({@link CommitWatch}) with the value this class last
 * accounted for. Equal means nobody committed since, and the table versions are complete. Different means
 * someone did; then, holding the write lock (so the facade's writer is idle), {@code PRAGMA data_version}
 * on the writer connection tells whether any connection other than the writer committed since the last
 * look: if so, every table is bumped, since which tables another program wrote is unknown. The facade's
 * own commits do the same accounting right after their bump. A lookup that finds the counter moved, and
 * the write lock busy for {@value #ACCOUNTING_WAIT_MILLIS} ms, neither serves nor stores: it runs the query.
 *
 * <p><b>Reads.</b> Only SELECTs whose every table is known (views expanded to their base tables), whose
 * result depends on nothing else (no {@code random()}, {@code CURRENT_TIMESTAMP}, {@code date('now')},
 * ...), with immutable parameters and without a {@code NO_CACHE} hint. A result is stored only when it is
 * fresh: read on SQLite, or on DuckDB under {@link Freshness#STRICT}; a hit may serve any freshness.
 */
final class QueryCaching implements CacheControl {
    private static final Logger LOG = LoggerFactory.getLogger(QueryCaching.class);

    /** A lookup's outcome: a result to return, or a ticket to store the result under, or neither. */
    record Lookup(QueryResult hit, Ticket ticket) {
        static final Lookup BYPASS = new Lookup(null, null);
    }

    /** What storing a result needs: its key, the stamp taken before the read, the tables it read. */
    record Ticket(QueryKey key, long stamp, List<String> tables) {}

    private final CacheSettings settings;
    private final Set<Route> routes;
    private final TableVersions versions = new TableVersions();
    private final ResultCache<QueryResult> results;
    private final EmbeddingCache embeddings;
    private final CommitWatch watch;
    private final Lock writeLock;
    /** How long a lookup waits for the write lock to account for new commits before it bypasses the cache. */
    static final long ACCOUNTING_WAIT_MILLIS = 50;
    private final SqliteEngine sqlite;
    private final ReplicatedViews views;
    /** What a read of a statement text needs to know, worked out once per text (and again after DDL). */
    private record CachedStatement(String keyText, List<String> tablesRead, String whyNot) {}

    /** By the caller's text: a long text is normalized, and views expanded, once and not per read. */
    private final ConcurrentHashMap<String, CachedStatement> statements = new ConcurrentHashMap<>();
    private volatile int accountedCommits;
    private long writerDataVersion = Long.MIN_VALUE; // under the write lock
    private PreparedStatement dataVersion; // on the writer, under the write lock
    /** Tables whose writes may change other tables: they have user triggers, or foreign keys point at them. */
    private volatile Set<String> cascading = Set.of();

    QueryCaching(CacheSettings settings, Set<Route> routes, Lock writeLock, SqliteEngine sqlite,
            ReplicatedViews views) {
        this.settings = settings;
        this.routes = routes.isEmpty() ? EnumSet.noneOf(Route.class) : EnumSet.copyOf(routes);
        this.writeLock = writeLock;
        this.sqlite = sqlite;
        this.views = views;
        this.embeddings = EmbeddingCache.create(settings.embeddingBytes());
        CommitWatch commits = settings.cachesResults() && !this.routes.isEmpty() ? sqlite.commitWatch() : null;
        this.watch = commits;
        this.results = commits == null ? null : ResultCache.create(settings, new QueryResultCodec(), versions);
    }

    /** Re-reads which tables cascade; called after schema changes, under the write lock. */
    void refreshSchema(Connection sqliteReader) throws SQLException {
        Set<String> fresh = new HashSet<>();
        try (Statement st = sqliteReader.createStatement();
                ResultSet rs = st.executeQuery("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
                        + " AND substr(name, 1, 7) <> '_lumos_' UNION SELECT p.\"table\" FROM sqlite_master m,"
                        + " pragma_foreign_key_list(m.name) p WHERE m.type = 'table'")) {
            while (rs.next()) {
                fresh.add(rs.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        cascading = Set.copyOf(fresh);
        statements.clear(); // views may have changed
    }

    // ---------------------------------------------------------------- reads

    /**
     * Looks {@code sql} up. {@code fresh} says whether a result of this read may be stored (it reflects
     * every commit before the read began).
     */
    Lookup lookup(RouteDecision decision, String sql, Object[] args, Router.Analysis analysis, boolean fresh, long startNanos) {
        if (results == null || !routes.contains(decision.route())) {
            return Lookup.BYPASS;
        }
        CachedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = describe(sql, analysis);
        }
        if (statement.whyNot() != null || (analysis.timeParameters() && mentionsNow(args))) {
            return Lookup.BYPASS;
        }
        QueryKey key = QueryKey.of(statement.keyText(), args, decision.route().name());
        if (key == null || !othersAccountedFor()) {
            return Lookup.BYPASS;
        }
        ResultCache.Hit<QueryResult> hit = results.get(key);
        if (hit != null) {
            return new Lookup(hit.value().servedFromCache(hit.level(), System.nanoTime() - startNanos), null);
        }
        if (!fresh) {
            return Lookup.BYPASS;
        }
        return new Lookup(null, new Ticket(key, versions.stamp(), statement.tablesRead()));
    }

    private CachedStatement describe(String sql, Router.Analysis analysis) {
        String whyNot = analysis.notCacheable() != null ? analysis.notCacheable() : views.whyNotCacheable(analysis.tables());
        Set<String> read = new HashSet<>(analysis.tables());
        read.addAll(views.baseTables(analysis.tables()));
        CachedStatement statement = new CachedStatement(QueryKey.normalize(sql), List.copyOf(read), whyNot);
        if (statements.size() >= 10_000) {
            statements.clear(); // bounded, like the router's cache of decisions
        }
        statements.put(sql, statement);
        return statement;
    }

    /** Stores the result of a read that looked up {@code ticket} (nothing if there is no ticket). */
    void store(Ticket ticket, QueryResult result) {
        if (ticket != null) {
            results.put(ticket.key(), result, ticket.tables(), ticket.stamp());
        }
    }

    private static boolean mentionsNow(Object[] args) {
        if (args != null) {
            for (Object a : args) {
                if (a instanceof String s && s.toLowerCase(Locale.ROOT).contains("now")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether every commit SQLite has seen is accounted for; accounts for new ones if the writer is free.
     * The lock is waited for briefly: the usual holder at such a moment is a commit about to account for
     * itself, or the replica's housekeeping on the writer (raising its marks, pruning its log), each a
     * fraction of a millisecond. A long write transaction makes the read bypass the cache after the wait.
     */
    private boolean othersAccountedFor() {
        if (watch.commitCounter() == accountedCommits) {
            return true;
        }
        try {
            if (!writeLock.tryLock(ACCOUNTING_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            account();
            return true;
        } catch (SQLException e) {
            LOG.debug("could not tell who committed; this read bypasses the cache: {}", e.getMessage());
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * After a write through the facade committed, under the write lock and before the call returns:
     * bumps what it changed ({@code tables}; everything if {@code unknownEffects}), then accounts for the
     * commit.
     */
    void committed(Collection<String> tables, boolean unknownEffects) {
        if (results == null) {
            return;
        }
        boolean everything = unknownEffects;
        for (String t : tables) {
            everything |= cascading.contains(t.toLowerCase(Locale.ROOT));
        }
        if (everything) {
            versions.bumpAll();
        } else if (!tables.isEmpty()) {
            versions.bump(tables);
        }
        accountQuietly();
    }

    /**
     * {@link #account()} for a commit the replica made on our writer, under our lock: noted before any
     * reader can see the lock free, so the replica's housekeeping never makes a read bypass the cache.
     */
    void accountQuietly() {
        try {
            account();
        } catch (SQLException e) {
            versions.bumpAll(); // who else committed is unknown: assume everyone wrote everything
            LOG.debug("could not read the writer's data version; every cached result is dropped: {}", e.getMessage());
        }
    }

    /** Takes note of SQLite's commit counter and of commits by other connections. Under the write lock. */
    void account() throws SQLException {
        if (watch == null) {
            return;
        }
        int counter = watch.commitCounter(); // read first: a commit after it is seen by the next look
        long version = writerDataVersion();
        if (version != writerDataVersion) {
            if (writerDataVersion != Long.MIN_VALUE) {
                versions.bumpAll();
            }
            writerDataVersion = version;
        }
        accountedCommits = counter;
    }

    private long writerDataVersion() throws SQLException {
        if (dataVersion == null) {
            dataVersion = sqlite.writer().prepareStatement("PRAGMA data_version");
        }
        try (ResultSet rs = dataVersion.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------- control

    @Override
    public CacheStatistics stats() {
        if (results == null) {
            var none = io.lumosdb.cache.CacheCounts.empty();
            return new CacheStatistics(none, none, embeddings.stats(), 0, 0, 0, 0, 0);
        }
        return results.stats(embeddings.stats());
    }

    @Override
    public void invalidateAll() {
        if (results != null) {
            results.invalidateAll();
        }
    }

    @Override
    public EmbeddingCache embeddings() {
        return embeddings;
    }

    @Override
    public CacheSettings settings() {
        return settings;
    }

    @Override
    public boolean caches(Route route) {
        return results != null && routes.contains(route);
    }

    /** Closes the writer statement this class prepared; under the write lock. */
    void close() {
        if (dataVersion != null) {
            try {
                dataVersion.close();
            } catch (SQLException e) {
                LOG.debug("closing the data-version statement failed: {}", e.getMessage());
            }
        }
    }
}
