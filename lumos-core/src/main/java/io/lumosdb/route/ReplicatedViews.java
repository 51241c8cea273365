package io.lumosdb.route;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.JSQLParserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicas SQLite's views into DuckDB, where DuckDB reads them the same way: a view whose body uses
 * something DuckDB evaluates differently (the router's own test) or that DuckDB cannot create stays on
 * SQLite, and queries on it are routed there with that reason.
 */
public final class ReplicatedViews {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedViews.class);

    private final Map<String, String> notReplicated = new ConcurrentHashMap<>();
    private final Map<String, Boolean> replicated = new ConcurrentHashMap<>();
    /** The tables (and views) each view reads, lower case, from its definition. */
    private volatile Map<String, java.util.Set<String>> reads = Map.of();
    /** Views whose result the cache must not keep, with the reason (definition unreadable, or nondeterministic). */
    private volatile Map<String, String> uncacheable = Map.of();

    /** Re-creates every SQLite view in DuckDB; called after schema changes, under the write lock. */
    public void reconcile(Connection sqlite, Connection duck) throws SQLException {
        replicated.keySet().forEach(v -> dropQuietly(duck, v));
        replicated.clear();
        notReplicated.clear();
        Map<String, java.util.Set<String>> viewReads = new java.util.HashMap<>();
        Map<String, String> notCacheable = new java.util.HashMap<>();
        try (Statement st = sqlite.createStatement();
                ResultSet rs = st.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'view'")) {
            while (rs.next()) {
                replica(duck, rs.getString(1), rs.getString(2));
                int as = indexOfAs(rs.getString(2));
                String key = rs.getString(1).toLowerCase(Locale.ROOT);
                try {
                    QueryShape shape = as < 0 ? null : StatementAnalyzer.analyze(rs.getString(2).substring(as));
                    viewReads.put(key, shape == null ? java.util.Set.of() : java.util.Set.copyOf(shape.tables));
                    if (shape == null) {
                        notCacheable.put(key, "the definition of view " + rs.getString(1) + " could not be read");
                    } else if (!shape.nondeterministic.isEmpty()) {
                        notCacheable.put(key, "view " + rs.getString(1) + " uses " + shape.nondeterministic.iterator().next());
                    }
                } catch (JSQLParserException e) {
                    viewReads.put(key, java.util.Set.of());
                    notCacheable.put(key, "the SQL parser cannot read the definition of view " + rs.getString(1));
                }
            }
        }
        reads = Map.copyOf(viewReads);
        uncacheable = Map.copyOf(notCacheable);
        if (!duck.getAutoCommit()) {
            duck.commit();
        }
    }

    private void replica(Connection duck, String name, String createSql) {
        String key = name.toLowerCase(Locale.ROOT);
        int as = indexOfAs(createSql);
        if (as < 0) {
            notReplicated.put(key, "its definition could not be read");
            return;
        }
        String body = createSql.substring(as);
        try {
            QueryShape shape = StatementAnalyzer.analyze(body);
            if (!shape.sqliteOnly.isEmpty()) {
                Map.Entry<String, String> first = shape.sqliteOnly.entrySet().iterator().next();
                notReplicated.put(key, "view " + name + " uses " + first.getKey() + ": " + first.getValue());
                return;
            }
            if (!shape.castToText.isEmpty()) { // column types are not checked here: such a view stays on SQLite
                notReplicated.put(key, "view " + name + " uses " + shape.castToText.values().iterator().next()
                        + ": the engines print reals as text differently");
                return;
            }
        } catch (JSQLParserException e) {
            notReplicated.put(key, "the SQL parser cannot read the view's definition");
            return;
        }
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW main." + quote(name) + " AS " + body);
            replicated.put(key, Boolean.TRUE);
        } catch (SQLException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            notReplicated.put(key, "DuckDB cannot create view " + name + " (" + message + ")");
            LOG.debug("view {} stays on SQLite: {}", name, message);
        }
    }

    /** The base tables behind {@code names} (lower case): views replaced by what they read, recursively. */
    public java.util.Set<String> baseTables(java.util.Set<String> names) {
        java.util.Set<String> base = new java.util.LinkedHashSet<>();
        Map<String, java.util.Set<String>> viewReads = reads;
        for (String name : closure(names, viewReads)) {
            if (!viewReads.containsKey(name)) {
                base.add(name);
            }
        }
        return base;
    }

    /**
     * Why a result reading {@code names} must not be cached because of a view among them (or the views
     * they read), or null: the tables behind such a view are unknown, or its value changes between runs.
     */
    public String whyNotCacheable(java.util.Set<String> names) {
        Map<String, String> reasons = uncacheable;
        if (reasons.isEmpty()) {
            return null;
        }
        for (String name : closure(names, reads)) {
            String why = reasons.get(name);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** {@code names} and everything the views among them read, recursively. */
    private static java.util.Set<String> closure(java.util.Set<String> names, Map<String, java.util.Set<String>> viewReads) {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        java.util.Deque<String> todo = new java.util.ArrayDeque<>(names);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (seen.add(name)) {
                todo.addAll(viewReads.getOrDefault(name, java.util.Set.of()));
            }
        }
        return seen;
    }

    /** Whether {@code view} exists in DuckDB. */
    public boolean isReplicated(String view) {
        return replicated.containsKey(view.toLowerCase(Locale.ROOT));
    }

    /** Why a SQLite view is not in DuckDB, if it is one. */
    public Optional<String> whyNotReplicated(String view) {
        return Optional.ofNullable(notReplicated.get(view.toLowerCase(Locale.ROOT)));
    }

    /** The position just after the {@code AS} that starts the view's SELECT, found with the lexer's rules. */
    private static int indexOfAs(String createSql) {
        String upper = createSql.toUpperCase(Locale.ROOT);
        int i = 0;
        while ((i = upper.indexOf("AS", i)) >= 0) {
            boolean before = i > 0 && Character.isWhitespace(upper.charAt(i - 1)) || i > 0 && upper.charAt(i - 1) == ')';
            boolean after = i + 2 < upper.length() && (Character.isWhitespace(upper.charAt(i + 2)) || upper.charAt(i + 2) == '(');
            if (before && after && SqlText.firstKeyword(createSql.substring(i + 2)).matches("SELECT|WITH|VALUES")) {
                return i + 2;
            }
            i += 2;
        }
        return -1;
    }

    private static void dropQuietly(Connection duck, String view) {
        try (Statement st = duck.createStatement()) {
            st.execute("DROP VIEW IF EXISTS main." + quote(view));
        } catch (SQLException e) {
            LOG.debug("dropping DuckDB view {} failed", view, e);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
