package io.lumosdb.route;

import io.lumosdb.Route;
import io.lumosdb.RouteDecision;
import io.lumosdb.SqlLimits;
import io.lumosdb.sync.Affinity;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import net.sf.jsqlparser.JSQLParserException;

/**
 * Decides per statement whether SQLite (OLTP) or DuckDB (OLAP) runs it, and says why. The rules, in
 * order (docs/routing.md):
 * <ol>
 *   <li>writes, DDL and anything that is not a SELECT run on SQLite, the source of truth;
 *   <li>a hint comment {@code /*+ OLAP *}{@code /} or {@code /*+ OLTP *}{@code /} decides;
 *   <li>SQL the parser cannot read, or that uses something DuckDB evaluates differently, runs on SQLite;
 *   <li>a statement reading no table, an unknown table or one without a replica runs on SQLite;
 *   <li>one touching only small tables runs on SQLite;
 *   <li>one restricting every large table by a key or index (directly or by a join on a key) runs on SQLite;
 *   <li>one that aggregates, groups, deduplicates or uses window functions runs on DuckDB;
 *   <li>one that reads a few rows ({@code LIMIT}) without ordering runs on SQLite, which stops early;
 *   <li>the rest scans or joins large tables and runs on DuckDB.
 * </ol>
 * A DuckDB route is confirmed by preparing the statement on DuckDB; if DuckDB cannot, SQLite runs it.
 * A read confirms it with the statement it runs ({@link #duckRefused}), so a text is prepared once;
 * {@link #confirmed} asks DuckDB for callers that run nothing.
 *
 * <p>Hot path: the parse and the decision are cached per SQL text and reused while the catalog version
 * is unchanged, so a repeated statement costs one hash lookup. They are also cached per shape, the text
 * with its literals lifted out ({@link SqlText#withoutLiterals}): no rule reads a literal's value but the
 * ones the shape keeps, so a read never seen before whose shape is known (ad-hoc SQL with inline
 * literals, as BI tools and generated SQL send it) costs one lexer pass instead of a parse.
 */
public final class Router {
    /** Checks that DuckDB can prepare a statement; returns DuckDB's error message when it cannot. */
    @FunctionalInterface
    public interface DuckCheck {
        Optional<String> problemWith(String sql);
    }

    /** Whether a table has a current DuckDB replica; returns the reason when it does not. */
    @FunctionalInterface
    public interface ReplicaCheck {
        Optional<String> whyNotReplicated(String table);
    }

    private static final int MAX_CACHED = 10_000;

    private final TableCatalog catalog;
    private final ReplicaCheck replica;
    private final DuckCheck duck;
    private final SqlLimits limits;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Cached> shapes = new ConcurrentHashMap<>();

    public Router(TableCatalog catalog, ReplicaCheck replica, DuckCheck duck, SqlLimits limits) {
        this.catalog = catalog;
        this.replica = replica;
        this.duck = duck;
        this.limits = limits;
    }

    /**
     * The parse-derived facts the facade needs besides the route: {@code keyword} is the statement's first
     * keyword, {@code refused} why no call may run it ({@link StatementPolicy}) or null, {@code pragmaRead}
     * whether it is a PRAGMA that only reads, {@code tables} the tables it reads (lower case) when
     * {@code tablesKnown}, that is, when the parser could read it. {@code unconfirmed}: the rules chose
     * DuckDB, which has not yet prepared this text ({@link #confirmed}, {@link #duckRefused}). {@code duckOnly}: only
     * DuckDB can run it ({@link DuckOnlySyntax}), so DuckDB's error is the answer when it fails.
     */
    public record Analysis(RouteDecision decision, String keyword, boolean read, boolean ddl, String targetTable, int rowSign,
            boolean severalStatements, String refused, boolean pragmaRead, boolean tablesKnown, Set<String> tables,
            String notCacheable, boolean timeParameters, boolean unconfirmed, boolean duckOnly) {
        /** How a write that changed {@code changed} rows moves its table's row count. */
        public long rowDelta(long changed) {
            return rowSign * changed;
        }

        private Analysis withDecision(RouteDecision confirmed) {
            return new Analysis(confirmed, keyword, read, ddl, targetTable, rowSign, severalStatements, refused, pragmaRead,
                    tablesKnown, tables, notCacheable, timeParameters, false, duckOnly);
        }
    }

