package io.lumosdb.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints leave the writer's commits: a thread of their own copies the WAL, and the WAL starts over. */
class WalCheckpointerTest {
    @TempDir
    Path dir;

    @Test
    void theCheckpointerCopiesTheWal_andTheNextCommitStartsItOver() throws Exception {
        Path file = dir.resolve("t.sqlite");
        try (SqliteEngine sqlite = SqliteEngine.open(file, 2, Duration.ofSeconds(5), Duration.ofSeconds(5), 16, "test")) {
            Connection writer = sqlite.writer();
            try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_autocheckpoint")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the writer's commits never checkpoint");
            }
            CommitWatch wal = sqlite.commitWatch();
            try (Statement st = writer.createStatement()) {
                st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB)");
            }
            // about 3,000 pages in one transaction (the WAL cannot start over in the middle of it)
            writer.setAutoCommit(false);
            try (PreparedStatement ps = writer.prepareStatement("INSERT INTO t(b) VALUES (randomblob(4000))")) {
                for (int i = 0; i < 3_000; i++) {
                    ps.executeUpdate();
                }
            }
            writer.commit();
            writer.setAutoCommit(true);
            assertTrue(wal.walFrames() >= 3 * WalCheckpointer.CHECKPOINT_PAGES, "the WAL holds the writes: " + wal.walFrames());
            // each checkpoint wakes this wait; the frames are all copied after one or a few
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (wal.framesNotCheckpointed() > 0) {
                long seen = sqlite.checkpointer().checkpointsRun();
                if (wal.framesNotCheckpointed() > 0) {
                    assertTrue(sqlite.checkpointer().awaitCheckpointAfter(seen, deadline - System.nanoTime()),
                            "the checkpointer copies every frame into the database: " + wal.framesNotCheckpointed() + " left");
                }
            }

            try (Statement st = writer.createStatement()) {
                st.execute("INSERT INTO t(b) VALUES (x'00')");
            }
            assertTrue(wal.walFrames() < WalCheckpointer.CHECKPOINT_PAGES, "the next commit starts the WAL over: " + wal.walFrames());
            try (ConnectionLease reader = sqlite.borrowReader(); Statement st = reader.statements().connection().createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                rs.next();
                assertEquals(3_001, rs.getInt(1));
            }
        }
    }

    @Test
    void closingTheEngine_stopsTheCheckpointerThread() throws SQLException {
        SqliteEngine sqlite = SqliteEngine.open(dir.resolve("c.sqlite"), 1, Duration.ofSeconds(5), Duration.ofSeconds(5), 16, "closing");
        assertTrue(threadNamed("closing sqlite-checkpointer"), "the checkpointer runs on a named thread");
        sqlite.close();
        assertTrue(!threadNamed("closing sqlite-checkpointer"), "close stops it");
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }
}
