package io.lumosdb;

import static io.lumosdb.RouteTable.olap;
import static io.lumosdb.RouteTable.oltp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.lumosdb.RouteTable.Agreement;
import io.lumosdb.RouteTable.Case;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table "Routed to SQLite (the engines differ)" of docs/sql-dialect.md, row by row: a statement using
 * each construct is routed to SQLite, with a reason that names it, and runs there. Where the page states
 * the difference itself, the engines are checked to differ so: the row is needed.
 */
class DialectRoutingTest {
    static LumosDB db;

    @BeforeAll
    static void open() throws SQLException {
        db = RouteTable.open();
        db.execute("CREATE VIEW order_texts AS SELECT CAST(status AS TEXT) AS s FROM orders");
        db.execute("CREATE TABLE kv_untyped(k PRIMARY KEY, v) WITHOUT ROWID");
        db.execute("CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx)");
        db.update("INSERT INTO boxes VALUES (1, 0, 10), (2, 5, 15)");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    private static Arguments row(String construct, String sql, String reason) {
        return Arguments.of(construct, oltp(sql, reason, Agreement.ROUTE_ONLY));
    }

    static Stream<Arguments> constructs() {
        String time = ": SQLite's date/time functions take and return text";
        String folds = ": SQLite folds ASCII letters only; DuckDB folds all of Unicode";
        String concatenation = ": the order of the concatenated values is unspecified and the engines choose differently";
        String truncates = ": SQLite truncates a real cast to integer; DuckDB rounds it";
        String prints = ": the engines print reals (and timestamps, booleans) as text differently";
        String rowid = ": the rowid exists in SQLite only";
        String empty = "uses an empty IN list: SQLite answers x IN () false and x NOT IN () true even for a NULL x";
        return Stream.of(
                row("strftime", "SELECT strftime('%Y-%m', day) AS m, count(*) FROM orders GROUP BY m", "uses strftime()" + time),
                row("datetime", "SELECT datetime(ts, '+1 hour') FROM orders WHERE amount > 1200", "uses datetime()" + time),
                row("date", "SELECT date(ts) AS d, count(*) FROM orders GROUP BY d", "uses date()" + time),
                row("time (before a key lookup)", "SELECT time(ts) FROM orders WHERE id = 3", "uses time()" + time),
                row("julianday", "SELECT avg(julianday(day)) FROM orders", "uses julianday(): DuckDB has no Julian-day function"),
                row("unixepoch", "SELECT max(unixepoch(ts)) FROM orders", "uses unixepoch()" + time),
                row("typeof", "SELECT typeof(amount), count(*) FROM orders GROUP BY 1", "uses typeof(): type names differ"),
                row("printf", "SELECT printf('%.3f', amount) FROM orders", "uses printf(): format directives differ"),
                row("format", "SELECT format('%d items', count(*)) FROM orders", "uses format(): format directives differ"),
                row("round", "SELECT round(sum(amount), 1) FROM orders", "uses round(): SQLite rounds the binary double, DuckDB its"
                        + " decimal digits"),
                row("upper", "SELECT upper(name) FROM customers", "uses upper()" + folds),
                row("lower", "SELECT lower(country), count(*) FROM customers GROUP BY 1", "uses lower()" + folds),
                row("group_concat", "SELECT customer_id, group_concat(status) FROM orders GROUP BY customer_id",
                        "uses group_concat()" + concatenation),
                row("string_agg", "SELECT string_agg(name, ',') FROM customers", "uses string_agg()" + concatenation),
                row("min(a, b)", "SELECT min(amount, 100) FROM orders", "uses min(a, b, ...): SQLite's multi-argument min() is scalar"),
                row("max(a, b)", "SELECT sum(max(amount, 100)) FROM orders", "uses max(a, b, ...): SQLite's multi-argument max() is scalar"),
                row("CAST AS INTEGER", "SELECT CAST(amount AS INTEGER) FROM orders", "uses CAST(... AS INTEGER)" + truncates),
                row("CAST AS BIGINT", "SELECT sum(CAST(x AS BIGINT)) FROM events", "uses CAST(... AS BIGINT)" + truncates),
                row("CAST AS INT", "SELECT CAST(x AS INT) FROM events", "uses CAST(... AS INT)" + truncates),
                row("CAST real AS TEXT", "SELECT CAST(amount AS TEXT) FROM orders", "uses CAST(amount AS TEXT)" + prints),
                row("CAST timestamp AS VARCHAR", "SELECT CAST(ts AS VARCHAR) FROM orders", "uses CAST(ts AS VARCHAR)" + prints),
                row("CAST boolean AS CHAR", "SELECT CAST(paid AS CHAR(5)) FROM orders", "uses CAST(paid AS CHAR"),
                row("CAST expression AS TEXT", "SELECT CAST(amount * 2 AS TEXT) FROM orders",
                        "uses CAST(... AS TEXT): the engines print reals as text differently"),
                row("a view casting to text", "SELECT count(*) FROM order_texts", "table order_texts has no DuckDB replica: view"
                        + " order_texts uses CAST(status AS TEXT)"),
                row("json_extract", "SELECT json_extract('{\"a\": \"x\"}', '$.a'), count(*) FROM orders",
                        "uses json_extract(): SQLite's JSON functions return SQL values; DuckDB's return JSON"),
                row("json_array_length", "SELECT sum(json_array_length('[1, 2]')) FROM orders", "uses json_array_length()"),
                row("total", "SELECT total(amount) FROM orders", "uses total(): DuckDB has no total()"),
                row("changes", "SELECT changes(), count(*) FROM orders", "uses changes(): it reports SQLite connection state"),
                row("last_insert_rowid", "SELECT last_insert_rowid()", "uses last_insert_rowid(): it reports SQLite connection state"),
                row("total_changes", "SELECT total_changes()", "uses total_changes(): it reports SQLite connection state"),
                row("sqlite_version", "SELECT sqlite_version(), count(*) FROM orders", "uses sqlite_version(): it reports SQLite itself"),
                row("randomblob", "SELECT randomblob(4), id FROM orders", "uses randomblob(): DuckDB has no randomblob()"),
                row("zeroblob", "SELECT zeroblob(4), id FROM orders", "uses zeroblob(): DuckDB has no zeroblob()"),
                row("quote", "SELECT quote(name) FROM customers", "uses quote(): DuckDB has no quote() of SQLite's meaning"),
                row("glob", "SELECT count(*) FROM orders WHERE glob('o*', status)", "uses glob(): DuckDB's glob matches files"),
                row("hex", "SELECT hex(customer_id) FROM orders", "uses hex(): hex() of a number differs between the engines"),
                row("char", "SELECT char(65 + id % 26) FROM orders", "uses char(): DuckDB's char is a type, not SQLite's char()"),
                row("unicode", "SELECT unicode(name) FROM customers", "uses unicode(): DuckDB's unicode() differs from SQLite's"),
                row("likelihood", "SELECT count(*) FROM orders WHERE likelihood(status = 'open', 0.3)", "uses likelihood(): a SQLite planner hint"),
                row("likely", "SELECT count(*) FROM orders WHERE likely(amount > 1)", "uses likely(): a SQLite planner hint"),
                row("unlikely", "SELECT count(*) FROM orders WHERE unlikely(amount > 1)", "uses unlikely(): a SQLite planner hint"),
                row("iif", "SELECT iif(paid, 'paid', 'due'), count(*) FROM orders GROUP BY 1", "uses iif(): DuckDB has no iif()"),
                row("rowid", "SELECT rowid, kind FROM events", "uses rowid" + rowid),
                row("oid", "SELECT max(oid) FROM events", "uses oid" + rowid),
                row("_rowid_", "SELECT _rowid_, kind FROM events WHERE n = 3", "uses _rowid_" + rowid),
                row("x IN ()", "SELECT count(*) FROM orders WHERE customer_id IN ()", empty),
                row("x NOT IN ()", "SELECT count(*) FROM orders WHERE customer_id NOT IN ()", empty),
                row("virtual table (R*Tree)", "SELECT count(*) FROM boxes WHERE minx <= 7 AND maxx >= 7",
                        "table boxes has no DuckDB replica: it is a virtual table (rtree)"),
                row("SQL JSqlParser cannot read", "SELECT count(*) FROM orders WHERE status GLOB 'o*'", "the SQL parser cannot read it"),
                row("SQL DuckDB cannot prepare", "SELECT country, name, count(*) FROM customers GROUP BY country",
                        "DuckDB cannot run it (Binder Error"),
                row("WITHOUT ROWID, untyped key", "SELECT count(*) FROM kv_untyped", "table kv_untyped has no DuckDB replica: table"
                        + " kv_untyped is WITHOUT ROWID with key column k of type (none)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void engineDifference_routesToSqlite(String construct, Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    /** Casts of columns declared DATE, text or integer print alike on both engines, and are not held back. */
    static Stream<Case> castsThatPrintAlike() {
        return Stream.of(
                olap("SELECT substr(CAST(day AS TEXT), 1, 4) AS y, count(*) FROM orders GROUP BY y", "GROUP BY"),
                olap("SELECT CAST(status AS TEXT) AS s, count(*) FROM orders GROUP BY s", "GROUP BY"),
                olap("SELECT CAST(customer_id AS VARCHAR) FROM orders", "scans large table orders"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("castsThatPrintAlike")
    void castOfADateTextOrIntegerColumn_isNotHeldBack(Case c) throws SQLException {
        RouteTable.check(db, c);
    }

    /** The differences the page states, as each engine answers them when forced: SQLite's, then DuckDB's. */
    static Stream<Arguments> statedDifferences() {
        return Stream.of(
                Arguments.of("SELECT round(48.65, 1)", 48.6, 48.7),
                Arguments.of("SELECT upper('é') || lower('À')", "éÀ", "Éà"),
                Arguments.of("SELECT typeof(1)", "integer", "INTEGER"),
                Arguments.of("SELECT CAST(2.7 AS INTEGER)", 2L, 3L),
                Arguments.of("SELECT max(1, 2)", 2L, List.of(1L)),
                Arguments.of("SELECT NULL IN ()", 0L, null),
                Arguments.of("SELECT NULL NOT IN ()", 1L, null),
                Arguments.of("SELECT CAST(paid AS TEXT) FROM orders WHERE id = 1", "1", "true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statedDifferences")
    void theStatedDifference_isReal_andAForcedRouteGetsThatEnginesAnswer(String sql, Object sqlite, Object duckdb) throws SQLException {
        assertEquals(Route.OLTP, db.explain(sql).route(), sql);
        assertEquals(sqlite, db.query(sql).rows().get(0).get(0), "routed: " + sql);
        assertEquals(sqlite, db.query(Route.OLTP, sql).rows().get(0).get(0), "forced onto SQLite: " + sql);
        assertEquals(duckdb, db.query(Route.OLAP, sql).rows().get(0).get(0), "forced onto DuckDB: " + sql);
        assertNotEquals(sqlite, duckdb);
    }
}
