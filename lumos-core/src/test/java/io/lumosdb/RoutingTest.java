package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router's decisions and the reasons it gives, on real tables with real statistics. */
class RoutingTest {
    @TempDir
    Path dir;
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(1_000).open();
        db.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, country TEXT)");
        db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, status TEXT, amount DOUBLE)");
        db.execute("CREATE INDEX orders_by_customer ON orders(customer_id)");
        db.execute("CREATE TABLE tiny(k TEXT PRIMARY KEY, v INTEGER)");
        db.transaction(tx -> {
            for (int i = 1; i <= 2_000; i++) {
                tx.update("INSERT INTO customers VALUES (?, ?, ?)", i, "c" + i, i % 2 == 0 ? "DE" : "FR");
                tx.update("INSERT INTO orders VALUES (?, ?, ?, ?)", i, 1 + i % 500, i % 3 == 0 ? "open" : "done", i * 0.5);
            }
            tx.update("INSERT INTO tiny VALUES ('a', 1), ('b', 2)");
            return null;
        });
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private void assertRoute(Route route, String reasonPart, String sql) throws SQLException {
        RouteDecision d = db.explain(sql);
        assertEquals(route, d.route(), sql + " -> " + d);
        assertTrue(d.reason().contains(reasonPart), sql + " -> " + d.reason());
    }

    @Test
    void keyLookups_goToSqlite() throws SQLException {
        assertRoute(Route.OLTP, "orders.id (primary key)", "SELECT * FROM orders WHERE id = ?");
        assertRoute(Route.OLTP, "orders.customer_id (index)", "SELECT * FROM orders WHERE customer_id = ?");
        assertRoute(Route.OLTP, "orders.id (primary key)", "SELECT * FROM orders WHERE id IN (1, 2, 3)");
        assertRoute(Route.OLTP, "orders.id (primary key)", "SELECT * FROM orders WHERE id BETWEEN ? AND ?");
        assertRoute(Route.OLTP, "orders.customer_id (index)", "SELECT count(*), sum(amount) FROM orders WHERE customer_id = 7");
        assertRoute(Route.OLTP, "customers.id (primary key, joined)",
                "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?");
    }

    @Test
    void analyticsAndScans_goToDuckdb() throws SQLException {
        assertRoute(Route.OLAP, "sum() over large table orders", "SELECT sum(amount) FROM orders");
        assertRoute(Route.OLAP, "GROUP BY", "SELECT status, count(*) FROM orders GROUP BY status");
        assertRoute(Route.OLAP, "window function", "SELECT id, rank() OVER (ORDER BY amount) FROM orders");
        assertRoute(Route.OLAP, "scans large table orders", "SELECT * FROM orders WHERE status = 'open'");
        assertRoute(Route.OLAP, "large tables", "SELECT c.country, sum(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.country");
        assertRoute(Route.OLAP, "over large", "WITH x AS (SELECT customer_id, sum(amount) s FROM orders GROUP BY customer_id) SELECT max(s) FROM x");
    }

    @Test
    void smallTablesAndEarlyStops_goToSqlite() throws SQLException {
        assertRoute(Route.OLTP, "only small tables", "SELECT k, sum(v) FROM tiny GROUP BY k");
        assertRoute(Route.OLTP, "reads at most 10 rows", "SELECT * FROM orders LIMIT 10");
        assertRoute(Route.OLAP, "scans", "SELECT * FROM orders ORDER BY amount LIMIT 10");
        assertRoute(Route.OLTP, "reads no table", "SELECT 1 + 1");
    }

    @Test
    void hintsAndOverrides_win() throws SQLException {
        assertRoute(Route.OLTP, "hint /*+ OLTP */", "SELECT /*+ OLTP */ sum(amount) FROM orders");
        assertRoute(Route.OLAP, "hint /*+ OLAP */", "/*+ OLAP */ SELECT * FROM orders WHERE id = 1");
        assertRoute(Route.OLAP, "scans", "SELECT '/*+ OLTP */' AS text, amount FROM orders"); // not a hint: a literal
        QueryResult forced = db.query(Route.OLAP, "SELECT * FROM orders WHERE id = ?", 5);
        assertEquals(Route.OLAP, forced.route());
        assertTrue(forced.decision().reason().contains("requested by the caller"));
        assertEquals(db.query("SELECT * FROM orders WHERE id = ?", 5).rows(), forced.rows());
    }

    @Test
    void whatDuckdbCannotRun_staysOnSqlite() throws SQLException {
        assertRoute(Route.OLTP, "the SQL parser cannot read it", "SELECT * FROM orders INDEXED BY orders_by_customer WHERE status = 'x'");
        assertRoute(Route.OLTP, "uses strftime()", "SELECT strftime('%Y', 'now'), count(*) FROM orders");
        db.execute("CREATE TABLE kv(k BLOB PRIMARY KEY, v TEXT) WITHOUT ROWID");
        assertRoute(Route.OLTP, "WITHOUT ROWID with key column k", "SELECT count(*) FROM kv");
        db.execute("CREATE TABLE kt(k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID");
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1500) INSERT INTO kt SELECT 'k' || i, i FROM r");
        assertRoute(Route.OLAP, "sum() over large table kt", "SELECT sum(v) FROM kt");
        assertEquals(db.query(Route.OLTP, "SELECT sum(v) FROM kt").rows(), db.query("SELECT sum(v) FROM kt").rows());
        assertRoute(Route.OLTP, "writes", "DELETE FROM orders WHERE id = 1");
        assertRoute(Route.OLTP, "DDL", "CREATE TABLE z(a INTEGER)");
    }

    @Test
    void views_areMirroredWhenDuckdbReadsThemAlike() throws SQLException {
        db.execute("CREATE VIEW open_orders AS SELECT * FROM orders WHERE status = 'open'");
        db.execute("CREATE VIEW order_years AS SELECT strftime('%Y', 'now') AS y, id FROM orders");
        assertRoute(Route.OLAP, "over large table open_orders", "SELECT count(*) FROM open_orders");
        assertEquals(db.query(Route.OLTP, "SELECT count(*) FROM open_orders").rows(), db.query("SELECT count(*) FROM open_orders").rows());
        assertRoute(Route.OLTP, "strftime", "SELECT count(*) FROM order_years");
    }

    @Test
    void decisionsFollowTableGrowth() throws SQLException {
        db.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, kind TEXT)");
        String sql = "SELECT kind, count(*) FROM events GROUP BY kind";
        assertRoute(Route.OLTP, "only small tables", sql);
        db.transaction(tx -> {
            for (int i = 0; i < 1_200; i++) {
                tx.update("INSERT INTO events(kind) VALUES (?)", "k" + i % 4);
            }
            return null;
        });
        assertRoute(Route.OLAP, "over large table events", sql);
        db.update("DELETE FROM events WHERE id > 100");
        assertRoute(Route.OLTP, "only small tables", sql);
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2000)"
                + " INSERT INTO events(kind) SELECT 'k' || (i % 4) FROM r");
        assertRoute(Route.OLAP, "over large table events ~2,100 rows", sql);
    }
}
