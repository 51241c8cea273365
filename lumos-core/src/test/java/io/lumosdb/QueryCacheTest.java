package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.cache.CacheSettings;
import io.lumosdb.cache.CacheStatistics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query cache through the facade: what is served from it, and that nothing stale ever is. */
class QueryCacheTest {
    @TempDir
    Path dir;

    private LumosDB open() throws SQLException {
        return LumosDB.builder().directory(dir.resolve("db")).largeTableRows(10).open();
    }

    private static long count(LumosDB db, String sql, Object... args) throws SQLException {
        return db.query(sql, args).rows().get(0).getLong(0);
    }

    @Test
    void repeatedRead_isServedFromL1_andAWriteToItsTable_isSeenAtOnce() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10), (2, 20)");
            QueryResult first = db.query("SELECT v FROM t WHERE id = ?", 1);
            assertFalse(first.fromCache());
            QueryResult second = db.query("SELECT v FROM t WHERE id = ?", 1);
            assertTrue(second.fromCache(), second.decision().reason());
            assertEquals(1, second.cacheLevel());
            assertTrue(second.decision().reason().contains("L1 cache"), second.decision().reason());
            assertEquals(10L, second.rows().get(0).getLong("v"));
            assertEquals(first.columns(), second.columns());

            db.update("UPDATE t SET v = 11 WHERE id = 1");
            QueryResult third = db.query("SELECT v FROM t WHERE id = ?", 1);
            assertFalse(third.fromCache());
            assertEquals(11L, third.rows().get(0).getLong(0));
            assertTrue(db.cache().stats().staleDropped() >= 1);
        }
    }

    @Test
    void keyIgnoresWhiteSpace_butNotParameters() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10), (2, 20)");
            db.query("SELECT v FROM t WHERE id = ?", 1);
            assertTrue(db.query("SELECT v\n  FROM t   WHERE id = ?;", 1).fromCache());
            QueryResult other = db.query("SELECT v FROM t WHERE id = ?", 2);
            assertFalse(other.fromCache());
            assertEquals(20L, other.rows().get(0).getLong(0));
        }
    }

    @Test
    void writeToAnotherTable_keepsTheEntry() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10)");
            db.query("SELECT count(*) FROM t");
            db.update("INSERT INTO u VALUES (1, 1)");
            assertTrue(db.query("SELECT count(*) FROM t").fromCache());
            db.query("SELECT count(*) FROM t JOIN u ON t.id = u.id");
            db.update("INSERT INTO u VALUES (2, 2)");
            assertFalse(db.query("SELECT count(*) FROM t JOIN u ON t.id = u.id").fromCache(), "a join reads both tables");
        }
    }

    @Test
    void subqueriesAndCtes_recordEveryTableTheyRead() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10)");
            String sub = "SELECT count(*) FROM t WHERE id IN (SELECT id FROM u)";
            String cte = "WITH x AS (SELECT id FROM u) SELECT count(*) FROM t, x WHERE t.id = x.id";
            assertEquals(0, count(db, sub));
            assertEquals(0, count(db, cte));
            db.update("INSERT INTO u VALUES (1, 1)");
            assertEquals(1, count(db, sub));
            assertEquals(1, count(db, cte));
        }
    }

    @Test
    void transactions_bumpOnCommit_andNeverShareTheirOwnReads() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10)");
            // the worker commits housekeeping on the writer (raising its high-water marks) after a write;
            // a lookup in that moment finds the write lock busy and bypasses the cache. Once caught up it
            // has nothing left to commit, so the hit below depends on the rollback alone.
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            assertEquals(1, count(db, "SELECT count(*) FROM t"));
            assertThrows(IllegalStateException.class, () -> db.transaction(tx -> {
                tx.update("INSERT INTO t VALUES (2, 20)");
                QueryResult inside = tx.query("SELECT count(*) FROM t");
                assertFalse(inside.fromCache());
                assertEquals(2L, inside.rows().get(0).getLong(0), "the transaction sees its own write");
                throw new IllegalStateException("roll back");
            }));
            QueryResult after = db.query("SELECT count(*) FROM t");
            assertTrue(after.fromCache(), "a rolled-back transaction changed nothing");
            assertEquals(1L, after.rows().get(0).getLong(0));

            db.transaction(tx -> tx.update("INSERT INTO t VALUES (3, 30)"));
            QueryResult committed = db.query("SELECT count(*) FROM t");
            assertFalse(committed.fromCache());
            assertEquals(2L, committed.rows().get(0).getLong(0));
        }
    }

    @Test
    void views_areExpandedToTheirBaseTables() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.execute("CREATE VIEW big AS SELECT * FROM t WHERE v > 5");
            db.execute("CREATE VIEW big_count AS SELECT count(*) AS n FROM big");
            db.update("INSERT INTO t VALUES (1, 10)");
            assertEquals(1, count(db, "SELECT n FROM big_count"));
            assertTrue(db.query("SELECT n FROM big_count").fromCache());
            db.update("INSERT INTO t VALUES (2, 20)");
            assertEquals(2, count(db, "SELECT n FROM big_count"));
        }
    }

    @Test
    void writeThroughAUserTrigger_makesTheTablesItWritesStale() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.execute("CREATE TABLE audit(n INTEGER)");
            db.execute("CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN INSERT INTO audit VALUES (NEW.id); END");
            assertEquals(0, count(db, "SELECT count(*) FROM audit"));
            db.update("INSERT INTO t VALUES (1, 10)");
            assertEquals(1, count(db, "SELECT count(*) FROM audit"));
        }
    }

    @Test
    void writeByAnotherProgram_isSeenAtTheNextRead() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10)");
            assertEquals(1, count(db, "SELECT count(*) FROM t"));
            assertTrue(db.query("SELECT count(*) FROM t").fromCache());
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("db").resolve("lumos.sqlite"));
                    Statement st = other.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.executeUpdate("INSERT INTO t VALUES (2, 20)");
                // at once, without waiting for the replica's poll
                QueryResult r = db.query("SELECT count(*) FROM t");
                assertFalse(r.fromCache());
                assertEquals(2L, r.rows().get(0).getLong(0));
                // cached again once accounted for (a read finding the writer busy bypasses the cache: wait for it)
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                boolean cachedAgain = false;
                while (!cachedAgain && System.nanoTime() < deadline) {
                    QueryResult again = db.query("SELECT count(*) FROM t");
                    assertEquals(2L, again.rows().get(0).getLong(0));
                    cachedAgain = again.fromCache();
                }
                assertTrue(cachedAgain, "never served from the cache again");
                st.executeUpdate("UPDATE t SET v = 0");
                assertEquals(0L, db.query("SELECT sum(v) FROM t").rows().get(0).getLong(0));
                assertEquals(2, count(db, "SELECT count(*) FROM t")); // the external write dropped this entry too
            }
        }
    }

    @Test
    void analyticalReads_areCachedWhenStrict_andFreshAfterWrites() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(java.util.Locale.ROOT, FreshnessTest.BULK.replace("INSERT INTO t(v)", "INSERT INTO t(v)"), 100));
            String sql = "SELECT sum(v) FROM t";
            QueryResult first = db.query(sql);
            assertEquals(Route.OLAP, first.route());
            QueryResult second = db.query(sql);
            assertTrue(second.fromCache());
            assertEquals(Route.OLAP, second.route());
            assertEquals(5050L, second.rows().get(0).getLong(0));
            db.update("INSERT INTO t(v) VALUES (1000)");
            assertEquals(6050L, db.query(sql).rows().get(0).getLong(0));

            // a read allowing staleness may be served a cached result, but never stores one
            db.update("INSERT INTO t(v) VALUES (1)");
            db.query(Freshness.ANY, "SELECT max(v) FROM t");
            assertFalse(db.query(Freshness.ANY, "SELECT max(v) FROM t").fromCache());
        }
    }

    @Test
    void nondeterministicReads_areNeverCached() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10)");
            for (String sql : new String[] {"SELECT random() FROM t", "SELECT CURRENT_TIMESTAMP, v FROM t",
                    "SELECT datetime('now') FROM t", "SELECT date() FROM t", "SELECT v FROM t WHERE abs(random()) >= 0",
                    "SELECT /*+ NO_CACHE */ v FROM t"}) {
                db.query(sql);
                QueryResult again = db.query(sql);
                assertFalse(again.fromCache(), sql);
            }
            db.query("SELECT datetime(?) FROM t", "now");
            assertFalse(db.query("SELECT datetime(?) FROM t", "now").fromCache(), "'now' as a parameter");
            db.query("SELECT datetime(?) FROM t", "2024-01-01");
            assertTrue(db.query("SELECT datetime(?) FROM t", "2024-01-01").fromCache(), "a fixed time is deterministic");
        }
    }

    @Test
    void viewUsingRandom_isNeverCached() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.execute("CREATE VIEW noisy AS SELECT v, random() AS r FROM t");
            db.update("INSERT INTO t VALUES (1, 10)");
            db.query("SELECT * FROM noisy");
            assertFalse(db.query("SELECT * FROM noisy").fromCache());
        }
    }

    @Test
    void schemaReads_areNotCached() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.query("SELECT name FROM sqlite_master");
            assertFalse(db.query("SELECT name FROM sqlite_master").fromCache());
        }
    }

    @Test
    void resultsTooLargeForTheBudget_areNotCached() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db"))
                .cache(CacheSettings.builder().resultL1Bytes(4_000).resultL2Bytes(4_000).build()).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            db.update("INSERT INTO t VALUES (1, ?)", "x".repeat(10_000));
            db.query("SELECT v FROM t");
            assertFalse(db.query("SELECT v FROM t").fromCache());
            db.query("SELECT id FROM t");
            assertTrue(db.query("SELECT id FROM t").fromCache());
        }
    }

    @Test
    void l2Level_servesResultsDemotedFromL1() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db"))
                .cache(CacheSettings.builder().resultL1Bytes(0).resultL2Bytes(1 << 20).build()).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, b BLOB, r REAL)");
            db.update("INSERT INTO t VALUES (1, 'é', x'0102', 2.5), (2, NULL, NULL, NULL)");
            QueryResult fresh = db.query("SELECT * FROM t ORDER BY id");
            QueryResult cached = db.query("SELECT * FROM t ORDER BY id");
            assertEquals(2, cached.cacheLevel());
            assertEquals(fresh.columns(), cached.columns());
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 4; c++) {
                    Object a = fresh.rows().get(r).get(c);
                    Object b = cached.rows().get(r).get(c);
                    if (a instanceof byte[] x) {
                        assertArrayEquals(x, (byte[]) b);
                    } else {
                        assertEquals(a, b);
                    }
                }
            }
            assertEquals(2.5, cached.rows().get(0).getDouble("r"));
        }
    }

    @Test
    void cachedBlob_cannotBeChangedByACaller() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
            db.update("INSERT INTO t VALUES (1, x'0102')");
            db.query("SELECT b FROM t").rows().get(0).getBytes(0)[0] = 99;
            QueryResult cached = db.query("SELECT b FROM t");
            assertTrue(cached.fromCache());
            assertArrayEquals(new byte[] {1, 2}, cached.rows().get(0).getBytes(0));
        }
    }

    @Test
    void routesCanBeLeftOut_andTheCacheTurnedOff() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("a")).largeTableRows(10).cacheRoutes(Route.OLTP).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(java.util.Locale.ROOT, FreshnessTest.BULK, 100));
            db.query(Route.OLAP, "SELECT sum(v) FROM t");
            assertFalse(db.query(Route.OLAP, "SELECT sum(v) FROM t").fromCache());
            db.query(Route.OLTP, "SELECT sum(v) FROM t");
            assertTrue(db.query(Route.OLTP, "SELECT sum(v) FROM t").fromCache());
            assertFalse(db.cache().caches(Route.OLAP));
        }
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("b")).cache(CacheSettings.disabled()).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.query("SELECT count(*) FROM t");
            assertFalse(db.query("SELECT count(*) FROM t").fromCache());
            assertEquals(0, db.cache().stats().l1().requestCount());
        }
        assertThrows(IllegalStateException.class, () -> LumosDB.builder().cache(CacheSettings.defaults()).cache(CacheSettings.disabled()));
    }

    @Test
    void stats_countHitsAndMisses_andInvalidateAllEmptiesTheCache() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.query("SELECT count(*) FROM t");
            db.query("SELECT count(*) FROM t");
            db.query("SELECT count(*) FROM t");
            CacheStatistics s = db.cache().stats();
            assertEquals(2, s.l1().hitCount());
            assertTrue(s.l1().missCount() >= 1);
            assertEquals(1, s.l1Entries());
            db.cache().invalidateAll();
            assertFalse(db.query("SELECT count(*) FROM t").fromCache());
        }
    }

    @Test
    void ddl_makesEverythingStale() throws SQLException {
        try (LumosDB db = open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO t VALUES (1, 10)");
            db.query("SELECT * FROM t");
            db.execute("ALTER TABLE t ADD COLUMN w INTEGER DEFAULT 7");
            QueryResult r = db.query("SELECT * FROM t");
            assertFalse(r.fromCache());
            assertEquals(java.util.List.of("id", "v", "w"), r.columns());
        }
    }
}