    /**
     * Decides the route of {@code sql}, from the cache when the catalog has not changed since.
     *
     * @throws SQLSyntaxErrorException if the text exceeds the {@link SqlLimits}, checked before any parser sees it
     */
    public Analysis analyze(String sql) throws SQLSyntaxErrorException {
        Cached cached = cache.get(sql);
        long version = catalog.version();
        if (cached != null && cached.version == version) {
            return cached.analysis;
        }
        String shape = SqlText.withoutLiterals(sql);
        Cached sameShape = shape == null ? null : shapes.get(shape);
        if (sameShape != null && sameShape.version == version) {
            return sameShape.analysis; // not kept per text: ad-hoc texts would only crowd out the repeated ones
        }
        if (cached == null && sameShape == null) {
            SqlMeasure.check(sql, limits);
        }
        Parsed parsed = cached != null ? cached.parsed : sameShape != null ? sameShape.parsed : parse(sql);
        String refused = StatementPolicy.refusal(sql, parsed.firstKeyword(), parsed.read()).orElse(null);
        boolean pragmaRead = parsed.firstKeyword().equals("PRAGMA")
                && StatementPolicy.pragma(sql).map(StatementPolicy.Pragma::read).orElse(false);
        // nothing about a text that will not run is asked of DuckDB
        Optional<String> duckOnly = parsed.severalStatements() || refused != null ? Optional.empty()
                : DuckOnlySyntax.why(sql, parsed.firstKeyword());
        RouteDecision decision = parsed.severalStatements() || refused != null ? oltp("not run: " + (refused != null ? refused
                : "the text holds several statements")) : duckOnly.isPresent() && SqlText.hint(sql).isEmpty()
                ? new RouteDecision(Route.OLAP, duckOnly.get())
                : pragmaRead ? oltp("a PRAGMA that reads runs on SQLite, whose schema and state it reports") : decide(sql, parsed);
        Analysis analysis = new Analysis(decision, parsed.firstKeyword(), parsed.read(), parsed.ddl(), parsed.targetTable(),
                parsed.shape() == null ? 0 : parsed.shape().rowSign, parsed.severalStatements(), refused, pragmaRead,
                parsed.shape() != null, parsed.shape() == null ? Set.of() : Set.copyOf(parsed.shape().tables),
                duckOnly.isPresent() ? "only DuckDB runs it, on files or catalogs the cache does not watch" : whyNotCacheable(sql, parsed),
                parsed.shape() != null && parsed.shape().timeParameters,
                decision.route() == Route.OLAP && SqlText.hint(sql).isEmpty() && duckOnly.isEmpty(), // a hint is not confirmed
                duckOnly.isPresent());
        keep(cache, sql, new Cached(parsed, analysis, version));
        if (shape != null) {
            keep(shapes, shape, new Cached(parsed, analysis, version));
        }
        return analysis;
    }

    /**
     * The analysis with its DuckDB route confirmed: DuckDB prepares the text (nothing runs) and, if it
     * cannot, SQLite runs it. For callers that run nothing ({@code explain}) or run it their own way.
     */
    public Analysis confirmed(String sql, Analysis analysis) {
        if (!analysis.unconfirmed()) {
            return analysis;
        }
        Optional<String> problem = duck.problemWith(sql);
        return problem.isPresent() ? duckRefused(sql, analysis, problem.get()) : remember(sql, analysis.withDecision(analysis.decision()));
    }

    /**
     * A read chosen for DuckDB that DuckDB could not prepare ({@code problem}, its message): SQLite runs
     * this text from now on, until the catalog changes. Returns the analysis that says so.
     */
    public Analysis duckRefused(String sql, Analysis analysis, String problem) {
        String first = problem.lines().findFirst().orElse(problem);
        return remember(sql, analysis.withDecision(oltp("DuckDB cannot run it (" + first + "); SQLite runs it instead")));
    }

