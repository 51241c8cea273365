package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Collections and agent memory over HTTP, with the default embedder on the server; user- and collection-bound keys. */
class VectorAndMemoryEndpointsTest {
    private static LiveServer s;

    @BeforeAll
    static void start() throws Exception {
        s = LiveServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void collections_createUpsertSearchDelete() throws Exception {
        assertEquals(201, s.call("PUT", "/v1/collections/docs", s.adminKey, "{\"dimensions\":3,\"metric\":\"cosine\"}").status());
        s.call("PUT", "/v1/collections/docs", s.adminKey, "{\"dimensions\":3,\"metric\":\"cosine\"}").expect(200);
        s.call("PUT", "/v1/collections/docs", s.adminKey, "{\"dimensions\":4}").expect(409);
        JsonNode up = s.call("PUT", "/v1/collections/docs/points", s.adminKey, "{\"points\":["
                + "{\"id\":\"d1\",\"vector\":[1,0,0],\"metadata\":{\"lang\":\"en\",\"text\":\"red apples\"}},"
                + "{\"id\":\"d2\",\"vector\":[0.9,0.1,0],\"metadata\":{\"lang\":\"de\",\"text\":\"rote Aepfel\"}},"
                + "{\"id\":\"d3\",\"vector\":[0,0,1],\"metadata\":{\"lang\":\"en\",\"text\":\"blue sky\"}}]}").expect(200).json();
        assertEquals(3, up.get("size").asInt());
        JsonNode hits = s.post("/v1/collections/docs/search", s.adminKey, "{\"vector\":[1,0,0],\"k\":2,\"filter\":\"lang = 'en'\"}")
                .expect(200).json();
        assertEquals("d1", hits.get("hits").get(0).get("id").asText());
        assertEquals(2, hits.get("hits").size()); // the filter holds for d1 and d3 only
        assertEquals("d3", hits.get("hits").get(1).get("id").asText());
        JsonNode plan = hits.get("plan");
        assertFalse(plan.get("strategy").asText().isEmpty());
        s.get("/v1/collections/docs/points/d2", s.adminKey).expect(200);
        s.call("DELETE", "/v1/collections/docs/points/d2", s.adminKey, null).expect(204);
        s.get("/v1/collections/docs/points/d2", s.adminKey).expect(404);
        s.call("PUT", "/v1/collections/docs/points", s.adminKey, "{\"points\":[{\"id\":\"bad\",\"vector\":[1,0]}]}").expect(400);
        s.post("/v1/collections/docs/search", s.adminKey, "{\"vector\":[1,0,0],\"filter\":\"lang = \"}").expect(400);
        s.post("/v1/collections/nope/search", s.adminKey, "{\"vector\":[1,0,0]}").expect(404);
        s.call("PUT", "/v1/collections/lumos_memory/points", s.adminKey, "{\"points\":[{\"id\":\"x\",\"vector\":[1]}]}").expect(403);
    }

    @Test
    void searchByText_embedsOnTheServer_whenTheDimensionsMatch() throws Exception {
        io.lumosdb.memory.Embedder embedder = io.lumosdb.memory.Embedder.byDefault(); // the server's, as AgentMemory.open uses
        int dims = embedder.dimensions();
        s.call("PUT", "/v1/collections/texts", s.adminKey, "{\"dimensions\":" + dims + "}").expect(201);
        String[][] docs = {{"t1", "The cat sleeps on the warm sofa"}, {"t2", "Quarterly revenue grew by ten percent"},
            {"t3", "A recipe for tomato soup with basil"}};
        com.fasterxml.jackson.databind.node.ObjectNode body = LiveServer.JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode points = body.putArray("points");
        for (String[] d : docs) {
            com.fasterxml.jackson.databind.node.ObjectNode p = points.addObject().put("id", d[0]);
            for (float x : embedder.embed(d[1])) {
                p.withArray("vector").add(x);
            }
            p.putObject("metadata").put("text", d[1]);
        }
        s.call("PUT", "/v1/collections/texts/points", s.adminKey, body.toString()).expect(200);
        JsonNode found = s.post("/v1/collections/texts/search", s.adminKey, "{\"text\":\"how did sales go this quarter\",\"k\":3}")
                .expect(200).json();
        assertEquals("t2", found.get("hits").get(0).get("id").asText(), found.toString());
        assertEquals(embedder.modelId(), found.get("embedded").get("model").asText());
        assertEquals(dims, found.get("embedded").get("dimensions").asInt());
        JsonNode soup = s.post("/v1/collections/texts/search", s.adminKey, "{\"text\":\"soup\",\"hybrid\":true,\"k\":1}").expect(200).json();
        assertEquals("t3", soup.get("hits").get(0).get("id").asText());
        // points given as text: the server embeds them too
        s.call("PUT", "/v1/collections/texts/points", s.adminKey, "{\"points\":[{\"id\":\"t4\",\"text\":\"The dog barks at the mailman\","
                + "\"metadata\":{\"kind\":\"pet\"}}]}").expect(200);
        JsonNode dog = s.post("/v1/collections/texts/search", s.adminKey, "{\"text\":\"a barking puppy\",\"k\":1}").expect(200).json();
        assertEquals("t4", dog.get("hits").get(0).get("id").asText(), dog.toString());
        assertEquals("pet", dog.get("hits").get(0).get("metadata").get("kind").asText());
        float[] stored = new float[dims];
        JsonNode v = s.get("/v1/collections/texts/points/t4", s.adminKey).expect(200).json().get("vector");
        for (int i = 0; i < dims; i++) {
            stored[i] = (float) v.get(i).asDouble();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(embedder.embed("The dog barks at the mailman"), stored, 1e-6f);
        s.call("PUT", "/v1/collections/texts/points", s.adminKey, "{\"points\":[{\"id\":\"x\",\"text\":\"a\",\"vector\":[1]}]}").expect(400);
        s.call("PUT", "/v1/collections/small", s.adminKey, "{\"dimensions\":3}").expect(201);
        s.call("PUT", "/v1/collections/small/points", s.adminKey, "{\"points\":[{\"id\":\"x\",\"text\":\"a\"}]}").expect(400);
        assertEquals(0, s.get("/v1/collections/small", s.adminKey).expect(200).json().get("size").asInt());
        LiveServer.Answer mismatch = s.post("/v1/collections/small/search", s.adminKey, "{\"text\":\"soup\"}").expect(400);
        assertTrue(mismatch.json().get("detail").asText().contains("3 dimensions"), mismatch.body());
        s.post("/v1/collections/texts/search", s.adminKey, "{\"k\":3}").expect(400);
        s.post("/v1/collections/small/search", s.adminKey, "{\"vector\":[1,0,0],\"hybrid\":true}").expect(400);
    }

    @Test
    void collectionBoundKey_seesOnlyItsCollections() throws Exception {
        s.call("PUT", "/v1/collections/mine", s.adminKey, "{\"dimensions\":2}");
        s.call("PUT", "/v1/collections/theirs", s.adminKey, "{\"dimensions\":2}");
        String key = s.key("write", null, "[\"mine\"]");
        JsonNode list = s.get("/v1/collections", key).expect(200).json().get("collections");
        assertEquals(1, list.size());
        assertEquals("mine", list.get(0).get("name").asText());
        s.call("PUT", "/v1/collections/mine/points", key, "{\"points\":[{\"id\":\"a\",\"vector\":[1,0]}]}").expect(200);
        s.call("PUT", "/v1/collections/theirs/points", key, "{\"points\":[{\"id\":\"a\",\"vector\":[1,0]}]}").expect(403);
        s.post("/v1/collections/theirs/search", key, "{\"vector\":[1,0]}").expect(403);
        s.post("/v1/sql", key, "{\"sql\":\"SELECT * FROM _lumos_vec_theirs\"}").expect(403);
    }

    @Test
    void memories_rememberRecallSupersedeHistoryForget() throws Exception {
        String id = s.post("/v1/memories", s.adminKey, "{\"text\":\"Alice moved to Berlin in May 2023\",\"user\":\"alice\","
                + "\"importance\":0.8,\"metadata\":{\"source\":\"chat\"}}").expect(201).json().get("id").asText();
        s.post("/v1/memories", s.adminKey, "{\"text\":\"Bob likes green tea\",\"user\":\"bob\",\"kind\":\"preference\"}").expect(201);
        JsonNode recalled = s.post("/v1/memories/recall", s.adminKey, "{\"query\":\"Where does Alice live?\",\"user\":\"alice\",\"k\":5}")
                .expect(200).json().get("memories");
        assertEquals(id, recalled.get(0).get("id").asText());
        assertEquals("chat", recalled.get(0).get("metadata").get("source").asText());
        assertTrue(recalled.get(0).get("score").asDouble() > 0);
        JsonNode parts = recalled.get(0).get("parts");
        assertTrue(parts.get("semantic").asDouble() > 0, recalled.toString());
        assertEquals(0.8, parts.get("importance").asDouble(), 1e-9);
        for (String part : new String[] {"keyword", "recency", "names", "time", "hop"}) {
            double v = parts.get(part).asDouble(-1);
            assertTrue(v >= 0 && v <= 1, part + " " + v);
        }
        double confidence = recalled.get(0).get("confidence").asDouble(-1);
        assertTrue(confidence > 0 && confidence <= 1, recalled.toString());
        String newer = s.post("/v1/memories/" + id + "/supersede", s.adminKey, "{\"text\":\"Alice moved to Lisbon in 2025\"}")
                .expect(201).json().get("id").asText();
        JsonNode history = s.get("/v1/memories/" + newer + "/history", s.adminKey).expect(200).json().get("memories");
        assertEquals(2, history.size());
        assertEquals(newer, history.get(0).get("supersededBy").isNull() ? history.get(0).get("id").asText() : history.get(1).get("id").asText());
        assertEquals("alice", s.get("/v1/memories/" + newer, s.adminKey).expect(200).json().get("user").asText());
        s.call("DELETE", "/v1/memories/" + newer, s.adminKey, null).expect(204);
        s.get("/v1/memories/" + newer, s.adminKey).expect(404);
        s.post("/v1/memories", s.adminKey, "{\"text\":\"\"}").expect(400);
        s.post("/v1/memories", s.adminKey, "{\"text\":\"x\",\"importance\":7}").expect(400);
        s.post("/v1/memories", s.adminKey, "{\"text\":\"x\",\"ttl\":\"soon\"}").expect(400);
        s.post("/v1/memories/recall", s.adminKey, "{\"query\":\"x\",\"filter\":\"importance >= 0) OR (importance >= 0\"}").expect(400);
    }

    @Test
    void userBoundKey_seesOnlyItsUsersMemoriesWhateverItSends() throws Exception {
        String carolsSecret = s.post("/v1/memories", s.adminKey, "{\"text\":\"Carol's door code is 4711\",\"user\":\"carol\"}")
                .expect(201).json().get("id").asText();
        String dave = s.key("write", "dave", null);
        String davesId = s.post("/v1/memories", dave, "{\"text\":\"Dave's door code is 1234\"}").expect(201).json().get("id").asText();
        assertEquals("dave", s.get("/v1/memories/" + davesId, dave).expect(200).json().get("user").asText());
        s.post("/v1/memories", dave, "{\"text\":\"planted\",\"user\":\"carol\"}").expect(403);
        s.post("/v1/memories/recall", dave, "{\"query\":\"door code\",\"user\":\"carol\"}").expect(403);
        for (String filter : new String[] {"user = 'carol'", "user = 'carol' OR user = 'dave'", "1 = 1) OR (user = 'carol'"}) {
            LiveServer.Answer a = s.post("/v1/memories/recall", dave, LiveServer.JSON.createObjectNode().put("query", "door code")
                    .put("filter", filter).toString());
            if (a.status() == 200) {
                a.json().get("memories").forEach(m -> assertEquals("dave", m.get("user").asText(), filter));
            } else {
                assertEquals(400, a.status(), filter);
            }
        }
        s.get("/v1/memories/" + carolsSecret, dave).expect(403);
        s.call("DELETE", "/v1/memories/" + carolsSecret, dave, null).expect(403);
        s.post("/v1/memories/" + carolsSecret + "/supersede", dave, "{\"text\":\"x\"}").expect(403);
        Set<String> listed = new HashSet<>();
        s.get("/v1/memories", dave).expect(200).json().get("memories").forEach(m -> listed.add(m.get("user").asText()));
        assertEquals(Set.of("dave"), listed);
        s.get("/v1/memories?user=carol", dave).expect(403);
        s.post("/v1/sql", dave, "{\"sql\":\"SELECT text FROM lumos_memories\"}").expect(403);
        s.get("/v1/tables", dave).expect(403);
        s.get("/v1/memories/" + carolsSecret, s.adminKey).expect(200); // still there
    }

    @Test
    void memories_listPageByPageWithCursors() throws Exception {
        Set<String> made = new HashSet<>();
        for (String t : new String[] {"Frank plays chess", "Frank owns a red bicycle", "Frank was born in Oslo"}) {
            made.add(s.post("/v1/memories", s.adminKey, "{\"text\":\"" + t + "\",\"user\":\"frank\"}").expect(201).json().get("id").asText());
        }
        JsonNode first = s.get("/v1/memories?user=frank&limit=2", s.adminKey).expect(200).json();
        assertEquals(2, first.get("memories").size());
        JsonNode second = s.get("/v1/memories?user=frank&limit=2&cursor=" + first.get("nextCursor").asText(), s.adminKey).expect(200).json();
        assertEquals(1, second.get("memories").size());
        assertTrue(second.get("nextCursor").isNull());
        Set<String> listed = new HashSet<>();
        first.get("memories").forEach(m -> listed.add(m.get("id").asText()));
        second.get("memories").forEach(m -> listed.add(m.get("id").asText()));
        assertEquals(made, listed);
        s.get("/v1/memories?limit=0", s.adminKey).expect(400);
        s.get("/v1/memories?cursor=not-a-cursor", s.adminKey).expect(400);
    }

    @Test
    void messages_areKeptPerSessionAndUserBoundSessionsAreTheirOwn() throws Exception {
        s.post("/v1/sessions/s1/messages", s.adminKey, "{\"messages\":[{\"role\":\"user\",\"text\":\"hi\"},"
                + "{\"role\":\"assistant\",\"text\":\"hello\"}]}").expect(201);
        JsonNode all = s.get("/v1/sessions/s1/messages", s.adminKey).expect(200).json().get("messages");
        assertEquals(2, all.size());
        assertEquals("hello", all.get(1).get("text").asText());
        assertEquals(1, s.get("/v1/sessions/s1/messages?last=1", s.adminKey).expect(200).json().get("messages").size());
        String erin = s.key("write", "erin", null);
        assertEquals(0, s.get("/v1/sessions/s1/messages", erin).expect(200).json().get("messages").size());
        s.post("/v1/sessions/s1/messages", erin, "{\"messages\":[{\"role\":\"user\",\"text\":\"erin's\"}]}").expect(201);
        assertEquals(2, s.get("/v1/sessions/s1/messages", s.adminKey).expect(200).json().get("messages").size());
        s.post("/v1/sessions/s1/messages", s.adminKey, "{\"messages\":[{\"role\":\"user\"}]}").expect(400);
    }
}
