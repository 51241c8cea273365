package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes while a client writes: an analytics listener joins (and then serves STRICT-fresh
 * reads holding every acknowledged write), a voter leaves; no acknowledged write is lost on any node.
 */
class ClusterMembershipUnderLoadTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final int MAX_WRITES = 2_000;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aListenerJoinsAndAVoterLeaves_underWrites_nothingAcknowledgedIsLost() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ports.add(ClusterHarness.freePort());
        }
        String voters = "n1@127.0.0.1:" + ports.get(0) + ",n2@127.0.0.1:" + ports.get(1) + ",n3@127.0.0.1:" + ports.get(2);
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (String id : List.of("n1", "n2", "n3")) {
                nodes.add(node(id, voters, false));
            }
            ClusterNode n1 = nodes.get(0);
            ClusterNode n2 = nodes.get(1);
            ClusterHarness.await("a leader", DEADLINE, () -> nodes.stream().allMatch(n -> n.leaderId().isPresent()));
            assertEquals(200, sql(n1, Map.of("sql", "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")).statusCode());

            ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (int i = 0; i < MAX_WRITES && !stop.get(); i++) {
                    HttpResponse<String> r = sql(i % 2 == 0 ? n1 : n2, Map.of("sql", "INSERT INTO t VALUES (?, ?)", "params", List.of(i, "v" + i)));
                    if (r.statusCode() == 200) {
                        acknowledged.add(i);
                    }
                }
            }, "membership-test writer");
            writer.start();

            ClusterHarness.await("some writes before the change", DEADLINE, () -> acknowledged.size() >= 20);
            ClusterNode listener = node("a1", voters + ",a1@127.0.0.1:" + ports.get(3), true);
            nodes.add(listener);
            HttpResponse<String> added = post(n2, "/v1/cluster/members", Map.of("id", "a1", "address", "127.0.0.1:" + ports.get(3), "listener", true));
            assertEquals(201, added.statusCode(), added.body());
            assertTrue(added.body().contains("LISTENER"), added.body());

            int before = acknowledged.size();
            ClusterHarness.await("writes go on after the listener joined", DEADLINE, () -> acknowledged.size() >= before + 20);
            HttpResponse<String> removed = send(n1, "DELETE", "/v1/cluster/members/n3", null);
            assertEquals(200, removed.statusCode(), removed.body());
            int afterRemoval = acknowledged.size();
            ClusterHarness.await("writes go on after n3 left", DEADLINE, () -> acknowledged.size() >= afterRemoval + 20);
            stop.set(true);
            writer.join(DEADLINE.toMillis());

            JsonNode cluster = ClusterHarness.JSON.readTree(send(n1, "GET", "/v1/cluster", null).body());
            List<String> roles = new ArrayList<>();
            cluster.get("members").forEach(m -> roles.add(m.get("id").asText() + ":" + m.get("role").asText()));
            assertTrue(roles.contains("a1:LISTENER") && roles.stream().noneMatch(r -> r.startsWith("n3:")), roles.toString());

            String ids = ClusterHarness.JSON.writeValueAsString(List.copyOf(acknowledged));
            for (ClusterNode n : List.of(n1, n2, listener)) {
                ClusterHarness.await(n.nodeId() + " holds every acknowledged write", DEADLINE, () -> {
                    HttpResponse<String> r = sql(n, Map.of("sql", "SELECT count(*) FROM t JOIN json_each(?) j ON t.id = j.value",
                            "params", List.of(ids), "consistency", "leader"));
                    if (r.statusCode() != 200) {
                        return false;
                    }
                    try {
                        return ClusterHarness.JSON.readTree(r.body()).get("rows").get(0).get(0).asInt() == acknowledged.size();
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                });
            }
            // the analytical read on the listener: its own DuckDB replica, STRICT-fresh, equal to SQLite's answer
            HttpResponse<String> olap = sql(listener, Map.of("sql", "SELECT count(*), sum(id) FROM t", "freshness", "strict", "consistency", "leader"));
            HttpResponse<String> oltp = sql(listener, Map.of("sql", "SELECT count(*), sum(id) FROM t", "route", "oltp", "consistency", "local"));
            JsonNode a = ClusterHarness.JSON.readTree(olap.body());
            JsonNode b = ClusterHarness.JSON.readTree(oltp.body());
            assertEquals(b.get("rows"), a.get("rows"), olap.body());
        } finally {
            for (ClusterNode n : nodes) {
                n.close();
            }
        }
    }

    private ClusterNode node(String id, String members, boolean join) throws Exception {
        ClusterNodeBuilder b = ClusterNode.builder().directory(dir.resolve(id)).node(id).members(members).httpPort(0)
                .electionTimeout(Duration.ofMillis(750)).server(s -> s.noAuth());
        if (join) {
            b.join();
        }
        return b.start();
    }

    private HttpResponse<String> sql(ClusterNode n, Map<String, Object> body) {
        return post(n, "/v1/sql", body);
    }

    private HttpResponse<String> post(ClusterNode n, String path, Object body) {
        return send(n, "POST", path, body);
    }

    private HttpResponse<String> send(ClusterNode node, String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(ClusterHarness.JSON.writeValueAsString(body)));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
