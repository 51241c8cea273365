package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

/**
 * What the table-driven routing tests share: one database with every kind of table the routing rules
 * name (docs/routing.md, docs/sql-dialect.md), and the check of one row of those tables, {@link Case}.
 *
 * <p>Tables (large means {@value #LARGE}+ rows): {@code orders} (2,500 rows, INTEGER PRIMARY KEY, an index on
 * {@code customer_id}), {@code customers} (1,500, INTEGER PRIMARY KEY), {@code events} (1,200, a rowid table
 * without INTEGER PRIMARY KEY, an index on {@code (kind, n)}), {@code codes} (1,100, WITHOUT ROWID, text key),
 * {@code tiny} (2 rows), {@code kv} (WITHOUT ROWID with a BLOB key: no replica), {@code docs} (FTS5), and the
 * views {@code open_orders} (mirrored) and {@code order_months} (strftime: not mirrored).
 */
final class RouteTable {
    static final int LARGE = 1_000;

    private RouteTable() {}

    /** Whether, and how, the answer on the route taken is compared with the answer forced onto the other engine. */
    enum Agreement {
        /** Both engines can run it and must give the same rows. */
        SAME_ROWS,
        /** Both can run it; which rows is unspecified (LIMIT without ORDER BY), how many is not. */
        SAME_COUNT,
        /** Only the route taken runs it as meant (the engines differ, or the other has no replica). */
        ROUTE_ONLY,
        /** Explained only: it does not run (an unknown table). */
        EXPLAIN_ONLY
    }

    /** One documented row: the SQL, the route the documentation gives it, a part of the reason, and what runs. */
    record Case(String sql, Route route, String reason, Agreement agreement) {
        @Override
        public String toString() {
            return route + " <- " + sql;
        }
    }

    static Case olap(String sql, String reason) {
        return new Case(sql, Route.OLAP, reason, Agreement.SAME_ROWS);
    }

    static Case oltp(String sql, String reason) {
        return new Case(sql, Route.OLTP, reason, Agreement.SAME_ROWS);
    }

    static Case oltp(String sql, String reason, Agreement agreement) {
        return new Case(sql, Route.OLTP, reason, agreement);
    }

    static LumosDB open() throws SQLException {
        LumosDB db = LumosDB.builder().inMemory().largeTableRows(LARGE).open();
        db.execute("CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT, country TEXT)");
        db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER, status TEXT, amount DOUBLE, day DATE,"
                + " ts TIMESTAMP, paid BOOLEAN)");
        db.execute("CREATE INDEX orders_by_customer ON orders(customer_id)");
        db.execute("CREATE TABLE events(kind TEXT, n INTEGER, x REAL)");
        db.execute("CREATE INDEX events_by_kind_n ON events(kind, n)");
        db.execute("CREATE TABLE codes(code TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID");
        db.execute("CREATE TABLE tiny(k TEXT PRIMARY KEY, v INTEGER)");
        db.execute("CREATE TABLE kv(k BLOB PRIMARY KEY, v TEXT) WITHOUT ROWID");
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(body)");
        db.execute("CREATE VIEW open_orders AS SELECT * FROM orders WHERE status = 'open'");
        db.execute("CREATE VIEW order_months AS SELECT strftime('%m', day) AS m, amount FROM orders");
        String upTo = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < %d) ";
        db.update(String.format(upTo, 1_500) + "INSERT INTO customers SELECT i, 'c' || i,"
                + " CASE i % 3 WHEN 0 THEN 'DE' WHEN 1 THEN 'FR' ELSE 'IT' END FROM r");
        db.update(String.format(upTo, 2_500) + "INSERT INTO orders SELECT i, 1 + i % 500,"
                + " CASE i % 3 WHEN 0 THEN 'open' ELSE 'done' END, i * 0.5, date('2024-01-01', '+' || (i % 90) || ' days'),"
                + " datetime('2024-01-01 00:00:00', '+' || (i * 7) || ' minutes'), i % 2 FROM r");
        db.update(String.format(upTo, 1_200) + "INSERT INTO events SELECT 'k' || (i % 7), i % 50, i / 4.0 FROM r");
        db.update(String.format(upTo, 1_100) + "INSERT INTO codes SELECT 'c' || i, i FROM r");
        db.update("INSERT INTO tiny VALUES ('a', 1), ('b', 2)");
        db.update("INSERT INTO kv VALUES (x'01', 'one')");
        db.update("INSERT INTO docs VALUES ('lumos routes'), ('duck reads'), ('lite writes')");
        return db;
    }

    /**
     * Checks one row: {@code explain} gives the route and a reason containing the documented part; a read
     * runs on that route with that decision; and, where both engines can run it, the other engine, forced,
     * gives the same answer.
     */
    static void check(LumosDB db, Case c) throws SQLException {
        RouteDecision explained = db.explain(c.sql());
        assertEquals(c.route(), explained.route(), () -> c.sql() + " -> " + explained);
        assertTrue(explained.reason().contains(c.reason()), () -> c.sql() + "\n  reason: " + explained.reason()
                + "\n  expected it to contain: " + c.reason());
        if (c.agreement() == Agreement.EXPLAIN_ONLY) {
            return;
        }
        QueryResult routed = db.query(c.sql());
        assertEquals(explained, routed.decision(), () -> "query() ran " + c.sql() + " elsewhere than explain() said");
        assertEquals(c.route(), routed.route());
        if (c.agreement() == Agreement.ROUTE_ONLY) {
            return;
        }
        Route other = c.route() == Route.OLTP ? Route.OLAP : Route.OLTP;
        QueryResult forced = db.query(other, c.sql());
        assertEquals(other, forced.route());
        QueryResult onSqlite = c.route() == Route.OLTP ? routed : forced;
        QueryResult onDuckdb = c.route() == Route.OLAP ? routed : forced;
        if (c.agreement() == Agreement.SAME_COUNT) {
            assertEquals(onSqlite.size(), onDuckdb.size(), () -> "row counts differ for " + c.sql());
        } else {
            SameAnswers.assertSame(c.sql(), onSqlite, onDuckdb, c.sql().contains("ORDER BY"));
        }
    }
}
