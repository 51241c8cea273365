package io.lumosdb.sync;

import static io.lumosdb.sync.ReplicaTest.connectDuck;
import static io.lumosdb.sync.ReplicaTest.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many small applies are checkpointed out of DuckDB's WAL when the worker is idle, not only a bulk apply:
 * otherwise every deleted old version and appended row stays in the WAL, and every scan checks them.
 */
class ReplicaCheckpointTest {
    private static final int ROWS = 30_000;
    private static final int ROUNDS = 24;

    @TempDir
    Path dir;

    /** Waits up to a minute for {@code wal} to be smaller than {@code bytes} (or gone); whether it was. */
    static boolean walShrinksBelow(Path wal, long bytes) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (Files.exists(wal) && Files.size(wal) >= bytes) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return true;
    }

    @Test
    void smallAppliesAddingUpToManyChanges_areCheckpointed() throws Exception {
        Path wal = dir.resolve("a.duckdb.wal");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"));
                DuckDBConnection duck = connectDuck(dir.resolve("a.duckdb"));
                Statement st = sqlite.createStatement()) {
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, label TEXT)");
            st.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + ROWS + ")"
                    + " INSERT INTO t SELECT i, i, 'row ' || i FROM r");
            try (Replica replica = Replica.open(sqlite, duck)) {
                long largestWal = 0;
                // each round updates 1/8 of the rows, far fewer than a bulk apply that is checkpointed at once;
                // together they are several times the changes after which an idle worker checkpoints
                for (int round = 0; round < ROUNDS; round++) {
                    st.execute("UPDATE t SET v = v + 1, label = 'round " + round + "' WHERE id % 8 = " + (round % 8));
                    replica.apply();
                    largestWal = Math.max(largestWal, Files.exists(wal) ? Files.size(wal) : 0);
                }
                assertTrue((long) ROWS / 8 < ChangeApplier.BULK_CHECKPOINT_AFTER, "no round is a bulk apply");
                replica.start("checkpoint test sync"); // idle from the start: everything is applied
                long changes = (long) ROUNDS * ROWS / 8;
                assertTrue(changes >= 4L * ChangeApplier.CHECKPOINT_AFTER, "the test applies several checkpoints' worth");
                // without the idle worker's checkpoint the WAL keeps every one of them
                assertTrue(walShrinksBelow(wal, largestWal / 2), "the idle worker checkpointed the WAL: "
                        + (Files.exists(wal) ? Files.size(wal) : 0) + " bytes now, " + largestWal + " after the last apply");
            } // the worker stopped: its DuckDB connection is free to read (and the replica closed its SQLite one)
            try (Connection again = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"))) {
                String sql = "SELECT count(*), sum(v), max(label) FROM t";
                assertEquals(rows(again, sql), rows(duck, sql));
            }
        }
    }
}
