package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.sync.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that differs from SQLite while the log says all is applied: found by the check after open
 * (counts, largest rowid) or by {@code sync().verify()} (checksums), and repaired by copying the table again.
 */
class ReplicaVerifyTest {
    @TempDir
    Path dir;

    private void create(Path home, int rows) throws SQLException {
        try (LumosDB db = LumosDB.open(home)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT, d DATE, ts TIMESTAMP, r REAL, b BLOB)");
            db.execute("CREATE TABLE k(name TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID");
            List<Object[]> values = new java.util.ArrayList<>();
            for (int i = 1; i <= rows; i++) {
                values.add(new Object[] {"x" + i, "2024-01-0" + (1 + i % 9), "2024-01-01 10:00:0" + (i % 10), i / 3.0, new byte[] {(byte) i}});
            }
            db.updateBatch("INSERT INTO t(x, d, ts, r, b) VALUES (?, ?, ?, ?, ?)", values);
            db.update("INSERT INTO k VALUES ('a', 1), ('b', 2)");
            Hostile.caughtUp(db);
        }
    }

    /** Changes the replica behind Lumos-DB's back, as a bug or a tampered file would. */
    private static void tamperWithReplica(Path home, String... statements) throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:" + home.resolve("lumos.duckdb"));
                Statement st = duck.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    @Test
    void verify_findsChangedValues_andRepairsByCopyingAgain() throws SQLException {
        Path home = dir.resolve("db");
        create(home, 100);
        tamperWithReplica(home, "UPDATE lumos_data.t SET x = 'tampered' WHERE _lumos_rowid = 7",
                "UPDATE lumos_data.k SET v = 99 WHERE _lumos_key = '[\"b\"]'");
        try (LumosDB db = LumosDB.open(home)) {
            Hostile.caughtUp(db);
            VerifyReport report = db.sync().verify();
            assertFalse(report.consistent(), report.toString());
            assertEquals(List.of("k", "t"), report.tables().stream().filter(VerifyReport.TableCheck::repaired)
                    .map(VerifyReport.TableCheck::table).sorted().toList(), report.toString());
            assertTrue(db.sync().verify().consistent(), "consistent after the repair");
            Hostile.sameOnBothRoutes(db, "SELECT * FROM t ORDER BY id");
            assertEquals("x7", Hostile.value(db, Route.OLAP, "SELECT x FROM t WHERE id = 7"));
            assertEquals(2L, Hostile.value(db, Route.OLAP, "SELECT v FROM k WHERE name = 'b'"));
            assertTrue(db.sync().status().caughtUp());
        }
    }

    @Test
    void aLostWalTailOfAppends_leavesNoReplicaAhead() throws Exception {
        Path home = dir.resolve("db");
        create(home, 1);
        Path saved = Files.createDirectories(dir.resolve("saved"));
        for (String f : new String[] {"lumos.sqlite", "lumos.sqlite-wal"}) {
            if (Files.exists(home.resolve(f))) {
                Files.copy(home.resolve(f), saved.resolve(f));
            }
        }
        try (LumosDB db = LumosDB.open(home)) {
            db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000)"
                    + " INSERT INTO t(x) SELECT 'appended' FROM r");
            Hostile.caughtUp(db);
            assertEquals(1001L, Hostile.count(db, Route.OLAP, "t"));
        }
        // the machine lost SQLite's last commits (a WAL tail of appends only): the replica holds rows SQLite never kept
        Files.deleteIfExists(home.resolve("lumos.sqlite-wal"));
        for (String f : new String[] {"lumos.sqlite", "lumos.sqlite-wal"}) {
            if (Files.exists(saved.resolve(f))) {
                Files.copy(saved.resolve(f), home.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        try (LumosDB db = LumosDB.open(home)) {
            Hostile.caughtUp(db);
            assertEquals(List.of(List.of(1L)), Hostile.sameOnBothRoutes(db, "SELECT count(*) FROM t"));
            assertTrue(db.sync().verify().consistent());
        }
    }

    @Test
    void verify_ofAConsistentReplica_changesNothing() throws SQLException {
        Path home = dir.resolve("db");
        create(home, 500);
        try (LumosDB db = LumosDB.open(home)) {
            db.update("UPDATE t SET x = 'changed' WHERE id % 7 = 0");
            db.update("DELETE FROM t WHERE id % 11 = 0");
            VerifyReport report = db.sync().verify();
            assertTrue(report.consistent(), report.toString());
            assertTrue(report.tables().stream().noneMatch(VerifyReport.TableCheck::repaired));
            assertEquals(455L, report.tables().stream().filter(c -> c.table().equals("t")).findFirst().orElseThrow().sqliteRows());
        }
    }
}
