package io.lumosdb.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepared statements of one connection, by SQL text, least recently used evicted. Preparing is the
 * dominant cost of a point lookup (microseconds against a sub-microsecond B-tree probe), so every
 * connection keeps its own. Not thread-safe: a connection is used by one thread at a time. Cleared when
 * the schema changes ({@code epoch}), so no statement outlives the tables it was prepared against.
 */
public final class StatementCache {
    /** A check every text passes before this connection prepares it. */
    @FunctionalInterface
    interface Guard {
        void check(String sql) throws SQLException;
    }

    private final Connection connection;
    private final int capacity;
    private final Guard guard;
    private final LinkedHashMap<String, PreparedStatement> statements = new LinkedHashMap<>(64, 0.75f, true);
    /** Texts run once as plain statements, most recent last: the second run of one prepares and keeps it. */
    private final LinkedHashMap<String, Boolean> seenOnce = new LinkedHashMap<>(64, 0.75f, true);
    private long epoch;

    public StatementCache(Connection connection, int capacity) {
        this(connection, capacity, sql -> { });
    }

    StatementCache(Connection connection, int capacity, Guard guard) {
        this.connection = connection;
        this.capacity = capacity;
        this.guard = guard;
    }

    public Connection connection() {
        return connection;
    }

    /** A prepared statement for {@code sql}, reused when this connection prepared it before in this epoch. */
    public PreparedStatement prepare(String sql, long schemaEpoch) throws SQLException {
        if (schemaEpoch != epoch) {
            clear();
            epoch = schemaEpoch;
        }
        PreparedStatement ps = statements.get(sql);
        if (ps == null || ps.isClosed()) {
            ps = prepareUncached(sql);
            statements.put(sql, ps);
            if (statements.size() > capacity) {
                Iterator<Map.Entry<String, PreparedStatement>> eldest = statements.entrySet().iterator();
                closeQuietly(eldest.next().getValue());
                eldest.remove();
            }
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /**
     * Whether {@code sql} should be prepared and kept, or run once as a plain statement: a text this
     * connection has not seen in this epoch runs once (ad-hoc SQL with literals inline is seldom sent
     * twice, and DuckDB runs a plain statement's text faster than it prepares and executes it, by about
     * a third on a grouped aggregate); its second sight prepares it. Records the sight.
     */
    public boolean repeated(String sql, long schemaEpoch) {
        if (schemaEpoch != epoch) {
            clear();
            epoch = schemaEpoch;
        }
        if (statements.containsKey(sql) || seenOnce.remove(sql) != null) {
            return true;
        }
        seenOnce.put(sql, Boolean.TRUE);
        if (seenOnce.size() > 4 * capacity) {
            Iterator<String> eldest = seenOnce.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        return false;
    }

    /** A plain statement to run {@code sql} once (after the connection's check of it); the caller closes it. */
    public Statement oneShot(String sql) throws SQLException {
        guard.check(sql);
        return connection.createStatement();
    }

    /** A new statement for {@code sql}, not kept: the caller closes it (a stream's, a check's). */
    public PreparedStatement prepareUncached(String sql) throws SQLException {
        guard.check(sql);
        return connection.prepareStatement(sql);
    }

    /** Forgets a statement that failed, so the next use prepares it afresh. */
    public void evict(String sql) {
        PreparedStatement ps = statements.remove(sql);
        if (ps != null) {
            closeQuietly(ps);
        }
    }

    public void clear() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
        seenOnce.clear();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // a statement of a broken connection; the connection's own error is reported where it is used
            org.slf4j.LoggerFactory.getLogger(StatementCache.class).debug("closing a cached statement failed", e);
        }
    }
}
