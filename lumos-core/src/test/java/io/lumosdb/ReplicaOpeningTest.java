package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.sync.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DuckDB replica opens on a thread of its own after {@link LumosDB#open}: SQLite answers at once, an
 * analytical read waits for the replica and sees every write before it, and a close while it opens
 * leaves nothing behind.
 */
class ReplicaOpeningTest {
    private static final String ROWS = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < %d)"
            + " INSERT INTO t(id, v) SELECT i + %d, i * 2 FROM r";

    @TempDir
    Path dir;

    @Test
    void open_thenWritesAndPointReads_answerAtOnce() throws SQLException {
        Path home = dir.resolve("oltp");
        try (LumosDB db = LumosDB.open(home)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(Locale.ROOT, ROWS, 100, 0));
        }
        try (LumosDB db = LumosDB.open(home)) { // the replica is opening from here on
            db.update("INSERT INTO t(id, v) VALUES (1000, 7)");
            QueryResult one = db.query("SELECT v FROM t WHERE id = ?", 1000);
            assertEquals(Route.OLTP, one.route());
            assertEquals(7L, one.rows().get(0).getLong(0));
            assertEquals(20L, db.query("SELECT v FROM t WHERE id = 10").rows().get(0).getLong(0));
        }
    }

    @Test
    void analyticalRead_rightAfterOpen_waitsForTheReplica_andIsStrictlyFresh() throws SQLException {
        Path home = dir.resolve("olap");
        try (LumosDB db = LumosDB.open(home)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(Locale.ROOT, ROWS, 2_000, 0));
        }
        for (int round = 1; round <= 3; round++) {
            try (LumosDB db = LumosDB.open(home)) {
                db.update(String.format(Locale.ROOT, ROWS, 500, 10_000 * round)); // before the replica is up, most likely
                QueryResult r = db.query(Route.OLAP, "SELECT count(*), sum(v) FROM t");
                assertEquals(Route.OLAP, r.route());
                long rows = 2_000 + 500L * round;
                assertEquals(rows, r.rows().get(0).getLong(0));
                QueryResult onSqlite = db.query(Route.OLTP, "SELECT count(*), sum(v) FROM t");
                assertEquals(onSqlite.rows().get(0).getLong(1), r.rows().get(0).getLong(1));
            }
        }
    }

    @Test
    void aNewDatabase_servesBothRoutes_rightAfterOpen() throws SQLException {
        try (LumosDB db = LumosDB.open(dir.resolve("new"))) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(Locale.ROOT, ROWS, 300, 0));
            assertEquals(300L, db.query(Route.OLAP, "SELECT count(*) FROM t").rows().get(0).getLong(0));
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            assertTrue(db.replicatedTables().contains("t"), db.replicatedTables().toString());
            assertTrue(db.sync().status().caughtUp());
        }
    }

    @Test
    void close_whileTheReplicaOpens_isClean_andTheNextOpenHasEverything() throws Exception {
        Path home = dir.resolve("closing");
        try (LumosDB db = LumosDB.open(home)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(Locale.ROOT, ROWS, 1_000, 0));
        }
        for (int round = 1; round <= 6; round++) {
            LumosDB db = LumosDB.open(home);
            if (round % 2 == 0) {
                db.update("INSERT INTO t(id, v) VALUES (?, ?)", 100_000 + round, round); // a write while it opens
            }
            db.close();
            assertTrue(db.isClosed());
            assertThrows(SQLNonTransientConnectionException.class, () -> db.query(Route.OLAP, "SELECT count(*) FROM t"));
            assertEquals(List.of(), threadsOf("closing"), "the opening and the worker ended with close");
        }
        try (Stream<Path> files = Files.list(home)) {
            List<String> aside = files.map(p -> p.getFileName().toString()).filter(f -> f.contains("damaged")
                    || f.contains("unreadable") || f.contains("torn")).toList();
            assertEquals(List.of(), aside, "no replica file was moved aside");
        }
        try (LumosDB db = LumosDB.open(home)) {
            assertEquals(1_003L, db.query(Route.OLAP, "SELECT count(*) FROM t").rows().get(0).getLong(0));
            VerifyReport report = db.sync().verify();
            assertTrue(report.toString().contains("t"), report.toString());
            assertEquals(db.query(Route.OLTP, "SELECT sum(v) FROM t").rows().get(0).getLong(0),
                    db.query(Route.OLAP, "SELECT sum(v) FROM t").rows().get(0).getLong(0));
        }
    }

    private static List<String> threadsOf(String directory) {
        String prefix = "lumos[" + directory + "]";
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix) && (n.contains("replica open") || n.contains("sync"))).toList();
    }
}
