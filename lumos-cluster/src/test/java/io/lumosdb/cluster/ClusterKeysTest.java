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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * API keys with authentication on: the first node makes the one initial admin key through the log; a key
 * made on one node opens every node, a key revoked on one is refused by every node.
 */
class ClusterKeysTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aKeyMadeOnOneNode_opensEveryNode_andRevokedOnOne_isRefusedByAll() throws Exception {
        List<Integer> ports = List.of(ClusterHarness.freePort(), ClusterHarness.freePort(), ClusterHarness.freePort());
        String members = "n1@127.0.0.1:" + ports.get(0) + ",n2@127.0.0.1:" + ports.get(1) + ",n3@127.0.0.1:" + ports.get(2);
        List<ClusterNode> nodes = new ArrayList<>();
        try {
            for (String id : List.of("n2", "n3", "n1")) { // n1, the first member, makes the initial key once a leader exists
                nodes.add(ClusterNode.builder().directory(dir.resolve(id)).node(id).members(members).httpPort(0)
                        .electionTimeout(Duration.ofMillis(500)).start());
            }
            ClusterNode n2 = nodes.get(0);
            ClusterNode n3 = nodes.get(1);
            ClusterNode n1 = nodes.get(2);
            String admin = n1.initialAdminKey().orElseThrow();
            assertTrue(n2.initialAdminKey().isEmpty() && n3.initialAdminKey().isEmpty(), "one initial key for the cluster");

            ClusterHarness.await("the admin key opens n2", DEADLINE, () -> send(n2, "GET", "/v1/cluster", admin, null).statusCode() == 200);
            HttpResponse<String> made = send(n3, "POST", "/v1/admin/keys", admin, Map.of("role", "write", "name", "app"));
            assertEquals(201, made.statusCode(), made.body());
            JsonNode key = ClusterHarness.JSON.readTree(made.body());
            String app = key.get("key").asText();

            // n3 answered once it applied the key; n2 takes it once it applies the entry too
            ClusterHarness.await("the new key opens n2", DEADLINE, () -> send(n2, "GET", "/v1/cluster", app, null).statusCode() == 200);
            HttpResponse<String> ddl = send(n2, "POST", "/v1/sql", app, Map.of("sql", "CREATE TABLE t(x INTEGER)"));
            assertEquals(200, ddl.statusCode(), ddl.body());
            for (ClusterNode n : nodes) {
                ClusterHarness.await("the key opens " + n.nodeId(), DEADLINE, () -> send(n, "POST", "/v1/sql", app,
                        Map.of("sql", "SELECT count(*) FROM t", "consistency", "linearizable")).statusCode() == 200);
            }
            HttpResponse<String> read = send(n1, "POST", "/v1/sql", app, Map.of("sql", "INSERT INTO t VALUES (1)"));
            assertEquals(200, read.statusCode(), read.body());

            assertEquals(403, send(n3, "POST", "/v1/cluster/leader", app, Map.of("id", "n1")).statusCode(),
                    "membership and leadership are the admins'");

            HttpResponse<String> revoked = send(n2, "DELETE", "/v1/admin/keys/" + key.get("id").asText(), admin, null);
            assertEquals(200, revoked.statusCode(), revoked.body());
            for (ClusterNode n : nodes) {
                ClusterHarness.await("the revoked key is refused by " + n.nodeId(), DEADLINE,
                        () -> send(n, "POST", "/v1/sql", app, Map.of("sql", "SELECT 1")).statusCode() == 401);
            }
        } finally {
            for (ClusterNode n : nodes) {
                n.close();
            }
        }
    }

    private HttpResponse<String> send(ClusterNode node, String method, String path, String key, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(ClusterHarness.JSON.writeValueAsString(body)));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
