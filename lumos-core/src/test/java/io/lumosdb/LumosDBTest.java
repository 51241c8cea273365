package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LumosDBTest {
    @TempDir
    Path dir;
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(100).open();
        db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT, amount DOUBLE, ts TIMESTAMP)");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void severalStatementsInOneText_areRefused_butATriggerBodyIsOneStatement() throws SQLException {
        SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class,
                () -> db.execute("INSERT INTO orders(id) VALUES (1); DROP TABLE orders"));
        assertTrue(e.getMessage().contains("one statement per call"), e.getMessage());
        assertEquals(0L, db.query("SELECT count(*) FROM orders").rows().get(0).getLong(0), "nothing of it ran");
        db.execute("CREATE TABLE log(n INTEGER, kind TEXT)");
        db.execute("CREATE TRIGGER orders_log AFTER INSERT ON orders BEGIN"
                + " INSERT INTO log VALUES (NEW.id, CASE WHEN NEW.amount > 10 THEN 'big' ELSE 'small' END);"
                + " INSERT INTO log VALUES (-NEW.id, 'twice'); END;");
        db.update("INSERT INTO orders(id, amount) VALUES (1, 20)");
        assertEquals(2L, db.query("SELECT count(*) FROM log").rows().get(0).getLong(0));
        assertEquals("big", db.query("SELECT kind FROM log WHERE n = 1").rows().get(0).getString(0));
        assertThrows(SQLSyntaxErrorException.class, () -> db.execute("CREATE TRIGGER t2 AFTER DELETE ON orders BEGIN"
                + " DELETE FROM log; END; DROP TABLE log"));
        assertEquals(2L, db.query("SELECT count(*) FROM log").rows().get(0).getLong(0), "the text after END did not run");
    }

    private void insertOrders(int n) throws SQLException {
        db.transaction(tx -> {
            for (int i = 1; i <= n; i++) {
                tx.update("INSERT INTO orders VALUES (?, ?, ?, ?)", i, "c" + (i % 7), i * 1.5,
                        Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 3600L));
            }
            return null;
        });
    }

    @Test
    void quickStart_routesAggregatesToOlapAndLookupsToOltp_withSameAnswers() throws SQLException {
        insertOrders(500);
        QueryResult agg = db.query("SELECT customer, sum(amount) AS total FROM orders GROUP BY customer ORDER BY customer");
        assertEquals(Route.OLAP, agg.route(), agg.decision().reason());
        assertEquals(7, agg.size());
        QueryResult aggOnSqlite = db.query(Route.OLTP, "SELECT customer, sum(amount) AS total FROM orders GROUP BY customer ORDER BY customer");
        for (int i = 0; i < 7; i++) {
            assertEquals(aggOnSqlite.rows().get(i).getString(0), agg.rows().get(i).getString("customer"));
            assertEquals(aggOnSqlite.rows().get(i).getDouble(1), agg.rows().get(i).getDouble("total"), 1e-9);
        }
        QueryResult one = db.query("SELECT * FROM orders WHERE id = ?", 42);
        assertEquals(Route.OLTP, one.route(), one.decision().reason());
        assertTrue(one.decision().reason().contains("orders.id (primary key)"), one.decision().reason());
        Row row = one.rows().get(0);
        assertEquals(42L, row.getLong("id"));
        assertEquals("c0", row.getString("customer"));
        assertEquals(63.0, row.getDouble(2));
        assertEquals(Instant.parse("2024-01-02T18:00:00Z"), row.getInstant("ts"));
        assertEquals(List.of("id", "customer", "amount", "ts"), one.columns());
    }

    @Test
    void olapReadSeesWriteCommittedJustBefore() throws SQLException {
        insertOrders(200);
        for (int i = 0; i < 5; i++) {
            db.update("INSERT INTO orders(customer, amount) VALUES ('late', 1000)");
            QueryResult r = db.query("SELECT count(*), sum(amount) FROM orders WHERE customer = 'late'");
            assertEquals(Route.OLAP, r.route(), r.decision().reason());
            assertEquals(i + 1L, r.rows().get(0).getLong(0));
        }
        db.update("DELETE FROM orders WHERE customer = 'late'");
        assertEquals(0L, db.query(Route.OLAP, "SELECT count(*) FROM orders WHERE customer = 'late'").rows().get(0).getLong(0));
        db.update("UPDATE orders SET amount = -1 WHERE id <= 10");
        assertEquals(10L, db.query(Route.OLAP, "SELECT count(*) FROM orders WHERE amount = -1").rows().get(0).getLong(0));
    }

    @Test
    void explain_returnsTheDecisionQueryMakes() throws SQLException {
        insertOrders(200);
        String sql = "SELECT customer, count(*) FROM orders GROUP BY customer";
        RouteDecision why = db.explain(sql);
        assertEquals(Route.OLAP, why.route());
        assertTrue(why.reason().contains("GROUP BY"), why.reason());
        assertEquals(why, db.query(sql).decision());
        assertEquals(Route.OLTP, db.explain("/*+ OLTP */ " + sql).route());
        assertEquals(Route.OLAP, db.explain("SELECT /*+ OLAP */ * FROM orders WHERE id = 1").route());
    }

    @Test
    void transaction_commitsAndSeesOwnWrites() throws SQLException {
        long seen = db.transaction(tx -> {
            tx.update("INSERT INTO orders(id, customer, amount) VALUES (1, 'a', 1.0)");
            QueryResult inside = tx.query("SELECT count(*) FROM orders");
            assertEquals(Route.OLTP, inside.route());
            return inside.rows().get(0).getLong(0);
        });
        assertEquals(1L, seen);
        assertEquals(1L, db.query(Route.OLAP, "SELECT count(*) FROM orders").rows().get(0).getLong(0));
    }

    @Test
    void transaction_rollsBackOnException() throws SQLException {
        db.update("INSERT INTO orders(id, customer, amount) VALUES (1, 'a', 1.0)");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> db.transaction(tx -> {
            tx.update("INSERT INTO orders(id, customer, amount) VALUES (2, 'b', 2.0)");
            tx.update("DELETE FROM orders WHERE id = 1");
            throw new IllegalStateException("boom");
        }));
        assertEquals("boom", thrown.getMessage());
        assertEquals(List.of(1L), ids(Route.OLTP));
        assertEquals(List.of(1L), ids(Route.OLAP));
    }

    @Test
    void transaction_nestedUseIsRejected() throws SQLException {
        SQLException e = assertThrows(SQLException.class, () -> db.transaction(tx -> db.transaction(inner -> 1)));
        assertTrue(e.getMessage().contains("nested transaction"), e.getMessage());
        SQLException direct = assertThrows(SQLException.class, () -> db.transaction(tx -> db.update("DELETE FROM orders")));
        assertTrue(direct.getMessage().contains("inside db.transaction()"), direct.getMessage());
        // the database is usable afterwards
        db.update("INSERT INTO orders(id) VALUES (7)");
        assertEquals(List.of(7L), ids(Route.OLTP));
    }

    @Test
    void transaction_ddlInsideIsMirrored() throws SQLException {
        db.transaction(tx -> {
            tx.update("CREATE TABLE t(a INTEGER, b TEXT)");
            tx.update("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
            return null;
        });
        assertEquals(2L, db.query(Route.OLAP, "SELECT count(*) FROM t").rows().get(0).getLong(0));
    }

    @Test
    void badInput_getsClearErrors_andChangesNothing() throws SQLException {
        db.update("INSERT INTO orders(id, customer, amount) VALUES (1, 'a', 1.0)");
        SQLSyntaxErrorException syntax = assertThrows(SQLSyntaxErrorException.class, () -> db.query("SELEC * FROM orders"));
        assertTrue(syntax.getMessage().contains("SELEC * FROM orders"), syntax.getMessage());
        SQLSyntaxErrorException unknown = assertThrows(SQLSyntaxErrorException.class, () -> db.query("SELECT * FROM ordrs WHERE id = 1"));
        assertTrue(unknown.getMessage().contains("ordrs") && unknown.getMessage().contains("SQLite"), unknown.getMessage());
        SQLDataException count = assertThrows(SQLDataException.class, () -> db.query("SELECT * FROM orders WHERE id = ?", 1, 2));
        assertTrue(count.getMessage().contains("1 parameter(s) but 2"), count.getMessage());
        SQLDataException type = assertThrows(SQLDataException.class, () -> db.update("INSERT INTO orders(id) VALUES (?)", new Object()));
        assertTrue(type.getMessage().contains("java.lang.Object"), type.getMessage());
        SQLDataException misfit = assertThrows(SQLDataException.class,
                () -> db.update("INSERT INTO orders(id, amount) VALUES (2, 'lots')"));
        assertTrue(misfit.getMessage().contains("orders.amount"), misfit.getMessage());
        assertThrows(SQLIntegrityConstraintViolationException.class, () -> db.update("INSERT INTO orders(id) VALUES (1)"));
        assertThrows(SQLSyntaxErrorException.class, () -> db.update("SELECT * FROM orders"));
        assertThrows(SQLSyntaxErrorException.class, () -> db.query("DELETE FROM orders"));
        assertThrows(SQLSyntaxErrorException.class, () -> db.update("DELETE FROM orders; DROP TABLE orders"));
        assertThrows(SQLSyntaxErrorException.class, () -> db.update("  "));
        assertEquals(List.of(1L), ids(Route.OLTP));
        assertEquals(List.of(1L), ids(Route.OLAP));
    }

    @Test
    void pragmas_readThroughQuery_andSetThroughExecute() throws SQLException {
        QueryResult info = db.query("PRAGMA table_info(orders)");
        assertEquals(4, info.size());
        assertEquals("customer", info.rows().get(1).getString("name"));
        db.execute("PRAGMA cache_size = 4000");
        assertEquals(Route.OLTP, db.explain("PRAGMA journal_mode").route());
    }

    @Test
    void fullDisk_failsClearly_andKeepsWhatWasCommitted() throws SQLException {
        insertOrders(100);
        long pages = db.query("PRAGMA page_count").rows().get(0).getLong(0);
        db.execute("PRAGMA max_page_count = " + (pages + 2)); // SQLite's own SQLITE_FULL, as on a full disk
        SQLException full = assertThrows(SQLException.class, () -> db.update(
                "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 50000)"
                        + " INSERT INTO orders(customer, amount) SELECT 'bulk-' || i, i FROM r"));
        assertTrue(full instanceof java.sql.SQLNonTransientException, full.toString());
        assertTrue(full.getMessage().contains("full") && full.getMessage().contains("OLTP/SQLite"), full.getMessage());
        assertEquals(100L, db.query(Route.OLTP, "SELECT count(*) FROM orders").rows().get(0).getLong(0));
        assertEquals(100L, db.query(Route.OLAP, "SELECT count(*) FROM orders").rows().get(0).getLong(0));
    }

    @Test
    void closedDatabase_failsClearly() throws SQLException {
        db.close();
        SQLNonTransientConnectionException e = assertThrows(SQLNonTransientConnectionException.class, () -> db.query("SELECT 1"));
        assertTrue(e.getMessage().contains("is closed"), e.getMessage());
        assertThrows(SQLNonTransientConnectionException.class, () -> db.update("DELETE FROM orders"));
        db.close(); // twice is fine
        db = LumosDB.open(dir.resolve("db"));
    }

    @Test
    void secondOpenOfSameDirectory_isRefused() {
        DatabaseLockedException e = assertThrows(DatabaseLockedException.class, () -> LumosDB.open(dir.resolve("db")));
        assertTrue(e.getMessage().contains("locked"), e.getMessage());
    }

    @Test
    void reopen_keepsDataAndReplica() throws SQLException {
        insertOrders(150);
        db.close();
        db = LumosDB.open(dir.resolve("db"));
        assertEquals(150L, db.query(Route.OLAP, "SELECT count(*) FROM orders").rows().get(0).getLong(0));
        assertEquals(150L, db.query(Route.OLTP, "SELECT count(*) FROM orders").rows().get(0).getLong(0));
    }

    @Test
    void largeResults_needAStream() throws SQLException {
        db.close();
        db = LumosDB.builder().directory(dir.resolve("db")).maxResultRows(50).open();
        insertOrders(120);
        assertThrows(ResultTooLargeException.class, () -> db.query("SELECT * FROM orders"));
        int n = 0;
        try (ResultStream rows = db.stream("SELECT id FROM orders ORDER BY id")) {
            for (Row r : rows) {
                n++;
                assertEquals((long) n, r.getLong(0));
            }
        }
        assertEquals(120, n);
    }

    @Test
    void inMemory_isDeletedOnClose() throws SQLException {
        LumosDB mem = LumosDB.builder().inMemory().open();
        Path where = mem.directory();
        mem.execute("CREATE TABLE t(x INTEGER)");
        mem.update("INSERT INTO t VALUES (1)");
        assertEquals(1L, mem.query("SELECT x FROM t").rows().get(0).getLong(0));
        mem.close();
        assertFalse(Files.exists(where));
    }

    @Test
    void builder_checksSettingsAtOnce() {
        LumosDBBuilder b = LumosDB.builder().readerPoolSize(2);
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> b.readerPoolSize(3));
        assertTrue(twice.getMessage().contains("already set to 2"));
        assertThrows(IllegalArgumentException.class, () -> LumosDB.builder().largeTableRows(0));
        assertThrows(IllegalStateException.class, () -> LumosDB.builder().open());
    }

    @Test
    void nullsAndTypes_roundTrip() throws SQLException {
        db.update("INSERT INTO orders VALUES (?, ?, ?, ?)", 1, null, null, null);
        for (Route route : Route.values()) {
            Row r = db.query(route, "SELECT * FROM orders").rows().get(0);
            assertNull(r.get("customer"));
            assertNull(r.getDouble("amount"));
            assertNull(r.getInstant("ts"));
        }
    }

    @Test
    void timeout_whenTheWriteLockIsHeld() throws Exception {
        db.close();
        db = LumosDB.builder().directory(dir.resolve("db")).writeTimeout(java.time.Duration.ofMillis(200)).open();
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                db.transaction(tx -> {
                    inside.countDown();
                    release.await();
                    return null;
                });
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "lock-holder");
        holder.start();
        assertTrue(inside.await(30, java.util.concurrent.TimeUnit.SECONDS));
        SQLTransientException e = assertThrows(SQLTransientException.class, () -> db.update("DELETE FROM orders"));
        assertTrue(e.getMessage().contains("write lock"), e.getMessage());
        release.countDown();
        holder.join();
    }

    private List<Long> ids(Route route) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (Row r : db.query(route, "SELECT id FROM orders ORDER BY id").rows()) {
            ids.add(r.getLong(0));
        }
        return ids;
    }

    @Test
    void cancel_stopsARunningQueryOnEitherEngine_andTheDatabaseGoesOn() throws Exception {
        assertFalse(db.cancel(Thread.currentThread()), "nothing running");
        String endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
        for (Route route : Route.values()) {
            String sql = route == Route.OLTP ? endless : "SELECT count(*) FROM range(1000000000) a, range(1000000000) b";
            java.util.concurrent.CompletableFuture<Object> result = new java.util.concurrent.CompletableFuture<>();
            Thread worker = new Thread(() -> {
                try {
                    result.complete(db.query(route, sql));
                } catch (Throwable t) {
                    result.complete(t);
                }
            }, "cancel-test-" + route);
            worker.start();
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            Object outcome = null;
            while (outcome == null) { // a cancel that lands before the engine started the statement is retried
                assertTrue(System.nanoTime() < deadline, route + ": the query was not cancelled");
                db.cancel(worker);
                try {
                    outcome = result.get(50, java.util.concurrent.TimeUnit.MILLISECONDS); // wait on the result itself
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    // not cancelled yet: cancel again
                }
            }
            assertTrue(outcome instanceof java.sql.SQLException, route + ": " + outcome);
            assertTrue(String.valueOf(((Exception) outcome).getMessage()).toUpperCase(java.util.Locale.ROOT).contains("INTERRUPT"),
                    route + ": " + outcome);
            assertEquals(2L, db.query(route, "SELECT 1 + 1").rows().get(0).getLong(0), route + ": the database goes on");
        }
    }
}
