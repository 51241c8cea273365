package io.lumosdb.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM with SIGKILL at random moments, then reopens the database: every change the
 * child saw commit must be in SQLite, and the DuckDB replica must equal SQLite table by table.
 * {@code -Dlumos.crash.cycles=N} sets the number of kills (20 by default; the long-run profile uses more).
 */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    /** What the parent knows: committed amounts by id, deleted ids, side tables; and the op in flight. */
    private final Map<Long, Double> amounts = new HashMap<>();
    private final Set<Long> deleted = new HashSet<>();
    private final Set<String> sideTables = new HashSet<>();

    @Test
    void sigkillMidWrite_losesNothingCommitted_andTheReplicaConverges() throws Exception {
        int cycles = Integer.getInteger("lumos.crash.cycles", 20);
        Random random = new Random(20261125L);
        Path db = dir.resolve("db");
        long committedOps = 0;
        for (int cycle = 0; cycle < cycles; cycle++) {
            int killAfter = 1 + random.nextInt(120);
            String[] inFlight = runAndKill(db, random.nextLong(), killAfter, cycle);
            committedOps += killAfter;
            verify(db, inFlight, cycle);
        }
        assertTrue(committedOps >= cycles, "the children committed " + committedOps + " operations");
    }

    /** Runs the child until it has committed {@code killAfter} operations, kills it; returns the op in flight. */
    private String[] runAndKill(Path db, long seed, int killAfter, int cycle) throws Exception {
        Path stderr = dir.resolve("child-" + cycle + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), db.toString(), Long.toString(seed))
                .redirectError(stderr.toFile())
                .start();
        String[] inFlight = null;
        int committed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                inFlight = read(line, inFlight);
                if (line.equals("OK") && ++committed == killAfter) {
                    break;
                }
            }
            // SIGKILL through the handle: Process.destroyForcibly() would also close our end of its output
            child.toHandle().destroyForcibly(); // the child is in the middle of its next operation, or between two
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the killed child did not exit");
            if (committed < killAfter) {
                fail("the child stopped after " + committed + " operations: " + Files.readString(stderr));
            }
            // the child may have printed BEGIN of its next op before the kill: that op may or may not have committed
            String next;
            while ((next = out.readLine()) != null) {
                inFlight = read(next, inFlight);
            }
        }
        return inFlight;
    }

    /** One line of the child's output: {@code BEGIN op} puts an op in flight, {@code OK} commits it. */
    private String[] read(String line, String[] inFlight) {
        if (line.startsWith("BEGIN ")) {
            return line.substring(6).split(" ");
        }
        if (line.equals("OK")) {
            apply(inFlight);
            return null;
        }
        return inFlight;
    }

    private void apply(String[] op) {
        switch (op[0]) {
            case "I", "T" -> {
                for (int i = 1; i < op.length; i += 2) {
                    amounts.put(Long.parseLong(op[i]), Double.parseDouble(op[i + 1]));
                    deleted.remove(Long.parseLong(op[i])); // a child numbers from max(id) + 1: a deleted largest id comes back
                }
            }
            case "U" -> amounts.put(Long.parseLong(op[1]), Double.parseDouble(op[2]));
            case "D" -> {
                amounts.remove(Long.parseLong(op[1]));
                deleted.add(Long.parseLong(op[1]));
            }
            case "C" -> sideTables.add(op[1]);
            default -> throw new AssertionError(String.join(" ", op));
        }
    }

    private void verify(Path path, String[] inFlight, int cycle) throws Exception {
        Set<Long> uncertain = new HashSet<>();
        if (inFlight != null && !inFlight[0].equals("C")) {
            for (int i = 1; i < inFlight.length; i += inFlight[0].equals("D") ? 1 : 2) {
                uncertain.add(Long.parseLong(inFlight[i]));
            }
        }
        try (LumosDB db = LumosDB.open(path)) {
            Map<Long, Double> inSqlite = new HashMap<>();
            for (Row r : db.query(Route.OLTP, "SELECT id, amount FROM ledger").rows()) {
                inSqlite.put(r.getLong(0), r.getDouble(1));
            }
            for (Map.Entry<Long, Double> e : amounts.entrySet()) {
                if (!uncertain.contains(e.getKey())) {
                    assertEquals(e.getValue(), inSqlite.get(e.getKey()), "cycle " + cycle + ": committed row " + e.getKey());
                }
            }
            for (long id : deleted) {
                if (!uncertain.contains(id)) {
                    assertTrue(!inSqlite.containsKey(id), "cycle " + cycle + ": deleted row " + id + " is back");
                }
            }
            for (long id : inSqlite.keySet()) {
                assertTrue(amounts.containsKey(id) || uncertain.contains(id), "cycle " + cycle + ": row " + id + " was never written");
            }
            // the op in flight at the kill committed or not: learn which from SQLite, as the next child will
            for (long id : uncertain) {
                if (inSqlite.containsKey(id)) {
                    amounts.put(id, inSqlite.get(id));
                    deleted.remove(id);
                } else if (amounts.remove(id) != null || inFlight[0].equals("D")) {
                    deleted.add(id);
                }
            }
            if (inFlight != null && inFlight[0].equals("C")
                    && !db.query(Route.OLTP, "SELECT name FROM sqlite_master WHERE name = ?", inFlight[1]).rows().isEmpty()) {
                sideTables.add(inFlight[1]);
            }
            for (String side : sideTables) {
                assertEquals(1, db.query(Route.OLTP, "SELECT count(*) FROM " + side).rows().get(0).getLong(0));
            }
            // the replica: caught up, and equal to SQLite table by table
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            List<Row> tables = db.query(Route.OLTP, "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND substr(name, 1, 7) <> '_lumos_' ORDER BY name").rows();
            assertTrue(tables.size() >= 1);
            for (Row t : tables) {
                String sql = "SELECT * FROM " + t.getString(0) + " ORDER BY id";
                QueryResult onSqlite = db.query(Route.OLTP, sql);
                QueryResult onDuck = db.query(Route.OLAP, sql);
                assertEquals(onSqlite.rows(), onDuck.rows(), "cycle " + cycle + ": replica of " + t.getString(0));
            }
            assertNotNull(db.sync().status());
        }
        try (var files = java.nio.file.Files.list(path)) {
            // DuckDB commits without waiting for the disk: after a process crash the page cache still has them
            assertTrue(files.noneMatch(f -> f.getFileName().toString().matches("lumos\\.duckdb\\.(torn|unreadable)-.*")),
                    "cycle " + cycle + ": the replica was rebuilt after a process crash");
        }
    }
}
