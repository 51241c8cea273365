package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lumos serve DIR --node n1 --cluster ...} from the shaded jar (Ratis and its gRPC inside): a
 * one-node cluster elects itself, prints its URL and the cluster's admin key, takes a write through the
 * log, shows itself leader in {@code /v1/cluster}, and stops on SIGTERM; a second start with another
 * member list is refused.
 */
class ClusterServeIT {
    @TempDir
    Path tmp;

    @Test
    void serveAsAClusterNode_electsItself_writesThroughTheLog_andRefusesAnotherMemberList() throws Exception {
        Path dir = tmp.resolve("n1");
        int raft = freePort();
        int port = freePort();
        String members = "n1@127.0.0.1:" + raft;
        Process p = new ProcessBuilder(LumosJar.command("serve", dir.toString(), "--node", "n1", "--cluster", members,
                "--port", Integer.toString(port))).redirectError(tmp.resolve("serve.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = LumosJar.humanLine(out);
            assertTrue(first != null && first.contains("cluster node n1") && first.contains("http://127.0.0.1:" + port), first);
            assertTrue(LumosJar.humanLine(out).startsWith("No API key existed"));
            String key = LumosJar.humanLine(out);
            assertTrue(key.startsWith("lumos_"), key);
            LumosJar.drain(out);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> w = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sql"))
                    .header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"CREATE TABLE t(a TEXT)\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, w.statusCode(), w.body());
            HttpResponse<String> c = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/cluster"))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, c.statusCode(), c.body());
            assertTrue(c.body().contains("\"leader\":\"n1\"") && c.body().contains("\"role\":\"LEADER\""), c.body());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "serve stops on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        LumosJar.Result refused = LumosJar.run("", "serve", dir.toString(), "--node", "n1", "--cluster",
                members + ",n2@127.0.0.1:" + freePort(), "--port", Integer.toString(port));
        assertTrue(refused.exit() != 0, refused.out());
        assertTrue(refused.err().contains("was first started with --cluster " + members), refused.err());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }
}
