package io.lumosdb;

import io.lumosdb.engine.ConnectionLease;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.route.ReplicatedViews;
import io.lumosdb.route.Router;
import io.lumosdb.route.TableCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What routing depends on, kept current: the table catalog and its statistics, the views DuckDB reads
 * alike, which tables the replica holds, and the router over them. The schema epoch counts changes that
 * invalidate prepared statements and cached column labels.
 */
final class SchemaView {
    private static final Logger LOG = LoggerFactory.getLogger(LumosDB.class);

    private final SqliteEngine sqlite;
    private final BackgroundReplica replica;
    private final Settings settings;
    private final ReplicatedViews views;
    private final QueryCaching caching;
    private final TableCatalog catalog;
    private final Router router;
    private volatile long epoch;
    private long lastRowsRefreshNanos; // the replica's worker thread only

    SchemaView(Settings settings, SqliteEngine sqlite, BackgroundReplica replica, ReplicatedViews views, QueryCaching caching) {
        this.settings = settings;
        this.sqlite = sqlite;
        this.replica = replica;
        this.views = views;
        this.caching = caching;
        this.catalog = new TableCatalog(settings.largeTableRows());
        this.router = new Router(catalog, this::whyNotReplicated, this::duckProblemWith, settings.sqlLimits());
    }

    Router router() {
        return router;
    }

    TableCatalog catalog() {
        return catalog;
    }

    ReplicatedViews views() {
        return views;
    }

    /** Changes with every schema change: prepared statements and cached labels of an older epoch are dropped. */
    long epoch() {
        return epoch;
    }

    /** After DDL (under the write lock): a new epoch, and everything routing depends on read again. */
    void schemaChanged() throws SQLException {
        epoch++;
        refresh();
    }

    /**
     * Re-reads what routing depends on: views in DuckDB, table statistics (from SQLite while the replica is
     * not open yet); forgets cached decisions.
     */
    void refresh() throws SQLException {
        Optional<BackgroundReplica.Parts> open = replica.now();
        try (ConnectionLease sqliteReader = sqlite.borrowReader();
                ConnectionLease duckReader = open.isPresent() ? open.get().duck().borrowReader() : null) {
            Connection duck = duckReader == null ? null : duckReader.statements().connection();
            if (duck != null) {
                views.reconcile(sqliteReader.statements().connection(), duck);
            }
            catalog.refresh(sqliteReader.statements().connection(), duck);
            caching.refreshSchema(sqliteReader.statements().connection());
        }
        router.invalidate();
    }

    /** The replica's tables changed (a copy finished, a rebuild began): statements prepared on DuckDB may be stale. */
    void replicaTablesChanged() {
        epoch++;
        try {
            refresh();
        } catch (SQLException e) {
            LOG.warn("re-reading the catalog after a replica change failed; routing uses the previous one: {}", e.getMessage());
        }
    }

    /**
     * The replica's worker applied changes: at most once a second, re-reads table sizes from DuckDB, so
     * that routing follows writes made by other programs as well as ours.
     */
    void replicaApplied() {
        long now = System.nanoTime();
        if (now - lastRowsRefreshNanos < TimeUnit.SECONDS.toNanos(1)) {
            return;
        }
        lastRowsRefreshNanos = now;
        Optional<BackgroundReplica.Parts> open = replica.now();
        if (open.isEmpty()) {
            return;
        }
        try (ConnectionLease duckReader = open.get().duck().borrowReader()) {
            catalog.refreshRows(duckReader.statements().connection(), open.get().replica().caughtUpAtNanos());
        } catch (SQLException e) {
            LOG.debug("re-reading table sizes failed; routing keeps its estimates: {}", e.getMessage());
        }
    }

    Optional<String> whyNotReplicated(String table) {
        if (replica.isReplicated(table) || views.isReplicated(table)) {
            return Optional.empty();
        }
        if (replica.opening()) {
            return replica.whyNotReplicated(table); // none while it opens (a read waits for it), its failure if it failed
        }
        return Optional.of(replica.whyNotReplicated(table).or(() -> views.whyNotReplicated(table))
                .orElse("it is not a table or view the replica knows"));
    }

    /** Why DuckDB cannot run {@code sql}: not one SELECT to its parser, or refused when prepared. */
    private Optional<String> duckProblemWith(String sql) {
        try (ConnectionLease lease = replica.await(settings.freshnessTimeout()).duck().borrowReader()) {
            lease.statements().prepareUncached(sql).close(); // checks that DuckDB reads one SELECT before it prepares
            return Optional.empty();
        } catch (SQLException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return Optional.of(m.lines().findFirst().orElse(m));
        }
    }
}