    private Analysis remember(String sql, Analysis analysis) {
        Cached cached = cache.get(sql);
        if (cached == null) {
            String shape = SqlText.withoutLiterals(sql);
            cached = shape == null ? null : shapes.get(shape); // a text of a known shape is not parsed again
        }
        Parsed parsed = cached != null ? cached.parsed : parse(sql);
        keep(cache, sql, new Cached(parsed, analysis, catalog.version()));
        return analysis;
    }

    private static void keep(Map<String, Cached> map, String key, Cached value) {
        if (map.size() >= MAX_CACHED) {
            map.clear(); // bounded: a workload with this many distinct texts does not benefit from the cache
        }
        map.put(key, value);
    }

    /** Forgets cached decisions (the catalog version does this too; used when replicas change). */
    public void invalidate() {
        cache.clear();
        shapes.clear();
    }

    private record Cached(Parsed parsed, Analysis analysis, long version) {}

    /** A parse, or why there is none. */
    private record Parsed(QueryShape shape, String parseError, String firstKeyword, boolean severalStatements) {
        boolean read() {
            if (DuckOnlySyntax.KEYWORDS.contains(firstKeyword)) {
                return true; // DESCRIBE t, SHOW TABLES, FROM 'f.csv': reads, whatever JSqlParser makes of them
            }
            if (shape != null) {
                return shape.kind == QueryShape.Kind.READ;
            }
            return Set.of("SELECT", "WITH", "VALUES", "EXPLAIN").contains(firstKeyword);
        }

        boolean ddl() {
            if (DuckOnlySyntax.KEYWORDS.contains(firstKeyword)) {
                return false;
            }
            if (shape != null) {
                return shape.kind == QueryShape.Kind.DDL;
            }
            return Set.of("CREATE", "DROP", "ALTER").contains(firstKeyword);
        }

        String targetTable() {
            return shape == null ? null : shape.targetTable;
        }
    }

    private static Parsed parse(String sql) {
        String keyword = SqlText.firstKeyword(sql);
        boolean several = SqlText.hasSeveralStatements(sql);
        try {
            return new Parsed(StatementAnalyzer.analyze(sql), null, keyword, several);
        } catch (JSQLParserException e) {
            return new Parsed(null, e.getMessage(), keyword, several);
        }
    }

