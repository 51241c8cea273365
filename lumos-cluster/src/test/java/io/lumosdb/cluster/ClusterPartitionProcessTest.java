package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three node JVMs, each in a Linux network namespace of its own joined to the others by a bridge
 * ({@link NetworkNamespaces}; needs root and iproute2, skipped otherwise). The leader's port is taken off
 * the bridge: writes sent to it are not acknowledged and it applies none of them; the other two elect a
 * leader and acknowledge writes. After the port is back, the old leader follows the new one: its
 * unacknowledged writes are gone everywhere, every acknowledged write is on all three, and the three hold
 * the same rows.
 */
class ClusterPartitionProcessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final List<String> ALL = List.of("n1", "n2", "n3");
    private static final int UNACKNOWLEDGED_FROM = 1_000;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void isolateTheLeader_theMajorityGoesOn_afterHealingItsUnacknowledgedWritesAreGoneAndNothingAcknowledgedIsLost() throws Exception {
        Optional<String> unavailable = NetworkNamespaces.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> "the partition test needs root and ip netns: " + unavailable.orElseThrow());
        NetworkNamespaces.removeStale();
        Path dir = Path.of("target", "cluster-it", "partition-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        Path sockets = Files.createTempDirectory("lumos-pt");
        try (NetworkNamespaces net = new NetworkNamespaces(ALL); ClusterHarness c = new ClusterHarness(dir, ALL.toArray(String[]::new))) {
            c.inNamespaces(net, sockets);
            String members = c.members(ALL.toArray(String[]::new));
            for (String id : ALL) {
                c.start(id, members);
            }
            for (String id : ALL) {
                c.awaitServing(id);
            }
            c.awaitLeader(ALL.toArray(String[]::new));
            for (String id : ALL) { // Raft on the namespace's address (the member list's), HTTP on the namespace's own loopback
                List<String> listening = net.listening(id);
                assertTrue(listening.contains(net.address(id) + ":" + c.raftPorts.get(id)), id + " listens on " + listening);
                assertTrue(listening.contains("127.0.0.1:" + c.httpPorts.get(id)), id + " listens on " + listening);
            }
            assertEquals(200, c.write("n1", DEADLINE, "CREATE TABLE t(id INTEGER PRIMARY KEY, via TEXT)").status());
            List<Integer> acknowledged = new ArrayList<>();
            int id = 0;
            for (; id < 9; id++) {
                String via = ALL.get(id % 3);
                ClusterHarness.Answer a = c.write(via, DEADLINE, "INSERT INTO t VALUES (?, ?)", id, via);
                assertEquals(200, a.status(), a.body());
                acknowledged.add(id);
            }
            ClusterTestRows.assertSameRows(c, ALL, acknowledged.size(), DEADLINE);

            // the partition: the leader alone on one side, the two others on the other
            String leader = c.awaitLeader(ALL.toArray(String[]::new)); // asked again just before: elections happen on a loaded machine
            net.isolate(leader);
            long isolated = System.nanoTime();
            List<String> majority = new ArrayList<>(ALL);
            majority.remove(leader);
            ExecutorService senders = Executors.newFixedThreadPool(2, namedThreads("write to the isolated leader"));
            List<Future<ClusterHarness.Answer>> cutOff = new ArrayList<>();
            try {
                for (int k = 0; k < 2; k++) { // sent at once: the old leader does not know yet that it is cut off
                    int unacknowledged = UNACKNOWLEDGED_FROM + k;
                    cutOff.add(senders.submit(() -> c.post(leader, "/v1/sql",
                            Map.of("sql", "INSERT INTO t VALUES (?, ?)", "params", List.of(unacknowledged, "cut off")))));
                }
                String newLeader = c.awaitLeaderOtherThan(leader, majority.toArray(String[]::new));
                assertNotEquals(leader, newLeader);
                for (int k = 0; k < 10; k++, id++) {
                    String via = majority.get(k % 2);
                    ClusterHarness.Answer a = c.write(via, DEADLINE, "INSERT INTO t VALUES (?, ?)", id, via);
                    assertEquals(200, a.status(), "the majority commits: " + a.body());
                    acknowledged.add(id);
                }
                System.out.printf(Locale.ROOT, "partition: %s isolated; %s elected; 10 writes acknowledged by the majority %.2f s after%n",
                        leader, newLeader, (System.nanoTime() - isolated) / 1e9);
                for (Future<ClusterHarness.Answer> f : cutOff) {
                    ClusterHarness.Answer a = f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    assertTrue(a.status() == 503 || a.status() == -1, "a write through the isolated old leader was answered " + a.status() + ": " + a.body());
                    System.out.printf(Locale.ROOT, "partition: a write through the isolated %s answered %d: %s%n", leader, a.status(), a.body());
                }
            } finally {
                senders.shutdownNow();
            }
            System.out.printf(Locale.ROOT, "partition: %.2f s after it was cut off, %s names as leader: %s%n",
                    (System.nanoTime() - isolated) / 1e9, leader, c.leaderSeenBy(leader));
            // the minority committed nothing: the old leader applied neither its own writes nor the majority's
            assertEquals(9, c.query(leader, "local", "SELECT count(*) FROM t").get(0).get(0).asInt());
            ClusterHarness.Answer linearizable = c.post(leader, "/v1/sql",
                    Map.of("sql", "SELECT count(*) FROM t", "consistency", "linearizable", "timeoutMs", 3_000));
            assertNotEquals(200, linearizable.status(), "a linearizable read on the cut-off node: " + linearizable.body());

            net.heal(leader);
            long healed = System.nanoTime();
            c.awaitLeader(ALL.toArray(String[]::new));
            ClusterHarness.Answer back = c.write(leader, DEADLINE, "INSERT INTO t VALUES (?, ?)", id, "after healing");
            assertEquals(200, back.status(), "a write through the old leader after healing: " + back.body());
            acknowledged.add(id);
            System.out.printf(Locale.ROOT, "partition: healed; a write through %s acknowledged %.2f s after%n", leader,
                    (System.nanoTime() - healed) / 1e9);

            for (String node : ALL) { // exactly the acknowledged writes: none lost, none of the cut-off ones
                ClusterHarness.await(node + " applied " + acknowledged.size() + " rows or more", DEADLINE, () -> {
                    ClusterHarness.Answer a = c.post(node, "/v1/sql", Map.of("sql", "SELECT count(*) FROM t", "consistency", "linearizable"));
                    return a.status() == 200 && a.json().get("rows").get(0).get(0).asInt() >= acknowledged.size();
                });
                List<Integer> ids = new ArrayList<>();
                c.query(node, "local", "SELECT id FROM t ORDER BY id").forEach(row -> ids.add(row.get(0).asInt()));
                assertEquals(acknowledged, ids, "node " + node + " holds exactly the acknowledged writes");
            }
            ClusterTestRows.assertSameRows(c, ALL, acknowledged.size(), DEADLINE); // and the same contents
        } finally {
            ClusterTestRows.deleteRecursively(sockets);
        }
        ClusterTestRows.deleteRecursively(dir); // kept only when the test failed
    }

    private static java.util.concurrent.ThreadFactory namedThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + " " + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
