package io.lumosdb.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lumosdb.LumosDB;
import io.lumosdb.Row;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM bulk-upserts, deletes and snapshots a vector collection and is SIGKILLed at random moments;
 * after each kill the collection reopens with its graph consistent with SQLite: the same ids, each
 * searchable by its stored vector, and every committed upsert and delete reflected.
 */
class VectorCrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void sigkillDuringBulkUpserts_leavesTheIndexConsistentWithSqlite() throws Exception {
        int cycles = Integer.getInteger("lumos.vector.crash.cycles", 6);
        Random random = new Random(20261126L);
        Path db = dir.resolve("db");
        Set<String> present = new HashSet<>();
        for (int cycle = 0; cycle < cycles; cycle++) {
            String[] inFlight = runAndKill(db, random.nextLong(), 1 + random.nextInt(30), cycle, present);
            verify(db, present, inFlight, cycle);
        }
    }

    private String[] runAndKill(Path db, long seed, int killAfter, int cycle, Set<String> present) throws Exception {
        Path stderr = dir.resolve("vector-child-" + cycle + ".err");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                VectorCrashWriter.class.getName(), db.toString(), Long.toString(seed))
                .redirectError(stderr.toFile()).start();
        String[] inFlight = null;
        int committed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("BEGIN ")) {
                    inFlight = line.substring(6).split(" ");
                } else if (line.equals("OK")) {
                    apply(inFlight, present);
                    inFlight = null;
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
            // the child may commit more before the kill lands: an OK read here is as committed as any before it
            String next;
            while ((next = out.readLine()) != null) {
                if (next.startsWith("BEGIN ")) {
                    inFlight = next.substring(6).split(" ");
                } else if (next.equals("OK") && inFlight != null) {
                    apply(inFlight, present);
                    inFlight = null;
                }
            }
        }
        return inFlight;
    }

    private static void apply(String[] op, Set<String> present) {
        if (op[0].equals("U")) {
            for (int i = 1; i < op.length; i++) {
                present.add(op[i]);
            }
        } else if (op[0].equals("D")) {
            present.remove(op[1]);
        }
    }

    private void verify(Path db, Set<String> present, String[] inFlight, int cycle) throws Exception {
        try (LumosDB lumos = LumosDB.open(db)) {
            VectorCollection docs = lumos.vectors().open("docs");
            Set<String> inSqlite = new HashSet<>();
            for (Row r : lumos.query("SELECT id FROM vectors_docs").rows()) {
                inSqlite.add(r.getString(0));
            }
            // the op in flight may or may not have committed: take SQLite's word for its ids
            if (inFlight != null && !inFlight[0].equals("S")) {
                Set<String> ids = new HashSet<>(List.of(inFlight).subList(1, inFlight.length));
                boolean committed = inFlight[0].equals("U") ? inSqlite.containsAll(ids) : !inSqlite.contains(inFlight[1]);
                if (committed) {
                    apply(inFlight, present);
                }
            }
            assertEquals(present, inSqlite, "cycle " + cycle + ": SQLite holds every committed write and nothing else");
            assertEquals(inSqlite.size(), docs.size(), "cycle " + cycle + ": the graph holds as many vectors as SQLite");
            for (String id : inSqlite) {
                assertTrue(docs.contains(id), "cycle " + cycle + ": " + id + " is in SQLite but not searchable");
            }
            int checked = 0;
            for (String id : inSqlite) {
                if (checked++ == 40) {
                    break;
                }
                float[] stored = docs.get(id).orElseThrow().vector();
                List<VectorHit> hits = docs.search(SearchRequest.of(stored).k(1).filter("key = '" + id + "'"));
                assertEquals(id, hits.get(0).id());
                assertEquals(1.0, hits.get(0).score(), 1e-5, "cycle " + cycle + ": the graph holds " + id + "'s current vector");
            }
        }
    }
}
