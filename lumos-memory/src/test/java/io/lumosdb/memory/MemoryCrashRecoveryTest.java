package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.Row;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A child JVM remembers, supersedes and forgets and is SIGKILLed at random moments; after each kill the
 * memory reopens with every committed operation in place, and the memory rows and the vectors agree
 * exactly (they are written in one transaction).
 */
class MemoryCrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void sigkillMidWrite_losesNothingCommittedAndRowsAndVectorsAgree() throws Exception {
        int cycles = Integer.getInteger("lumos.memory.crash.cycles", 5);
        Random random = new Random(20261126L);
        Path db = dir.resolve("db");
        Set<String> present = new HashSet<>();
        Map<String, String> supersededBy = new HashMap<>();
        for (int cycle = 0; cycle < cycles; cycle++) {
            String inFlight = runAndKill(db, random.nextLong(), 1 + random.nextInt(12), cycle, present, supersededBy);
            verify(db, present, supersededBy, inFlight, cycle);
        }
    }

    /** Runs a child until {@code killAfter} operations committed, kills it; returns the operation in flight, if any. */
    private String runAndKill(Path db, long seed, int killAfter, int cycle, Set<String> present, Map<String, String> supersededBy)
            throws Exception {
        Path stderr = dir.resolve("memory-child-" + cycle + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), MemoryCrashWriter.class.getName(),
                db.toString(), Long.toString(seed)).redirectError(stderr.toFile()).start();
        int committed = 0;
        String inFlight = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("BEGIN ")) {
                    inFlight = line.substring(6);
                } else if (line.startsWith("OK ")) {
                    inFlight = null;
                    apply(line, present, supersededBy);
                    if (++committed == killAfter) {
                        break;
                    }
                }
            }
            child.toHandle().destroyForcibly(); // SIGKILL, mid-operation or between two
            assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the killed child did not exit");
            if (committed < killAfter) {
                fail("the child stopped after " + committed + " operations: " + Files.readString(stderr));
            }
            String next;
            while ((next = out.readLine()) != null) { // what the child printed before the kill landed
                if (next.startsWith("BEGIN ")) {
                    inFlight = next.substring(6);
                } else if (next.startsWith("OK ")) {
                    inFlight = null; // committed before the kill landed
                    apply(next, present, supersededBy);
                }
            }
        }
        return inFlight;
    }

    private static void apply(String okLine, Set<String> present, Map<String, String> supersededBy) {
        String[] op = okLine.substring(3).split(" ");
        switch (op[0]) {
            case "R" -> present.addAll(List.of(op).subList(1, op.length));
            case "S" -> {
                present.add(op[2]);
                supersededBy.put(op[1], op[2]);
            }
            default -> {
                present.remove(op[1]);
                supersededBy.remove(op[1]);
            }
        }
    }

    private void verify(Path db, Set<String> present, Map<String, String> supersededBy, String inFlight, int cycle) throws Exception {
        try (LumosDB lumos = LumosDB.open(db); AgentMemory memory = AgentMemory.builder(lumos).embedder(TestEmbedder.MINILM).open()) {
            Set<String> rows = new HashSet<>();
            for (Row r : lumos.query(Route.OLTP, "SELECT id FROM lumos_memories").rows()) {
                rows.add(r.getString(0));
            }
            Set<String> vectors = new HashSet<>(memory.vectors().ids(null));
            assertEquals(rows, vectors, "cycle " + cycle + ": memory rows and vectors agree");
            if (inFlight != null && inFlight.startsWith("F ")) {
                present.remove(inFlight.substring(2)); // a forget in flight may have committed
            }
            assertTrue(rows.containsAll(present), "cycle " + cycle + ": every committed memory is there");
            // the operation in flight may have committed: anything beyond the committed set is its work
            present.clear();
            present.addAll(rows);
            for (Map.Entry<String, String> e : supersededBy.entrySet()) {
                if (rows.contains(e.getKey())) {
                    assertEquals(e.getValue(), memory.get(e.getKey()).orElseThrow().supersededBy(), "cycle " + cycle + ": supersession kept");
                }
            }
            assertEquals(rows.size(), memory.vectors().size(), "cycle " + cycle + ": the graph holds every stored memory");
        }
    }
}
