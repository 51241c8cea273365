package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads writing and reading both engines at once: no lock errors, no lost rows, fresh analytics. */
class ConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void eightThreadsMixingWritesAndBothKindsOfReads() throws Exception {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(50).open()) {
            db.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, writer INTEGER, n INTEGER, note TEXT)");
            int writers = 4;
            int perWriter = 150;
            AtomicInteger reads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(8, r -> new Thread(r, "concurrency-test"));
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        if (i % 10 == 0) {
                            int base = i;
                            db.transaction(tx -> {
                                tx.update("INSERT INTO events(writer, n, note) VALUES (?, ?, 'tx')", writer, base);
                                return tx.query("SELECT count(*) FROM events WHERE writer = ?", writer);
                            });
                        } else {
                            db.update("INSERT INTO events(writer, n, note) VALUES (?, ?, 'auto')", writer, i);
                        }
                        // read-your-writes on the analytical route, from the writing thread
                        long mine = db.query(Route.OLAP, "SELECT count(*) FROM events WHERE writer = ?", writer).rows().get(0).getLong(0);
                        if (mine != i + 1) {
                            throw new AssertionError("writer " + writer + " wrote " + (i + 1) + " rows but DuckDB shows " + mine);
                        }
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 4; r++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        db.query("SELECT * FROM events WHERE id = ?", i + 1);
                        db.query("SELECT writer, count(*), sum(n) FROM events GROUP BY writer");
                        reads.addAndGet(2);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
            long expected = (long) writers * perWriter;
            assertEquals(expected, db.query(Route.OLTP, "SELECT count(*) FROM events").rows().get(0).getLong(0));
            assertEquals(expected, db.query(Route.OLAP, "SELECT count(*) FROM events").rows().get(0).getLong(0));
            assertEquals(db.query(Route.OLTP, "SELECT writer, count(*), sum(n) FROM events GROUP BY writer ORDER BY writer").rows(),
                    db.query(Route.OLAP, "SELECT writer, count(*), sum(n) FROM events GROUP BY writer ORDER BY writer").rows());
            assertEquals(800, reads.get());
        }
    }

    @Test
    void writesFromAnotherProgramOnTheSameFile_reachTheReplica() throws SQLException {
        Path path = dir.resolve("shared");
        try (LumosDB db = LumosDB.open(path)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + path.resolve("lumos.sqlite"));
                    var st = other.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.executeUpdate("INSERT INTO t(v) VALUES (1), (2), (3)");
            }
            assertEquals(6L, db.query(Route.OLAP, "SELECT sum(v) FROM t").rows().get(0).getLong(0));
        }
    }

    @Test
    void routingFollowsAnotherProgramsBulkInsert() throws SQLException {
        Path path = dir.resolve("grown");
        try (LumosDB db = LumosDB.builder().directory(path).largeTableRows(1_000).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            String sql = "SELECT v % 10, count(*) FROM t GROUP BY v % 10";
            assertEquals(Route.OLTP, db.explain(sql).route());
            try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + path.resolve("lumos.sqlite"));
                    var st = other.createStatement()) {
                st.execute("PRAGMA busy_timeout = 10000");
                st.executeUpdate("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 5000)"
                        + " INSERT INTO t(v) SELECT i FROM r");
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (db.explain(sql).route() != Route.OLAP) { // the worker finds the writes, then re-reads the sizes
                assertTrue(System.nanoTime() < deadline, "routing did not follow: " + db.explain(sql));
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            assertEquals(db.query(Route.OLTP, sql + " ORDER BY 1").rows(), db.query(sql + " ORDER BY 1").rows());
        }
    }
}
