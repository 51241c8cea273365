package io.lumosdb.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The apply worker: wake-up on commit, other programs' writes, repair of a damaged replica, waiting. */
class ReplicaWorkerTest {
    static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    Connection writer;
    DuckDBConnection duck;
    Replica replica;

    @BeforeEach
    void open() throws SQLException {
        writer = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"));
        exec(writer, "PRAGMA journal_mode = WAL");
        exec(writer, "PRAGMA busy_timeout = 10000");
        duck = ReplicaTest.connectDuck(dir.resolve("a.duckdb"));
        Connection replicaConnection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"));
        exec(replicaConnection, "PRAGMA busy_timeout = 10000");
        replica = Replica.open(replicaConnection, duck);
        exec(writer, "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
        replica.reconcile();
    }

    @AfterEach
    void close() throws SQLException {
        replica.close();
        duck.close();
        writer.close();
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void awaitAllApplied() throws SQLException {
        replica.awaitApplied(Replica.lastCommittedSequence(writer), targets(), GENEROUS);
    }

    /** Appended rows are scanned, not logged: a complete wait names each table's largest rowid. */
    private java.util.Map<String, Long> targets() throws SQLException {
        return replica.rowTargets(writer, replica.replicatedTables());
    }

    private boolean caughtUp() {
        try {
            return replica.status().caughtUp();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Polls a condition until it holds or a generous deadline passes. */
    private static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + GENEROUS + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Test
    void committed_wakesTheWorker_andWaitersSeeTheChange() throws SQLException {
        replica.start("test sync");
        exec(writer, "INSERT INTO t(v) VALUES (1), (2), (3)");
        replica.committed();
        awaitAllApplied();
        assertEquals(ReplicaTest.rows(writer, "SELECT sum(v) FROM t"), ReplicaTest.rows(duck.duplicate(), "SELECT sum(v) FROM t"));
        SyncStatus status = replica.status();
        assertTrue(status.caughtUp(), status.toString());
        assertEquals(0, status.consecutiveFailures());
    }

    @Test
    void writesByOtherPrograms_areAppliedWithoutBeingAnnounced() throws SQLException {
        replica.start("test sync");
        exec(writer, "INSERT INTO t(v) VALUES (40), (2)"); // no committed(): the idle worker finds it
        eventually("the worker applies unannounced writes", this::caughtUp);
        assertEquals(ReplicaTest.rows(writer, "SELECT sum(v) FROM t"), ReplicaTest.rows(duck.duplicate(), "SELECT sum(v) FROM t"));
    }

    @Test
    void aDamagedReplicaTable_isRepairedFromSqlite() throws SQLException {
        exec(writer, "INSERT INTO t(v) VALUES (1), (2)");
        replica.apply();
        try (Connection vandal = duck.duplicate()) {
            exec(vandal, "DROP VIEW main.t");
            exec(vandal, "DROP TABLE lumos_data.t"); // damage behind the replica's back
        }
        replica.start("test sync");
        exec(writer, "INSERT INTO t(v) VALUES (3)");
        replica.committed();
        eventually("the replica repairs itself", () -> {
            try {
                return caughtUp()
                        && ReplicaTest.rows(duck.duplicate(), "SELECT sum(v) FROM t").equals(ReplicaTest.rows(writer, "SELECT sum(v) FROM t"));
            } catch (SQLException e) {
                return false; // the table is missing until the repair
            }
        });
        assertEquals(0, replica.status().consecutiveFailures());
    }

    @Test
    void aPersistentFailure_reachesTheReadersThatNeedTheData() throws SQLException {
        exec(writer, "INSERT INTO t(v) VALUES (1)");
        replica.apply();
        // on the replica's own connection (the worker is not running yet), so its next transaction sees it gone;
        // no repair recreates the state table: every apply of a logged change fails
        exec(duck, "DROP TABLE lumos_data._lumos_hwm"); // where every batch records its progress
        duck.commit();
        replica.start("test sync");
        exec(writer, "UPDATE t SET v = 2"); // updates are always logged (appended inserts are scanned)
        ReplicaException e = assertThrows(ReplicaException.class,
                () -> replica.awaitApplied(Replica.lastCommittedSequence(writer), targets(), GENEROUS));
        assertTrue(e.getMessage().contains("cannot apply changes") && e.getMessage().contains("_lumos_hwm"), e.getMessage());
        SyncStatus status = replica.status();
        assertTrue(status.consecutiveFailures() > ReplicaWorker.REPAIR_AFTER, status.toString());
        assertTrue(status.lastError().orElseThrow().contains("_lumos_hwm"), status.toString());
        assertTrue(status.pendingChanges() > 0, status.toString());
    }

    @Test
    void waitingWithoutAWorker_orPastTheTimeout_failsClearly() throws SQLException {
        exec(writer, "INSERT INTO t(v) VALUES (1)");
        long target = Replica.lastCommittedSequence(writer);
        var rows = targets();
        SQLTimeoutException noWorker = assertThrows(SQLTimeoutException.class, () -> replica.awaitApplied(target, rows, GENEROUS));
        assertTrue(noWorker.getMessage().contains("no worker"), noWorker.getMessage());
        replica.start("test sync");
        SQLTimeoutException late = assertThrows(SQLTimeoutException.class, () -> replica.awaitApplied(target + 1_000_000, Duration.ofMillis(50)));
        assertTrue(late.getMessage().contains("did not catch up within 50 ms"), late.getMessage());
    }

    @Test
    void backgroundCatchUp_mirrorsTablesWhileTheDatabaseIsInUse() throws Exception {
        exec(writer, "CREATE TABLE big(id INTEGER PRIMARY KEY, v INTEGER)");
        exec(writer, "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 20000) INSERT INTO big(v) SELECT i FROM r");
        replica.close();
        duck.close();
        java.nio.file.Files.delete(dir.resolve("a.duckdb")); // lost replica: rebuilt in the background
        duck = ReplicaTest.connectDuck(dir.resolve("a.duckdb"));
        Connection replicaConnection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"));
        exec(replicaConnection, "PRAGMA busy_timeout = 10000");
        replica = Replica.open(replicaConnection, duck, false);
        replica.start("test sync");
        exec(writer, "INSERT INTO big(v) VALUES (-1)"); // writers go on during the rebuild
        replica.committed();
        awaitAllApplied();
        assertTrue(replica.isReplicated("big") && replica.isReplicated("t"));
        assertEquals(ReplicaTest.rows(writer, "SELECT count(*), sum(v) FROM big"),
                ReplicaTest.rows(duck.duplicate(), "SELECT count(*), sum(v) FROM big"));
    }
}
