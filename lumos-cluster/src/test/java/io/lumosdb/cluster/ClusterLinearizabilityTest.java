package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lumosdb.cluster.RegisterLinearizability.Op;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent clients read and write three keys through every node at level {@code linearizable} while
 * the leader is stopped; the recorded history (call and answer times, on this JVM's clock) is checked
 * with {@link RegisterLinearizability}. Writes answered other than 200 count as "may or may not have
 * taken effect".
 */
class ClusterLinearizabilityTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int CLIENTS = 4;
    private static final int OPS_PER_CLIENT = 30;
    private static final List<String> KEYS = List.of("a", "b", "c");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void readsAndWritesAcrossAFailover_formALinearizableHistory() throws Exception {
        String members = "n1@127.0.0.1:" + ClusterHarness.freePort() + ",n2@127.0.0.1:" + ClusterHarness.freePort()
                + ",n3@127.0.0.1:" + ClusterHarness.freePort();
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (String id : List.of("n1", "n2", "n3")) {
                nodes.add(ClusterNode.builder().directory(dir.resolve(id)).node(id).members(members).httpPort(0)
                        .electionTimeout(Duration.ofMillis(750)).writeTimeout(Duration.ofSeconds(5)).server(s -> s.noAuth()).start());
            }
            ClusterHarness.await("a leader", DEADLINE, () -> nodes.stream().allMatch(n -> n.leaderId().isPresent()));
            assertEquals(200, post(nodes.get(0), Map.of("sql", "CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER)")).statusCode());

            List<ClusterNode> live = new CopyOnWriteArrayList<>(nodes);
            ConcurrentLinkedQueue<Op> history = new ConcurrentLinkedQueue<>();
            AtomicInteger done = new AtomicInteger();
            AtomicInteger acknowledgedAfterFailover = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong failoverAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            List<Thread> clients = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    SplittableRandom random = new SplittableRandom(client);
                    for (int i = 0; i < OPS_PER_CLIENT && System.nanoTime() < end; i++, done.incrementAndGet()) {
                        String key = KEYS.get(random.nextInt(KEYS.size()));
                        ClusterNode via = live.get(random.nextInt(live.size()));
                        long call = System.nanoTime();
                        if (random.nextBoolean()) {
                            long value = client * 1_000L + i;
                            HttpResponse<String> r = post(via, Map.of("sql", "INSERT INTO kv VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
                                    "params", List.of(key, value)));
                            long ret = System.nanoTime();
                            boolean ok = r != null && r.statusCode() == 200;
                            history.add(Op.write(key, value, call, ok ? ret : RegisterLinearizability.UNKNOWN));
                            if (ok && call > failoverAt.get()) {
                                acknowledgedAfterFailover.incrementAndGet();
                            }
                        } else {
                            HttpResponse<String> r = post(via, Map.of("sql", "SELECT v FROM kv WHERE k = ?", "params", List.of(key),
                                    "consistency", "linearizable"));
                            long ret = System.nanoTime();
                            if (r != null && r.statusCode() == 200) { // a read that failed tells nothing
                                JsonNode rows = json(r).get("rows");
                                history.add(Op.read(key, rows.isEmpty() ? null : rows.get(0).get(0).asLong(), call, ret));
                            }
                        }
                    }
                }, "linearizability client " + c);
                t.start();
                clients.add(t);
            }
            ClusterHarness.await("a third of the operations before the failover", DEADLINE, () -> done.get() >= CLIENTS * OPS_PER_CLIENT / 3);
            ClusterNode leader = nodes.stream().filter(ClusterNode::isLeader).findFirst().orElseThrow();
            live.remove(leader);
            failoverAt.set(System.nanoTime());
            leader.close();
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(150).toMillis());
            }
            List<Op> ops = List.copyOf(history);
            assertTrue(acknowledgedAfterFailover.get() > 0, "no write was acknowledged after the leader stopped: " + ops.size() + " operations");
            assertTrue(ops.stream().filter(o -> !o.write()).count() >= 10, "too few reads answered: " + ops);
            assertEquals(List.of(), RegisterLinearizability.check(ops, null), "not linearizable: " + ops);
        } finally {
            for (ClusterNode n : nodes) {
                n.close();
            }
        }
    }

    private HttpResponse<String> post(ClusterNode node, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(node.url() + "/v1/sql")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ClusterHarness.JSON.writeValueAsString(body))).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return null; // the node stopped under the request: the outcome is unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return ClusterHarness.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }
}
