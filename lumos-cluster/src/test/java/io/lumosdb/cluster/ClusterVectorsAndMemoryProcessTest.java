package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three node JVMs on loopback: vector collections and agent memory written through every node go through
 * the Raft log; a search or a recall on any node then answers the same ids, and the stored vectors (the
 * memories' embeddings, computed once by the leader) are the same bytes on every node, as are session messages. A follower killed
 * while vectors and memories are written restarts and catches up (from a snapshot: the log is compacted
 * meanwhile); a fourth node added later has them too. The nodes embed with the default embedder
 * (all-MiniLM-L6-v2 from lumos-embeddings-minilm, in its jar: offline).
 */
class ClusterVectorsAndMemoryProcessTest {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String[] TEXTS = {
        "Alice moved to Berlin in May 2023", "Alice's favourite food is tomato soup with basil", "Alice works as a nurse at the city hospital",
        "Alice has a dog called Bruno", "Alice plays the violin in an amateur orchestra", "Alice is allergic to peanuts",
        "Alice visited Lisbon last summer", "Alice prefers trains to planes"};

    @Test
    void vectorsAndMemories_throughEveryNode_sameAnswersEverywhere_restartedAndAddedNodesCatchUp() throws Exception {
        Path dir = Path.of("target", "cluster-it", "vectors-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(dir);
        try (ClusterHarness c = new ClusterHarness(dir, "n1", "n2", "n3", "n4")) {
            c.snapshotEvery = 20;
            String members = c.members("n1", "n2", "n3");
            List<String> three = List.of("n1", "n2", "n3");
            for (String id : three) {
                c.start(id, members);
            }
            for (String id : three) {
                c.awaitServing(id);
            }
            String leader = c.awaitLeader("n1", "n2", "n3");

            // a collection made through one node exists on all; the same spec again is 200, another 409
            assertEquals(201, put(c, "n2", "/v1/collections/docs", "{\"dimensions\":3,\"metric\":\"cosine\"}").status(), "create");
            assertEquals(200, put(c, "n3", "/v1/collections/docs", "{\"dimensions\":3,\"metric\":\"cosine\"}").status(), "same again");
            ClusterHarness.Answer conflict = put(c, "n1", "/v1/collections/docs", "{\"dimensions\":4}");
            assertEquals(409, conflict.status(), conflict.body());
            assertEquals(201, put(c, "n1", "/v1/collections/scratch", "{\"dimensions\":2}").status(), "create scratch");
            assertEquals(204, c.delete("n3", "/v1/collections/scratch").status(), "drop through another node");

            // points upserted through every node, one deleted; a wrong dimension is refused on every node alike
            int point = 0;
            for (; point < 24; point++) {
                upsert(c, three.get(point % 3), point);
            }
            assertEquals(204, c.delete("n3", "/v1/collections/docs/points/p5").status(), "delete a point");
            ClusterHarness.Answer wrong = put(c, "n2", "/v1/collections/docs/points", "{\"points\":[{\"id\":\"bad\",\"vector\":[1,0]}]}");
            assertEquals(400, wrong.status(), wrong.body());

            // memories remembered through every node; one forgotten, one superseded
            List<String> memoryIds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                memoryIds.add(remember(c, three.get(i % 3), TEXTS[i]));
            }
            assertEquals(204, c.delete("n1", "/v1/memories/" + memoryIds.get(3)).status(), "forget");
            ClusterHarness.Answer superseded = c.post("n2", "/v1/memories/" + memoryIds.get(0) + "/supersede",
                    Map.of("text", "Alice moved to Munich in 2024", "user", "alice"));
            assertEquals(201, superseded.status(), superseded.body());
            String replacement = superseded.json().get("id").asText();
            assertNotEquals(memoryIds.get(0), replacement);

            // session messages appended through two nodes, stamped with the leader's clock
            ClusterHarness.Answer appended = c.post("n3", "/v1/sessions/s1/messages", Map.of("messages",
                    List.of(Map.of("role", "user", "text", "Where should I eat tonight?"), Map.of("role", "assistant", "text", "Try the soup place"))));
            assertEquals(201, appended.status(), appended.body());
            assertEquals(2, appended.json().get("size").asInt());
            ClusterHarness.Answer more = c.post("n1", "/v1/sessions/s1/messages", Map.of("messages",
                    List.of(Map.of("role", "user", "text", "Thanks", "at", "2026-01-02T03:04:05Z"))));
            assertEquals(201, more.status(), more.body());
            assertEquals(3, more.json().get("size").asInt());

            assertSameEverywhere(c, three, 23, List.of(replacement));

            // a follower killed while vectors and memories are written (past the snapshot interval) catches up
            String follower = three.stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
            List<String> up = new ArrayList<>(three);
            up.remove(follower);
            c.kill(follower);
            for (; point < 60; point++) {
                upsert(c, up.get(point % 2), point);
            }
            String whileDown = remember(c, up.get(0), TEXTS[6]);
            assertSameEverywhere(c, up, 59, List.of(replacement, whileDown));
            c.restart(follower);
            c.awaitServing(follower);
            assertSameEverywhere(c, three, 59, List.of(replacement, whileDown));

            // a fourth node added later has them (from a snapshot: the log was compacted)
            c.start("n4", c.members("n1", "n2", "n3", "n4"), true);
            c.awaitServing("n4");
            ClusterHarness.Answer added = c.post("n1", "/v1/cluster/members", Map.of("id", "n4", "address", "127.0.0.1:" + c.raftPorts.get("n4")));
            assertEquals(201, added.status(), added.body());
            String lastOne = remember(c, "n4", TEXTS[7]);
            assertSameEverywhere(c, List.of("n1", "n2", "n3", "n4"), 59, List.of(replacement, whileDown, lastOne));
            String n4Log = Files.readString(dir.resolve("n4.log"));
            assertTrue(n4Log.contains(": restoring "), "n4 caught up from a snapshot (its vectors came in the SQLite backup): " + c.log("n4"));
        }
        try (var paths = Files.walk(dir)) { // kept only when the test failed
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Point {@code i}: a unit vector turning with {@code i}, so the nearest to (1, 0, 0) are the lowest ids. */
    private static void upsert(ClusterHarness c, String via, int i) {
        double angle = i * 0.05;
        String body = String.format(java.util.Locale.ROOT, "{\"points\":[{\"id\":\"p%d\",\"vector\":[%f,%f,0.1],\"metadata\":{\"i\":%d,\"via\":\"%s\"}}]}",
                i, Math.cos(angle), Math.sin(angle), i, via);
        ClusterHarness.Answer a = retried(() -> put(c, via, "/v1/collections/docs/points", body));
        assertEquals(200, a.status(), a.body());
    }

    private static String remember(ClusterHarness c, String via, String text) {
        ClusterHarness.Answer a = retried(() -> c.post(via, "/v1/memories", Map.of("text", text, "user", "alice")));
        assertEquals(201, a.status(), a.body());
        return a.json().get("id").asText();
    }

    /** A write retried while it is answered 503 (an election): each of these is idempotent. */
    private static ClusterHarness.Answer retried(java.util.function.Supplier<ClusterHarness.Answer> write) {
        ClusterHarness.Answer[] last = {null};
        ClusterHarness.await("a write answered other than 503", DEADLINE, () -> {
            last[0] = write.get();
            return last[0].status() != 503 && last[0].status() != -1;
        });
        return last[0];
    }

    /**
     * On every node (read locally there): the collection holds {@code points} points, a search answers the
     * nearest ids, a recall answers the same ids as on the first node, {@code mustRecall} among
     * them, the stored vectors and memory rows are the same bytes, and session {@code s1} holds the same messages.
     */
    private static void assertSameEverywhere(ClusterHarness c, List<String> nodes, int points, List<String> mustRecall) {
        String[] reference = {null, null, null, null};
        for (String node : nodes) {
            ClusterHarness.await(node + " holds " + points + " points and the memories " + mustRecall, DEADLINE, () -> {
                ClusterHarness.Answer d = c.get(node, "/v1/collections/docs");
                if (d.status() != 200 || d.json().path("size").asInt() != points) {
                    return false;
                }
                String recalled = recall(c, node);
                return recalled != null && mustRecall.stream().allMatch(recalled::contains);
            });
            ClusterHarness.Answer hits = c.post(node, "/v1/collections/docs/search", Map.of("vector", List.of(1, 0, 0.1), "k", 5));
            assertEquals(200, hits.status(), hits.body());
            List<String> ids = new ArrayList<>();
            hits.json().get("hits").forEach(h -> ids.add(h.get("id").asText()));
            assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), ids, "search on " + node);
            String recalled = recall(c, node);
            String vectors = c.query(node, "local", "SELECT id, hex(embedding), metadata FROM vectors_docs ORDER BY id").toString()
                    + c.query(node, "local", "SELECT id, hex(embedding) FROM vectors_lumos_memory ORDER BY id");
            String rows = c.query(node, "local", "SELECT id, text, user_id, happened_at, created_at, valid_to, superseded_by, seen"
                    + " FROM lumos_memories ORDER BY id").toString();
            String messages = c.query(node, "local", "SELECT session_id, seq, role, text, sent_at, metadata FROM lumos_messages"
                    + " ORDER BY session_id, seq").toString();
            assertEquals(3, c.query(node, "local", "SELECT count(*) FROM lumos_messages WHERE session_id = 's1'").get(0).get(0).asInt(),
                    "messages on " + node);
            if (reference[0] == null) {
                reference[0] = recalled;
                reference[1] = vectors;
                reference[2] = rows;
                reference[3] = messages;
            } else {
                assertEquals(reference[3], messages, "session messages on " + node);
                assertEquals(reference[0], recalled, "recall on " + node);
                assertEquals(reference[1], vectors, "stored vectors on " + node);
                assertEquals(reference[2], rows, "memory rows on " + node);
            }
        }
    }

    /**
     * The ids a recall answers on {@code node}, sorted (the order may move between two nodes' reads: recency
     * counts from each reader's clock), or null if it failed.
     */
    private static String recall(ClusterHarness c, String node) {
        ClusterHarness.Answer r = c.post(node, "/v1/memories/recall", Map.of("query", "Where does Alice live and what does she like?",
                "user", "alice", "k", 10));
        if (r.status() != 200) {
            return null;
        }
        List<String> ids = new ArrayList<>();
        r.json().get("memories").forEach(m -> ids.add(m.get("id").asText()));
        ids.sort(null);
        return ids.toString();
    }

    private static ClusterHarness.Answer put(ClusterHarness c, String node, String path, String json) {
        try {
            HttpResponse<String> r = c.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.httpPorts.get(node) + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? null : ClusterHarness.JSON.readTree(r.body());
            return new ClusterHarness.Answer(r.statusCode(), body, r.body());
        } catch (IOException e) {
            return new ClusterHarness.Answer(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
