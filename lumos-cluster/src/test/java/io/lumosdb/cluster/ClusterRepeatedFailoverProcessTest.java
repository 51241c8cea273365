package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs, the leader killed with {@code kill -9} several times in a row: each time the killed
 * node is restarted and caught up before the next kill, so the second and later kills hit a leader
 * elected among nodes that were restarted (the case that once hung: docs/cluster.md, "Failover").
 * Writes succeed again after every kill, every acknowledged write is on every node, and all nodes end
 * with the same rows.
 */
class ClusterRepeatedFailoverProcessTest {
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(60);
    private static final int KILLS = 3;

    @Test
    void killTheLeaderThreeTimes_writesSucceedAgainEachTime_nothingAcknowledgedIsLost() throws Exception {
        Path dir = Path.of("target", "cluster-it", "repeated-failover-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        List<String> all = List.of("n1", "n2", "n3");
        try (ClusterHarness c = new ClusterHarness(dir, "n1", "n2", "n3")) {
            c.snapshotEvery = 25; // later kills also find compacted logs
            String members = c.members("n1", "n2", "n3");
            for (String id : all) {
                c.start(id, members);
            }
            for (String id : all) {
                c.awaitServing(id);
            }
            c.awaitLeader("n1", "n2", "n3");
            assertEquals(200, c.write("n1", WRITE_DEADLINE, "CREATE TABLE t(id INTEGER PRIMARY KEY, via TEXT)").status());
            int acknowledged = 0;
            List<String> killed = new ArrayList<>();
            for (int kill = 0; kill < KILLS; kill++) {
                for (int i = 0; i < 10; i++, acknowledged++) {
                    String via = all.get(acknowledged % 3);
                    ClusterHarness.Answer a = c.write(via, WRITE_DEADLINE, "INSERT INTO t VALUES (?, ?)", acknowledged, via);
                    assertEquals(200, a.status(), a.body());
                }
                String leader = c.awaitLeader("n1", "n2", "n3");
                List<String> survivors = new ArrayList<>(all);
                survivors.remove(leader);
                c.kill(leader);
                killed.add(leader);
                long start = System.nanoTime();
                ClusterHarness.Answer first = c.write(survivors.get(kill % 2), WRITE_DEADLINE, "INSERT INTO t VALUES (?, ?)",
                        acknowledged, "after kill " + (kill + 1));
                assertEquals(200, first.status(), "kill " + (kill + 1) + " of " + leader + ": " + first.body());
                acknowledged++;
                System.out.printf(Locale.ROOT, "failover %d: first write acknowledged %.2f s after kill -9 of the leader %s%n",
                        kill + 1, (System.nanoTime() - start) / 1e9, leader);
                assertNotEquals(leader, c.awaitLeader(survivors.toArray(String[]::new)));
                ClusterTestRows.assertSameRows(c, survivors, acknowledged, WRITE_DEADLINE);

                c.restart(leader);
                c.awaitServing(leader);
                ClusterTestRows.assertSameRows(c, all, acknowledged, WRITE_DEADLINE); // caught up before the next kill
            }
            assertEquals(KILLS, killed.size());
        }
        ClusterTestRows.deleteRecursively(dir); // kept only when the test failed
    }
}
