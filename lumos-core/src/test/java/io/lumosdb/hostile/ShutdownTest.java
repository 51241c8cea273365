package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.Freshness;
import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.sync.SyncStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing during a copy is quiet, and after reopen the status never says caught up before the replica is. */
class ShutdownTest {
    private static final int ROWS = 300_000;

    @TempDir
    Path dir;

    @Test
    void closeDuringACopy_logsNoWarning_andStatusTellsTheTruthAfterReopen() throws Exception {
        Path home = dir.resolve("db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path err = dir.resolve("fill.err");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), ChildDatabase.class.getName(), "fill",
                home.toString(), Integer.toString(ROWS)).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out + Files.readString(err));
        String log = Files.readString(err);
        assertFalse(log.contains(" WARN ") || log.contains(" ERROR "), log);

        try (LumosDB db = LumosDB.builder().directory(home).largeTableRows(1).open()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            boolean sawCaughtUp = false;
            while (!sawCaughtUp && System.nanoTime() < deadline) {
                SyncStatus status = db.sync().status();
                if (status.caughtUp()) {
                    sawCaughtUp = true;
                    // the status said caught up: the replica must hold every row, without waiting for anything
                    assertEquals((long) ROWS, db.query(Freshness.ANY, "SELECT /*+ OLAP */ count(*) FROM t").rows().get(0).getLong(0),
                            status.toString());
                } else {
                    try {
                        db.sync().awaitCaughtUp(Duration.ofMillis(50));
                    } catch (java.sql.SQLTimeoutException stillCopying) {
                        // expected while the copy runs: look at the status again
                    }
                }
            }
            assertTrue(sawCaughtUp, "the replica caught up");
            assertEquals((long) ROWS, db.query(Route.OLAP, "SELECT count(*) FROM t").rows().get(0).getLong(0));
        }
    }
}
