package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.sync.SyncStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Freshness modes, sync status, and a rebuild that leaves the database usable. */
class FreshnessTest {
    static final String BULK = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < %d)"
            + " INSERT INTO t(v) SELECT i FROM r";

    @TempDir
    Path dir;

    @Test
    void strictReads_seeEveryCommittedWrite_andStatusReportsCaughtUp() throws SQLException {
        try (LumosDB db = open(dir.resolve("db"))) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            for (int round = 1; round <= 5; round++) {
                db.update(String.format(java.util.Locale.ROOT, BULK, 1000));
                QueryResult r = db.query(Freshness.STRICT, "SELECT count(*) FROM t");
                assertEquals(Route.OLAP, r.route());
                assertEquals(1000L * round, r.rows().get(0).getLong(0));
            }
            db.sync().awaitCaughtUp(Duration.ofMinutes(1));
            SyncStatus status = db.sync().status();
            assertTrue(status.caughtUp(), status.toString());
            assertEquals(status.lastCommittedSequence(), status.appliedSequence());
            assertEquals(0, status.pendingChanges());
            assertTrue(status.lastError().isEmpty());
        }
    }

    /**
     * DuckDB plans a prepared statement with the min/max statistics of that moment; the facade reuses
     * prepared statements, so a plan made when the join had no partners must not keep answering 0.
     */
    @Test
    void repeatedAnalyticalStatement_seesRowsOutsideTheRangesItWasPreparedWith() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(2)
                .cache(io.lumosdb.cache.CacheSettings.disabled()).duckdbReaders(1).open()) {
            db.execute("CREATE TABLE a(id INTEGER PRIMARY KEY, v INTEGER)");
            db.execute("CREATE TABLE b(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO a VALUES (1, 0), (3, 15)");
            db.update("INSERT INTO b VALUES (4, 35)");
            String join = "SELECT count(*) FROM a JOIN b ON a.id = b.id";
            String range = "SELECT count(*) FROM a WHERE v > 20";
            assertEquals(0L, db.query(Route.OLAP, join).rows().get(0).getLong(0));
            assertEquals(0L, db.query(Route.OLAP, range).rows().get(0).getLong(0));
            db.update("INSERT INTO a VALUES (4, 99)");
            assertEquals(1L, db.query(Route.OLAP, join).rows().get(0).getLong(0));
            assertEquals(1L, db.query(Route.OLAP, range).rows().get(0).getLong(0));
        }
    }

    @Test
    void strictRead_failsClearly_whenTheReplicaCannotCatchUpInTime() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(10)
                .freshnessTimeout(Duration.ofMillis(1)).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(java.util.Locale.ROOT, BULK, 300_000)); // far more than a millisecond of applying
            SQLTimeoutException e = assertThrows(SQLTimeoutException.class, () -> db.query(Route.OLAP, "SELECT count(*) FROM t"));
            assertTrue(e.getMessage().contains("STRICT") && e.getMessage().contains("did not catch up"), e.getMessage());
            // a read that accepts any staleness does not wait, and SQLite is always current
            db.query(Freshness.ANY, "SELECT count(*) FROM t");
            assertEquals(300_000L, db.query(Route.OLTP, "SELECT count(*) FROM t").rows().get(0).getLong(0));
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            assertEquals(300_000L, olapLong(db, "SELECT count(*) FROM t"));
        }
    }

    @Test
    void boundedStaleness_isCheckedAndNeedsNoWaitWhenCaughtUp() throws SQLException {
        assertThrows(IllegalArgumentException.class, () -> Freshness.boundedStaleness(Duration.ofSeconds(-1)));
        assertSame(Freshness.STRICT, Freshness.boundedStaleness(Duration.ZERO));
        try (LumosDB db = open(dir.resolve("db"))) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(java.util.Locale.ROOT, BULK, 100));
            db.sync().awaitCaughtUp(Duration.ofMinutes(1));
            QueryResult r = db.query(Freshness.boundedStaleness(Duration.ofHours(1)), "SELECT sum(v) FROM t");
            assertEquals(5050L, r.rows().get(0).getLong(0));
        }
    }

    @Test
    void unreadableReplicaFile_isMovedAsideAndRebuilt() throws SQLException, java.io.IOException {
        Path path = dir.resolve("db");
        try (LumosDB db = open(path)) {
            createThousandRows(db);
        }
        byte[] garbage = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(garbage);
        Files.write(path.resolve("lumos.duckdb"), garbage); // corrupt: DuckDB cannot open it
        Files.deleteIfExists(path.resolve("lumos.duckdb.wal"));
        try (LumosDB db = open(path)) {
            assertEquals(500_500L, olapLong(db, "SELECT sum(v) FROM t"));
        }
        assertTrue(hasFileStartingWith(path, "lumos.duckdb.unreadable-"), "the unreadable file is kept aside for inspection");
    }

    @Test
    void replicaWithWritesNotOnDiskWhenTheMachineWentDown_isMovedAsideAndRebuilt() throws SQLException, java.io.IOException {
        String bootId = bootId();
        Path path = dir.resolve("db");
        Path marker = unsyncedMarker(path);
        try (LumosDB db = open(path)) {
            createThousandRows(db);
            assertEquals(bootId, Files.readString(marker).trim(), "while open, the marker names this boot");
        }
        assertTrue(!Files.exists(marker), "a clean close flushes the replica and removes the marker");

        Files.writeString(marker, bootId); // left by a process crash: the page cache kept every write
        try (LumosDB db = open(path)) {
            assertEquals(500_500L, olapLong(db, "SELECT sum(v) FROM t"));
        }
        assertTrue(!hasFileStartingWith(path, "lumos.duckdb.torn-"), "same boot: kept");

        Files.writeString(marker, "00000000-0000-0000-0000-000000000000"); // open when the machine went down
        try (LumosDB db = open(path)) {
            assertEquals(500_500L, olapLong(db, "SELECT sum(v) FROM t"));
            db.update("INSERT INTO t(v) VALUES (1)");
            assertEquals(1_001L, olapLong(db, "SELECT count(*) FROM t"));
        }
        assertTrue(hasFileStartingWith(path, "lumos.duckdb.torn-"),
                "the possibly torn file is moved aside, and the replica rebuilt from SQLite");
    }

    @Test
    void flushedReplicaCommits_keepNoMarker_afterFlushingWhatAnUnsyncedSessionLeft() throws SQLException, java.io.IOException {
        String bootId = bootId();
        Path path = dir.resolve("db");
        Path marker = unsyncedMarker(path);
        try (LumosDB db = open(path)) {
            createThousandRows(db);
        }
        Files.writeString(marker, bootId); // the unsynced session was killed: its writes may be in the page cache only
        try (LumosDB db = builder(path).flushReplicaCommits().open()) {
            assertTrue(!Files.exists(marker), "flushed at open, so no machine crash from now on can tear the file");
            db.update("INSERT INTO t(v) VALUES (1)");
            assertEquals(1_001L, olapLong(db, "SELECT count(*) FROM t"));
            assertTrue(!Files.exists(marker), "commits that wait for the disk need no marker");
        }
        assertTrue(!hasFileStartingWith(path, "lumos.duckdb.torn-"), "the file was kept");
    }

    @Test
    void lostReplica_isRebuiltWhileTheDatabaseServes() throws SQLException, java.io.IOException {
        Path path = dir.resolve("db");
        try (LumosDB db = open(path)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update(String.format(java.util.Locale.ROOT, BULK, 50_000));
        }
        Files.delete(path.resolve("lumos.duckdb"));
        try (LumosDB db = open(path)) {
            // served at once: by SQLite until the replica has the table, by DuckDB after; same answer either way
            assertEquals(50_000L, db.query("SELECT count(*) FROM t").rows().get(0).getLong(0));
            db.update("INSERT INTO t(v) VALUES (-1)");
            assertEquals(50_001L, olapLong(db, "SELECT count(*) FROM t"));
            assertEquals(Route.OLAP, db.explain("SELECT sum(v) FROM t").route());
        }
    }

    /** The tests' database settings: tables of 10 rows or more count as large, so reads go to DuckDB. */
    private static LumosDBBuilder builder(Path path) {
        return LumosDB.builder().directory(path).largeTableRows(10);
    }

    private static LumosDB open(Path path) throws SQLException {
        return builder(path).open();
    }

    /** A one-number answer from the DuckDB replica. */
    private static long olapLong(LumosDB db, String sql) throws SQLException {
        return db.query(Route.OLAP, sql).rows().get(0).getLong(0);
    }

    /** Table {@code t(id, v)} with v = 1..1,000 (sum 500,500). */
    private static void createThousandRows(LumosDB db) throws SQLException {
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
        db.update(String.format(java.util.Locale.ROOT, BULK, 1_000));
    }

    /** The marker that names the boot whose page cache holds the replica's unflushed writes. */
    private static Path unsyncedMarker(Path database) {
        return database.resolve("lumos.duckdb.unsynced");
    }

    /** This kernel boot's id (Linux, as CI). */
    private static String bootId() throws java.io.IOException {
        return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    }

    private static boolean hasFileStartingWith(Path directory, String prefix) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().startsWith(prefix));
        }
    }
}
