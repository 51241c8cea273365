package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs on loopback: writes through every node (with SQL a leader must make deterministic),
 * kill -9 the leader, a new one is elected and takes writes, nothing acknowledged is lost, the killed
 * node restarts and catches up, all nodes end with the same rows; then a fourth node joins (from a
 * snapshot: the log was compacted meanwhile) and leaves again.
 */
class ClusterFailoverProcessTest {
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(60);
    private static final String ALL_ROWS = "SELECT id, via, r, ts, d FROM t ORDER BY id";

    @Test
    void killTheLeader_aNewOneTakesOver_nothingAcknowledgedIsLost_theOldOneCatchesUp() throws Exception {
        // under target/ rather than a temporary directory: the nodes' logs stay for a failure's diagnosis
        Path dir = Path.of("target", "cluster-it", "failover-" + System.currentTimeMillis()).toAbsolutePath();
        java.nio.file.Files.createDirectories(dir);
        try (ClusterHarness c = new ClusterHarness(dir, "n1", "n2", "n3", "n4")) {
            c.snapshotEvery = 40;
            String members = c.members("n1", "n2", "n3");
            for (String id : List.of("n1", "n2", "n3")) {
                c.start(id, members);
            }
            for (String id : List.of("n1", "n2", "n3")) {
                c.awaitServing(id);
            }
            String leader = c.awaitLeader("n1", "n2", "n3");

            JsonNode cluster = c.get("n2", "/v1/cluster").json();
            assertEquals(leader, cluster.get("leader").asText());
            assertEquals(3, cluster.get("members").size());
            assertTrue(cluster.get("term").asLong() >= 1, cluster.toString());

            assertEquals(200, c.write("n2", WRITE_DEADLINE, "CREATE TABLE t(id INTEGER PRIMARY KEY, via TEXT, r INTEGER, ts TEXT, d REAL)").status());
            List<Integer> acknowledged = new ArrayList<>();
            int id = 0;
            for (; id < 30; id++) {
                String via = "n" + (1 + id % 3);
                ClusterHarness.Answer a = c.write(via, WRITE_DEADLINE,
                        "INSERT INTO t VALUES (?, ?, random(), CURRENT_TIMESTAMP, julianday('now'))", id, via);
                assertEquals(200, a.status(), a.body());
                acknowledged.add(id);
            }
            assertSameRowsEverywhere(c, List.of("n1", "n2", "n3"), acknowledged.size());

            // a statement no rewriting makes deterministic is refused with the reason, on any node
            ClusterHarness.Answer refused = c.write("n3", WRITE_DEADLINE, "INSERT INTO t(id, via) VALUES (1000, hex(randomblob(abs(?))))", 4);
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.body().contains("not deterministic"), refused.body());

            // kill -9 the leader; the survivors elect another and take writes again
            List<String> survivors = new ArrayList<>(List.of("n1", "n2", "n3"));
            survivors.remove(leader);
            c.kill(leader);
            long killed = System.nanoTime();
            ClusterHarness.Answer first = c.write(survivors.get(0), WRITE_DEADLINE, "INSERT INTO t(id, via) VALUES (?, ?)", id, "after-kill");
            double failoverSeconds = (System.nanoTime() - killed) / 1e9;
            assertEquals(200, first.status(), first.body());
            acknowledged.add(id++);
            System.out.printf(java.util.Locale.ROOT, "failover: first write acknowledged %.2f s after kill -9 of the leader %s%n",
                    failoverSeconds, leader);
            String newLeader = c.awaitLeader(survivors.toArray(String[]::new));
            assertNotEquals(leader, newLeader);
            for (; id < 80; id++) { // past the snapshot interval: the log gets compacted
                String via = survivors.get(id % 2);
                ClusterHarness.Answer a = c.write(via, WRITE_DEADLINE, "INSERT INTO t(id, via) VALUES (?, ?)", id, via);
                assertEquals(200, a.status(), a.body());
                acknowledged.add(id);
            }
            assertSameRowsEverywhere(c, survivors, acknowledged.size());

            // the killed node restarts and catches up
            c.restart(leader);
            c.awaitServing(leader);
            List<String> all = List.of("n1", "n2", "n3");
            c.awaitLeader(all.toArray(String[]::new));
            assertSameRowsEverywhere(c, all, acknowledged.size());

            // a fourth node joins through any node's admin API, catches up from a snapshot, then leaves
            c.start("n4", c.members("n1", "n2", "n3", "n4"), true);
            c.awaitServing("n4");
            ClusterHarness.Answer added = c.post(survivors.get(0), "/v1/cluster/members",
                    Map.of("id", "n4", "address", "127.0.0.1:" + c.raftPorts.get("n4")));
            assertEquals(201, added.status(), added.body());
            ClusterHarness.Answer viaN4 = c.write("n4", WRITE_DEADLINE, "INSERT INTO t(id, via) VALUES (?, ?)", id, "n4");
            assertEquals(200, viaN4.status(), viaN4.body());
            acknowledged.add(id++);
            List<String> four = List.of("n1", "n2", "n3", "n4");
            assertSameRowsEverywhere(c, four, acknowledged.size());
            assertEquals(4, c.get("n1", "/v1/cluster").json().get("members").size());

            ClusterHarness.Answer removed = c.delete("n2", "/v1/cluster/members/n4");
            assertEquals(200, removed.status(), removed.body());
            ClusterHarness.await("n4 gone from the configuration", WRITE_DEADLINE,
                    () -> c.get("n1", "/v1/cluster").json().get("members").size() == 3);
            ClusterHarness.Answer afterRemove = c.write("n3", WRITE_DEADLINE, "INSERT INTO t(id, via) VALUES (?, ?)", id, "after-remove");
            assertEquals(200, afterRemove.status(), afterRemove.body());
            acknowledged.add(id);
            assertSameRowsEverywhere(c, all, acknowledged.size());
        }
        deleteRecursively(dir); // kept only when the test failed
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    /** Every node holds every acknowledged row, with the same values (random, clock) as the others. */
    private static void assertSameRowsEverywhere(ClusterHarness c, List<String> nodes, int expectedRows) {
        String[] reference = {null};
        for (String node : nodes) {
            ClusterHarness.await(node + " holds " + expectedRows + " rows", WRITE_DEADLINE, () -> {
                ClusterHarness.Answer a = c.post(node, "/v1/sql", Map.of("sql", "SELECT count(*) FROM t", "consistency", "linearizable"));
                return a.status() == 200 && a.json().get("rows").get(0).get(0).asInt() == expectedRows;
            });
            String rows = c.query(node, "local", ALL_ROWS).toString();
            if (reference[0] == null) {
                reference[0] = rows;
            } else {
                assertEquals(reference[0], rows, "node " + node + " differs");
            }
        }
    }
}
