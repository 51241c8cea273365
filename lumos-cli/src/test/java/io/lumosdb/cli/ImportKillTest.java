package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed (SIGKILL) in the middle of {@code lumos import} leaves nothing behind: the table is created
 * and filled in one transaction, so after the kill it does not exist, and what was committed before is
 * all there. The import runs in a child JVM on this test's class path ({@link Child}).
 */
class ImportKillTest {
    private static final int ROWS = 300_000;
    private static final long PAUSE_AT = 100_000;

    @TempDir
    Path tmp;

    @Test
    void killedMidImport_leavesNoTable_andKeepsWhatWasCommittedBefore() throws Exception {
        Path dir = tmp.resolve("db");
        try (LumosDB db = LumosDB.open(dir)) {
            db.execute("CREATE TABLE kept(id INTEGER PRIMARY KEY, v TEXT)");
            List<Object[]> rows = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                rows.add(new Object[] {i, "v" + i});
            }
            db.updateBatch("INSERT INTO kept VALUES (?, ?)", rows);
        }
        Path csv = tmp.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,name,amount\n");
            for (int i = 1; i <= ROWS; i++) {
                w.write(i + ",\"name " + i + ", with a comma\"," + (i * 0.25) + "\n");
            }
        }

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), dir.toString(), "big", csv.toString())
                .start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LumosJar.pump(child.getErrorStream(), err);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child was killed
            }
            lines.add("<end of output>");
        }, "import-kill-test-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String paused = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (paused == null && System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                assertTrue(line == null || !line.equals("<end of output>"), "the child ended before pausing: " + err);
                paused = line != null && line.equals("paused at " + PAUSE_AT) ? line : null;
            }
            assertNotNull(paused, "the child did not reach row " + PAUSE_AT + " within 5 minutes: " + err);
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child did not die");
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");

        try (LumosDB db = LumosDB.open(dir)) {
            assertTrue(db.query(Route.OLTP, "SELECT 1 FROM sqlite_master WHERE name = 'big'").rows().isEmpty(),
                    "the half-done import left no table");
            assertEquals(1000, db.query(Route.OLTP, "SELECT count(*) FROM kept").rows().get(0).getLong(0));
            assertEquals(500_500, db.query(Route.OLTP, "SELECT sum(id) FROM kept").rows().get(0).getLong(0));
            assertEquals(1000, db.query(Route.OLAP, "SELECT count(*) FROM kept").rows().get(0).getLong(0), "the replica too");
            Path small = Files.writeString(tmp.resolve("small.csv"), "id,name,amount\n1,a,0.5\n");
            assertEquals(1, FileImporter.run(db, "big", small, false, rows -> { }).rows(), "the name is free again");
        }
    }

    /**
     * The child JVM: imports {@code FILE} into {@code TABLE} of {@code DIR}, and once {@value #PAUSE_AT}
     * rows are written (inside the import's transaction) says so on stdout and waits to be killed: a kill
     * at a known point mid-import, not a race against an import that might already have finished.
     */
    static final class Child {
        public static void main(String[] args) throws Exception {
            try (LumosDB db = LumosDB.open(Path.of(args[0]))) {
                FileImporter.run(db, args[1], Path.of(args[2]), false, rows -> {
                    System.out.println("progress " + rows);
                    if (rows >= PAUSE_AT) {
                        System.out.println("paused at " + rows);
                        System.out.flush();
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                System.out.println("import finished");
            }
        }
    }
}
