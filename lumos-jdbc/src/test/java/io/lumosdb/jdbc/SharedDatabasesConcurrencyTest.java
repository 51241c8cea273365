package io.lumosdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads opening, using and closing connections to one directory at once: the database is opened and closed as
 * the count goes up from and down to zero, never twice at a time (which the directory lock would refuse), and every
 * write of every connection is kept.
 */
class SharedDatabasesConcurrencyTest {
    @TempDir
    Path dir;

    @Test
    void connectionsComingAndGoingOnManyThreads_shareAndReopenTheDatabase() throws Exception {
        String url = "jdbc:lumos:" + dir.resolve("db");
        try (Connection setup = DriverManager.getConnection(url)) {
            setup.createStatement().executeUpdate("CREATE TABLE hit(thread INTEGER, round INTEGER)");
        }
        int threads = 4;
        int rounds = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "shared-db-test"));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        try (Connection c = DriverManager.getConnection(url)) {
                            c.createStatement().executeUpdate("INSERT INTO hit VALUES (" + thread + ", " + round + ")");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, SharedDatabases.connections(dir.resolve("db")));
        try (Connection c = DriverManager.getConnection(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), count(DISTINCT thread * 100 + round) FROM hit")) {
            assertTrue(rs.next());
            assertEquals(threads * rounds, rs.getInt(1));
            assertEquals(threads * rounds, rs.getInt(2));
        }
    }
}
