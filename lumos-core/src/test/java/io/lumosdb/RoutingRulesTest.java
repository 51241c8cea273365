package io.lumosdb;

import static io.lumosdb.RouteTable.olap;
import static io.lumosdb.RouteTable.oltp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.RouteTable.Agreement;
import io.lumosdb.RouteTable.Case;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table "Rules, in order" of docs/routing.md, row by row: each row's statements are explained, run on
 * the route explained, and (where both engines can run them) compared with the other engine's answer.
 * A row changed in the documentation should change here, and the other way round.
 */
class RoutingRulesTest {
    static LumosDB db;

    @BeforeAll
    static void open() throws SQLException {
        db = RouteTable.open();
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    // ---------------------------------------------------------------- rule 0: not run

    static Stream<Arguments> refusedStatements() {
        String deep = "SELECT " + "(".repeat(150) + "1" + ")".repeat(150);
        return Stream.of(
                Arguments.of("SELECT 1; SELECT 2", "one statement per call"),
                Arguments.of(deep, "nests brackets deeper than 100 levels"),
                Arguments.of("DELETE FROM _lumos_changes", "names starting with _lumos_ are Lumos-DB's own objects"),
                Arguments.of("CREATE TRIGGER _lumos_x AFTER INSERT ON tiny BEGIN SELECT 1; END", "it names _lumos_x"),
                Arguments.of("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode is refused"),
                Arguments.of("PRAGMA case_sensitive_like = OFF", "LIKE must mean the same on both engines"),
                Arguments.of("ATTACH DATABASE 'other.db' AS other", "ATTACH would reach database files outside the directory"),
                Arguments.of("VACUUM", "VACUUM may renumber the rowids"),
                Arguments.of("VACUUM INTO 'copy.db'", "VACUUM INTO writes a file outside the database directory"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedStatements")
    void refusedStatement_isNotRun_andTheErrorSaysWhy(String sql, String why) {
        SQLSyntaxErrorException explained = assertThrows(SQLSyntaxErrorException.class, () -> db.explain(sql));
        assertTrue(explained.getMessage().contains(why), explained.getMessage());
        SQLSyntaxErrorException run = assertThrows(SQLSyntaxErrorException.class, () -> db.execute(sql));
        assertTrue(run.getMessage().contains(why), run.getMessage());
    }

    @Test
    void severalStatementsAsDuckDbReadsThem_areNotRunOnDuckdb() throws SQLException {
        String sql = "SELECT $$'$$ AS a; DELETE FROM lumos_data.tiny; SELECT $$'$$ AS b";
        SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class, () -> db.query(Route.OLAP, sql));
        assertTrue(e.getMessage().contains("DuckDB reads"), e.getMessage());
        assertEquals(2L, db.query(Route.OLAP, "SELECT count(*) FROM tiny").rows().get(0).getLong(0));
    }

    // ---------------------------------------------------------------- rule 1: not a SELECT

    static Stream<Case> notSelects() {
        String writes = "writes and other non-SELECT statements run on SQLite, the source of truth";
        return Stream.of(
                oltp("INSERT INTO tiny VALUES ('c', 3)", writes, Agreement.EXPLAIN_ONLY),
                oltp("UPDATE orders SET amount = amount + 1 WHERE status = 'open'", writes, Agreement.EXPLAIN_ONLY),
                oltp("DELETE FROM orders", writes, Agreement.EXPLAIN_ONLY),
                oltp("PRAGMA user_version = 3", writes, Agreement.EXPLAIN_ONLY),
                oltp("CREATE TABLE z(a INTEGER)", "DDL runs on SQLite, the source of truth", Agreement.EXPLAIN_ONLY),
                oltp("DROP VIEW open_orders", "DDL runs on SQLite, the source of truth", Agreement.EXPLAIN_ONLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notSelects")
    void notASelect_routesToSqlite_andQueryRefusesIt(Case c) throws SQLException {
        RouteTable.check(db, c);
        SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class, () -> db.query(c.sql()));
        assertTrue(e.getMessage().contains("query() runs SELECT statements"), e.getMessage());
    }

    // ---------------------------------------------------------------- rule 2: hints

    static Stream<Case> hints() {
        return Stream.of(
                oltp("SELECT /*+ OLTP */ sum(amount) FROM orders", "hint /*+ OLTP */ in the statement"),
                olap("/*+ OLAP */ SELECT * FROM orders WHERE id = 7", "hint /*+ OLAP */ in the statement"),
                olap("SELECT * FROM tiny /*+ olap */ ORDER BY k", "hint /*+ OLAP */ in the statement"),
                olap("SELECT '/*+ OLTP */' AS text, amount FROM orders", "scans large table orders"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hints")
    void hint_decides(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    @Test
    void caller_overridesTheRouter() throws SQLException {
        QueryResult forced = db.query(Route.OLAP, "SELECT * FROM orders WHERE id = ?", 5);
        assertEquals(new RouteDecision(Route.OLAP, "requested by the caller (Route.OLAP)"), forced.decision());
        assertEquals(db.query("SELECT * FROM orders WHERE id = ?", 5).rows(), forced.rows());
    }

    // ---------------------------------------------------------------- rule 3: the parser, the engines differ

    static Stream<Case> unreadableOrDifferent() {
        return Stream.of(
                oltp("SELECT * FROM orders INDEXED BY orders_by_customer WHERE status = 'open'",
                        "the SQL parser cannot read it (", Agreement.ROUTE_ONLY),
                oltp("SELECT strftime('%Y', day) AS y, count(*) FROM orders GROUP BY y",
                        "uses strftime(): SQLite's date/time functions take and return text", Agreement.ROUTE_ONLY),
                // SQLite takes a bare column next to an aggregate; DuckDB's binder refuses it
                oltp("SELECT status, amount, max(id) FROM orders GROUP BY status", "DuckDB cannot run it (Binder Error",
                        Agreement.ROUTE_ONLY),
                oltp("SELECT sqlite_source_id(), count(*) FROM orders", "); SQLite runs it instead", Agreement.ROUTE_ONLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableOrDifferent")
    void unreadableOrEngineDifferentSql_routesToSqlite(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    // ---------------------------------------------------------------- rule 4: no table, no replica

    static Stream<Case> noReplica() {
        return Stream.of(
                oltp("SELECT 1 + 1 AS two, 'x' || 'y' AS xy", "reads no table"),
                oltp("SELECT count(*) FROM no_such_table", "table no_such_table is unknown to the router", Agreement.EXPLAIN_ONLY),
                oltp("SELECT count(*) FROM kv", "table kv has no DuckDB replica: table kv is WITHOUT ROWID with key column k"
                        + " of type BLOB", Agreement.ROUTE_ONLY),
                oltp("SELECT count(*) FROM docs", "table docs has no DuckDB replica: it is a virtual table (fts5), which SQLite"
                        + " serves", Agreement.ROUTE_ONLY),
                oltp("SELECT count(*) FROM docs WHERE docs MATCH 'lumos'", "the SQL parser cannot read it", Agreement.ROUTE_ONLY),
                oltp("SELECT count(*) FROM order_months", "table order_months has no DuckDB replica: view order_months uses"
                        + " strftime()", Agreement.ROUTE_ONLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noReplica")
    void noTableUnknownTableOrNoReplica_routesToSqlite(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    // ---------------------------------------------------------------- rule 5: small tables

    static Stream<Case> smallTables() {
        return Stream.of(
                oltp("SELECT k, sum(v) FROM tiny GROUP BY k", "touches only small tables (tiny ~2 rows; large means 1,000+ rows)"),
                oltp("SELECT DISTINCT v FROM tiny ORDER BY v", "touches only small tables"),
                olap("SELECT t.k, c.n FROM tiny t JOIN codes c ON c.n = t.v", "scans large table codes ~1,100 rows")); // one large
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallTables")
    void smallTablesOnly_routeToSqlite(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    // ---------------------------------------------------------------- rule 6: key restrictions

    static Stream<Case> keyRestrictions() {
        return Stream.of(
                oltp("SELECT * FROM orders WHERE id = 7", "key lookup: orders.id (primary key)"),
                oltp("SELECT * FROM orders WHERE id IN (1, 2, 3)", "key lookup: orders.id (primary key)"),
                oltp("SELECT * FROM orders WHERE id BETWEEN 10 AND 20 ORDER BY id", "key lookup: orders.id (primary key)"),
                oltp("SELECT * FROM orders WHERE 7 = id AND status = 'open'", "key lookup: orders.id (primary key)"),
                oltp("SELECT count(*), sum(amount) FROM orders WHERE customer_id = 7", "key lookup: orders.customer_id (index)"),
                oltp("SELECT * FROM events e WHERE e.rowid BETWEEN 5 AND 9", "key lookup: events.rowid (rowid)", Agreement.ROUTE_ONLY),
                oltp("SELECT * FROM events WHERE kind = 'k3'", "key lookup: events.kind (index)"),
                oltp("SELECT n FROM codes WHERE code = 'c42'", "key lookup: codes.code (primary key)"),
                oltp("SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = 7",
                        "key lookup: orders.id (primary key), customers.id (primary key, joined)"),
                oltp("SELECT o.id, c.name FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = 7",
                        "key lookup: customers.id (primary key), orders.customer_id (index, joined)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyRestrictions")
    void everyLargeTableRestrictedByAKey_routesToSqlite(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    // ---------------------------------------------------------------- rule 7: analytics over large tables

    static Stream<Case> analytics() {
        return Stream.of(
                olap("SELECT sum(amount) FROM orders", "sum() over large table orders ~2,500 rows"),
                olap("SELECT status, count(*) FROM orders GROUP BY status", "GROUP BY, count() over large table orders"),
                olap("SELECT DISTINCT country FROM customers", "DISTINCT over large table customers"),
                olap("SELECT id, rank() OVER (ORDER BY amount DESC) FROM orders", "window function rank() OVER over large table orders"),
                olap("SELECT customer_id FROM orders UNION SELECT id FROM customers", "set operation (UNION)"),
                olap("SELECT o.id FROM orders o WHERE o.id = 3 UNION ALL SELECT id FROM orders WHERE amount > 1249",
                        "set operation (UNION ALL) over large table orders"), // restricted in one block only
                olap("SELECT count(*) FROM open_orders", "count() over large table open_orders"),
                olap("SELECT sum(n) FROM codes", "sum() over large table codes"),
                olap("SELECT kind, avg(x) FROM events GROUP BY kind", "over large table events"),
                olap("SELECT c.country, sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country",
                        "over large tables orders ~2,500 rows, customers ~1,500 rows"),
                olap("SELECT substr(CAST(day AS TEXT), 1, 7) AS month, count(*) FROM orders GROUP BY month", "GROUP BY"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("analytics")
    void aggregatesGroupingDistinctWindowsAndSetOperationsOverLargeTables_routeToOlap(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    // ---------------------------------------------------------------- rule 8: LIMIT without ORDER BY

    static Stream<Case> earlyStops() {
        return Stream.of(
                oltp("SELECT * FROM orders LIMIT 10", "reads at most 10 rows without ordering: SQLite stops early", Agreement.SAME_COUNT),
                oltp("SELECT * FROM orders WHERE status = 'done' LIMIT 1000", "reads at most 1000 rows without ordering",
                        Agreement.SAME_COUNT),
                olap("SELECT * FROM orders LIMIT 1001", "scans large table orders"),
                olap("SELECT * FROM orders ORDER BY amount LIMIT 10", "scans large table orders"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("earlyStops")
    void limitWithoutOrderBy_routesToSqlite(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    // ---------------------------------------------------------------- rule 9: scans of large tables

    static Stream<Case> scans() {
        return Stream.of(
                olap("SELECT * FROM orders WHERE status = 'open'", "scans large table orders ~2,500 rows without a selective key predicate"),
                olap("SELECT * FROM events WHERE n = 5", "scans large table events"), // not the index's leading column
                olap("SELECT * FROM orders WHERE id > 2400", "scans large table orders"),
                olap("SELECT * FROM open_orders WHERE amount > 1200", "scans large table open_orders"),
                olap("SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'open'",
                        "scans large tables orders ~2,500 rows, customers ~1,500 rows"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scans")
    void scansAndJoinsOfLargeTables_routeToOlap(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    @Test
    void insideATransaction_everyReadRunsOnSqlite() throws SQLException {
        RouteDecision decision = db.transaction(tx -> tx.query("SELECT sum(amount) FROM orders").decision());
        assertEquals(Route.OLTP, decision.route());
        assertTrue(decision.reason().contains("inside a transaction"), decision.reason());
    }
}