    /**
     * Why a read's result must not be cached, or null if it may be: the cache must know every table it
     * reads, and the result must depend on nothing but those tables and the parameters.
     */
    private String whyNotCacheable(String sql, Parsed parsed) {
        if (!parsed.read()) {
            return "it is not a read";
        }
        QueryShape shape = parsed.shape();
        if (shape == null) {
            return "the SQL parser cannot read it, so the tables it reads are unknown";
        }
        if (!shape.nondeterministic.isEmpty()) {
            return "it uses " + shape.nondeterministic.iterator().next() + ", whose value changes from run to run";
        }
        if (SqlText.noCacheHint(sql)) {
            return "hint /*+ NO_CACHE */ in the statement";
        }
        for (String table : shape.tables) {
            if (catalog.table(table).isEmpty()) {
                return "it reads " + table + ", which is not a table or view of the database";
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- rules

    /**
     * Whether every table column named {@code column} is declared DATE, text or integer: both engines
     * print those as the same text ('1995-03-15', the string, the digits). A column no table declares
     * (an alias, a view's expression) is not known to be safe.
     */
    private static boolean printsAlikeAsText(String column, List<TableCatalog.TableInfo> infos) {
        boolean found = false;
        for (TableCatalog.TableInfo t : infos) {
            String type = t.columnTypes().get(column);
            if (type == null) {
                continue;
            }
            found = true;
            Affinity affinity = Affinity.of(type);
            // "FLOATING POINT" has INTEGER affinity yet may hold reals, which print differently: not safe
            boolean safe = type.equals("DATE") || affinity == Affinity.TEXT || (affinity == Affinity.INTEGER && !type.contains("POINT"));
            if (!safe) {
                return false;
            }
        }
        return found;
    }

    private RouteDecision decide(String sql, Parsed parsed) {
        if (!parsed.read()) {
            return oltp(parsed.ddl() ? "DDL runs on SQLite, the source of truth; the replica follows"
                    : "writes and other non-SELECT statements run on SQLite, the source of truth");
        }
        Optional<Route> hint = SqlText.hint(sql);
        if (hint.isPresent()) {
            return new RouteDecision(hint.get(), "hint /*+ " + hint.get() + " */ in the statement");
        }
        QueryShape shape = parsed.shape();
        if (shape == null) {
            return oltp("the SQL parser cannot read it (" + parsed.parseError() + "); SQLite runs it as written");
        }
        if (!shape.sqliteOnly.isEmpty()) {
            Map.Entry<String, String> first = shape.sqliteOnly.entrySet().iterator().next();
            return oltp("uses " + first.getKey() + ": " + first.getValue());
        }
        if (shape.tables.isEmpty()) {
            return oltp("reads no table");
        }
        List<TableCatalog.TableInfo> infos = new ArrayList<>();
        for (String table : shape.tables) {
            Optional<TableCatalog.TableInfo> info = catalog.table(table);
            if (info.isEmpty()) {
                return oltp("table " + table + " is unknown to the router (SQLite reports it if it does not exist)");
            }
            Optional<String> why = replica.whyNotReplicated(info.get().name());
            if (why.isPresent()) {
                return oltp("table " + info.get().name() + " has no DuckDB replica: " + why.get());
            }
            infos.add(info.get());
        }
        for (Map.Entry<String, String> cast : shape.castToText.entrySet()) {
            if (!printsAlikeAsText(cast.getKey(), infos)) {
                return oltp("uses " + cast.getValue() + ": the engines print reals (and timestamps, booleans) as text differently");
            }
        }
        List<TableCatalog.TableInfo> large = infos.stream().filter(catalog::isLarge).toList();
        if (large.isEmpty()) {
            return oltp("touches only small tables (" + describe(infos) + "; large means "
                    + String.format(Locale.ROOT, "%,d", catalog.largeTableRows()) + "+ rows)");
        }
        Restriction restriction = restriction(shape);
        Set<String> unrestricted = large.stream().map(t -> t.name().toLowerCase(Locale.ROOT))
                .filter(t -> !restriction.restricted.contains(t)).collect(Collectors.toCollection(LinkedHashSet::new));
        if (unrestricted.isEmpty()) {
            return oltp("key lookup: " + String.join(", ", restriction.why));
        }
        List<TableCatalog.TableInfo> scanned = large.stream()
                .filter(t -> unrestricted.contains(t.name().toLowerCase(Locale.ROOT))).toList();
        String candidate;
        if (!shape.analytics.isEmpty()) {
            candidate = String.join(", ", shape.analytics) + " over large " + tables(scanned);
        } else if (shape.limit != null && shape.limit <= 1_000 && !shape.ordered) {
            return oltp("reads at most " + shape.limit + " rows without ordering: SQLite stops early");
        } else {
            candidate = "scans large " + tables(scanned) + " without a selective key predicate";
        }
        return new RouteDecision(Route.OLAP, candidate); // DuckDB confirms it: confirmed(), duckRefused()
    }

    private static final class Restriction {
        final Set<String> restricted = new LinkedHashSet<>();
        final List<String> why = new ArrayList<>();
    }

    /**
     * Tables (lower case) that a key or index predicate restricts in every SELECT block they appear in:
     * directly ({@code t.key = ?}, {@code IN (...)}, {@code BETWEEN}) or through an equi-join onto a key
     * of a table that is itself restricted.
     */
    private Restriction restriction(QueryShape shape) {
        Restriction result = new Restriction();
        Set<String> unrestrictedSomewhere = new LinkedHashSet<>();
        for (QueryShape.Scope scope : shape.scopes) {
            Set<String> restrictedAliases = new LinkedHashSet<>();
            for (QueryShape.ColumnRef c : scope.keyedColumns) {
                for (String alias : resolve(scope, c)) {
                    String kind = keyKind(scope.tablesByAlias.get(alias), c.column());
                    if (kind != null && restrictedAliases.add(alias)) {
                        result.why.add(scope.tablesByAlias.get(alias) + "." + c.column() + " (" + kind + ")");
                    }
                }
            }
            boolean grew = true;
            while (grew) {
                grew = false;
                for (QueryShape.ColumnRef[] edge : scope.joinEdges) {
                    grew |= propagate(scope, edge[0], edge[1], restrictedAliases, result);
                    grew |= propagate(scope, edge[1], edge[0], restrictedAliases, result);
                }
            }
            for (Map.Entry<String, String> e : scope.tablesByAlias.entrySet()) {
                if (!restrictedAliases.contains(e.getKey()) && !isBareNameOfAliasedTable(scope, e.getKey())) {
                    unrestrictedSomewhere.add(e.getValue());
                }
            }
            for (String alias : restrictedAliases) {
                result.restricted.add(scope.tablesByAlias.get(alias));
            }
        }
        result.restricted.removeAll(unrestrictedSomewhere);
        return result;
    }

    /** The analyzer registers a table under its alias and its own name; the own name is no second use. */
    private static boolean isBareNameOfAliasedTable(QueryShape.Scope scope, String key) {
        String table = scope.tablesByAlias.get(key);
        if (!key.equals(table)) {
            return false;
        }
        return scope.tablesByAlias.entrySet().stream().anyMatch(e -> !e.getKey().equals(key) && e.getValue().equals(table));
    }

    private boolean propagate(QueryShape.Scope scope, QueryShape.ColumnRef from, QueryShape.ColumnRef to,
            Set<String> restrictedAliases, Restriction result) {
        boolean fromRestricted = resolve(scope, from).stream().anyMatch(restrictedAliases::contains);
        if (!fromRestricted) {
            return false;
        }
        boolean grew = false;
        for (String alias : resolve(scope, to)) {
            String kind = keyKind(scope.tablesByAlias.get(alias), to.column());
            if (kind != null && restrictedAliases.add(alias)) {
                result.why.add(scope.tablesByAlias.get(alias) + "." + to.column() + " (" + kind + ", joined)");
                grew = true;
            }
        }
        return grew;
    }

    /** The aliases a column may belong to: its qualifier's, the only table's, or every table keyed on it. */
    private List<String> resolve(QueryShape.Scope scope, QueryShape.ColumnRef c) {
        if (c.qualifier() != null) {
            return scope.tablesByAlias.containsKey(c.qualifier()) ? List.of(c.qualifier()) : List.of();
        }
        Set<String> distinctTables = new LinkedHashSet<>(scope.tablesByAlias.values());
        if (distinctTables.size() == 1) {
            String only = distinctTables.iterator().next();
            return scope.tablesByAlias.entrySet().stream().filter(e -> e.getValue().equals(only))
                    .map(Map.Entry::getKey).limit(1).toList();
        }
        return scope.tablesByAlias.keySet().stream()
                .filter(alias -> keyKind(scope.tablesByAlias.get(alias), c.column()) != null).toList();
    }

    private String keyKind(String table, String column) {
        return catalog.table(table).map(info -> info.keyKinds().get(column)).orElse(null);
    }

    private String describe(List<TableCatalog.TableInfo> infos) {
        return infos.stream().map(t -> t.name() + " ~" + String.format(Locale.ROOT, "%,d", catalog.rows(t)) + " rows")
                .collect(Collectors.joining(", "));
    }

    private String tables(List<TableCatalog.TableInfo> infos) {
        return (infos.size() == 1 ? "table " : "tables ") + describe(infos);
    }

    private static RouteDecision oltp(String reason) {
        return new RouteDecision(Route.OLTP, reason);
    }
}
