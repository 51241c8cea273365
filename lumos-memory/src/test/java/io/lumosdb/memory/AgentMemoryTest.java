package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMemoryTest {
    @TempDir
    Path dir;
    LumosDB db;
    AgentMemory memory;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.open(dir);
        memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).open();
    }

    @AfterEach
    void close() throws SQLException {
        memory.close();
        db.close();
    }

    private static Set<String> texts(List<Recalled> r) {
        return r.stream().map(Recalled::text).collect(Collectors.toSet());
    }

    @Test
    void recallFindsByMeaningAndKeepsScopesApart() throws SQLException {
        memory.remember(Memory.text("Alice moved to Berlin in May 2023").user("alice").at(Instant.parse("2023-05-08T13:56:00Z")));
        memory.remember(Memory.text("Alice is allergic to peanuts").user("alice"));
        memory.remember(Memory.text("Bob lives in Lisbon near the river").user("bob"));
        List<Recalled> r = memory.recall(Recall.query("Where does Alice live?").user("alice").k(5));
        assertEquals("Alice moved to Berlin in May 2023", r.get(0).text());
        assertTrue(r.stream().allMatch(m -> "alice".equals(m.user())), "only alice's memories: " + r);
        List<Recalled> bob = memory.recall(Recall.query("Where does someone live?").user("bob"));
        assertEquals(List.of("Bob lives in Lisbon near the river"), bob.stream().map(Recalled::text).toList());
        assertEquals(List.of(), memory.recall(Recall.query("anything").user("carol")));
    }

    @Test
    void scoreIsTheWeightedSumOfItsParts() throws SQLException {
        memory.remember(Memory.text("The invoice for ACME is due on Friday").user("u").importance(0.9));
        RecallWeights w = RecallWeights.defaults().recency(0.2).importance(0.3);
        Recalled r = memory.recall(Recall.query("When is the ACME invoice due?").user("u").weights(w)).get(0);
        Recalled.Parts p = r.parts();
        assertTrue(p.semantic() > 0.5 && p.keyword() > 0, "parts " + p);
        assertEquals(0.9, p.importance());
        assertTrue(p.recency() > 0.99, "just happened: " + p);
        assertEquals(1.0, p.names(), "the question's name ACME is in the memory: " + p);
        assertEquals(0.0, p.time(), "the question names no time");
        double relevance = w.semantic() * p.semantic() + w.keyword() * p.keyword() * Math.min(1, p.semantic() / 0.35);
        assertEquals(relevance * (1 + w.recency() * p.recency() + w.importance() * p.importance()) * (1 + w.names() * p.names())
                * (1 + w.time() * p.time()) * (1 + w.hop() * p.hop()), r.score(), 1e-9);
    }

    @Test
    void nearDuplicatesAreMergedButChangedFactsAreNot() throws SQLException {
        String a = memory.remember(Memory.text("Alice prefers short answers").user("alice").importance(0.4));
        String again = memory.remember(Memory.text("Alice prefers short answers.").user("alice").importance(0.7).metadata("source", "chat"));
        assertEquals(a, again);
        Recalled merged = memory.get(a).orElseThrow();
        assertEquals(2, merged.seen());
        assertEquals(0.7, merged.importance());
        assertEquals("chat", merged.metadata().get("source"));
        String otherUser = memory.remember(Memory.text("Alice prefers short answers").user("bob"));
        assertNotEquals(a, otherUser, "another scope is another memory");
        String berlin = memory.remember(Memory.text("Alice moved to Berlin in 2023").user("alice"));
        String munich = memory.remember(Memory.text("Alice moved to Munich in 2024").user("alice"));
        assertNotEquals(berlin, munich, "a changed fact is not a duplicate");
        assertEquals(4, memory.size());
        List<String> batch = memory.rememberAll(List.of(Memory.text("Bob likes green tea").user("bob"),
                Memory.text("Bob likes green tea!").user("bob")));
        assertEquals(batch.get(0), batch.get(1), "duplicates within one batch are merged too");
    }

    @Test
    void supersedeKeepsHistoryAndTimeTravel() throws SQLException {
        Instant may2023 = Instant.parse("2023-05-08T00:00:00Z");
        Instant jan2024 = Instant.parse("2024-01-15T00:00:00Z");
        String old = memory.remember(Memory.text("Alice lives in Berlin").user("alice").at(may2023));
        String now = memory.supersede(old, Memory.text("Alice lives in Munich").at(jan2024));
        Recall q = Recall.query("Where does Alice live?").user("alice");
        assertEquals(List.of("Alice lives in Munich"), memory.recall(q).stream().map(Recalled::text).toList());
        assertEquals(Set.of("Alice lives in Berlin", "Alice lives in Munich"), texts(memory.recall(q.includeSuperseded())));
        assertEquals(List.of("Alice lives in Berlin"),
                memory.recall(q.validAt(Instant.parse("2023-09-01T00:00:00Z"))).stream().map(Recalled::text).toList());
        Recalled retired = memory.get(old).orElseThrow();
        assertEquals(now, retired.supersededBy());
        assertEquals(jan2024, retired.validTo());
        assertFalse(retired.current());
        assertEquals("alice", memory.get(now).orElseThrow().user(), "the replacement takes the old scope");
        assertEquals(List.of(old, now), memory.history(now).stream().map(Recalled::id).toList());
        assertEquals(List.of(old, now), memory.history(old).stream().map(Recalled::id).toList());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> memory.supersede(old, Memory.text("Alice lives in Hamburg")));
        assertTrue(twice.getMessage().contains("superseded already"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> memory.supersede("nope", Memory.text("x")));
        assertEquals(2L, db.query(Route.OLTP, "SELECT count(*) FROM lumos_memories").rows().get(0).getLong(0));
        assertEquals(now, db.query(Route.OLTP, "SELECT superseded_by FROM lumos_memories WHERE id = ?", old).rows().get(0).getString(0));
    }

    @Test
    void forgetLeavesNothingBehind() throws SQLException {
        String secret = "Alice's passport number is X1234567";
        String id = memory.remember(Memory.text(secret).user("alice"));
        memory.remember(Memory.text("Alice likes hiking").user("alice"));
        assertTrue(db.cache().embeddings().getIfPresent("all-minilm-l6-v2", secret) != null, "embedded through the cache");
        assertTrue(memory.forget(id));
        assertFalse(memory.forget(id));
        assertTrue(memory.get(id).isEmpty());
        assertNull(db.cache().embeddings().getIfPresent("all-minilm-l6-v2", secret), "cached embedding gone");
        assertFalse(memory.vectors().contains(id), "index entry gone");
        assertEquals(0L, db.query(Route.OLTP, "SELECT count(*) FROM lumos_memories WHERE text = ?", secret).rows().get(0).getLong(0));
        assertEquals(0L, db.query(Route.OLTP, "SELECT count(*) FROM vectors_lumos_memory WHERE id = ?", id).rows().get(0).getLong(0));
        assertEquals(0L, db.query(Route.OLTP, "SELECT count(*) FROM _lumos_fts_lumos_memory WHERE _lumos_fts_lumos_memory MATCH 'passport'")
                .rows().get(0).getLong(0), "keyword index entry gone");
        assertEquals(0L, db.query(Route.OLAP, "SELECT count(*) FROM lumos_memories WHERE text = ?", secret).rows().get(0).getLong(0),
                "gone from the DuckDB replica");
        assertFalse(texts(memory.recall(Recall.query("passport number").user("alice"))).contains(secret));
    }

    @Test
    void forgetWhereDeletesExactlyWhatMatches() throws SQLException {
        memory.rememberAll(List.of(Memory.text("Alice likes jazz").user("alice"), Memory.text("Alice works at ACME").user("alice"),
                Memory.text("Bob likes jazz").user("bob"), Memory.text("O'Brien is Bob's boss").user("o'brien")));
        assertEquals(2, memory.forgetWhere("user = 'alice'"));
        assertEquals(1, memory.forgetWhere("user = 'o''brien'"));
        assertEquals(List.of("Bob likes jazz"), memory.recall(Recall.query("jazz")).stream().map(Recalled::text).toList());
        assertThrows(IllegalArgumentException.class, () -> memory.forgetWhere("1 = 1; DROP TABLE lumos_memories"));
        assertThrows(IllegalArgumentException.class, () -> memory.forgetWhere("user = (SELECT max(id) FROM lumos_memories)"));
        assertThrows(IllegalArgumentException.class, () -> memory.forgetWhere(" "));
        assertEquals(1, memory.size(), "nothing deleted by refused predicates");
        assertEquals(1L, db.query(Route.OLTP, "SELECT count(*) FROM lumos_memories").rows().get(0).getLong(0));
    }

    @Test
    void expiredMemoriesAreNeverRecalledAndSweptByThemselves() throws Exception {
        memory.close();
        memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).expiryCheckEvery(Duration.ofMillis(50)).open();
        String keep = memory.remember(Memory.text("The wifi password is tulip").user("u"));
        String brief = memory.remember(Memory.text("The door code today is 4711").user("u").ttl(Duration.ofMillis(300)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (memory.get(brief).isPresent() || db.query(Route.OLTP, "SELECT count(*) FROM lumos_memories WHERE id = ?", brief)
                .rows().get(0).getLong(0) > 0) {
            assertTrue(System.nanoTime() < deadline, "expired memory still there after 60 s");
            assertTrue(memory.awaitExpirySweep(Duration.ofSeconds(60)), "no expiry sweep ran within 60 s"); // then look again
        }
        assertEquals(List.of(keep), memory.recall(Recall.query("door code").user("u")).stream().map(Recalled::id).toList());
        assertThrows(IllegalArgumentException.class, () -> Memory.text("x").ttl(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Memory.text("x").ttl(Duration.ofSeconds(-1)));
    }

    @Test
    void timeFiltersAndKinds() throws SQLException {
        memory.rememberAll(List.of(
                Memory.text("Team offsite in Porto").user("u").kind(MemoryKind.EVENT).at(Instant.parse("2024-03-10T09:00:00Z")),
                Memory.text("Team offsite in Oslo").user("u").kind(MemoryKind.EVENT).at(Instant.parse("2025-03-10T09:00:00Z")),
                Memory.text("Always book aisle seats for the team").user("u").kind(MemoryKind.INSTRUCTION)));
        Recall q = Recall.query("team offsite").user("u");
        assertEquals(List.of("Team offsite in Oslo"), memory.recall(q.since(Instant.parse("2025-01-01T00:00:00Z")).kinds(MemoryKind.EVENT))
                .stream().map(Recalled::text).toList());
        assertEquals(List.of("Team offsite in Porto"), memory.recall(q.until(Instant.parse("2025-01-01T00:00:00Z")))
                .stream().map(Recalled::text).toList());
        assertEquals(List.of("Always book aisle seats for the team"), memory.recall(q.kinds(MemoryKind.INSTRUCTION))
                .stream().map(Recalled::text).toList());
        assertEquals(Set.of("Team offsite in Oslo"), texts(memory.recall(q.filter("kind = 'EVENT' AND at > 1735689600000"))));
    }

    @Test
    void badInputIsRefusedAndNothingIsStored() throws SQLException {
        assertThrows(IllegalArgumentException.class, () -> Memory.text(""));
        assertThrows(IllegalArgumentException.class, () -> Memory.text("   "));
        assertThrows(IllegalArgumentException.class, () -> Memory.text("x".repeat(Memory.MAX_TEXT_CHARS + 1)));
        assertThrows(IllegalArgumentException.class, () -> Memory.text("x").user(""));
        assertThrows(IllegalArgumentException.class, () -> Memory.text("x").importance(1.5));
        assertThrows(IllegalArgumentException.class, () -> Memory.text("x").metadata("user", "mallory"));
        assertThrows(IllegalArgumentException.class, () -> Recall.query("x").k(0));
        assertThrows(IllegalArgumentException.class, () -> memory.recall(Recall.query("x").filter("text = ")));
        assertThrows(IllegalArgumentException.class, () -> memory.rememberAll(List.of(Memory.text("fine"),
                Memory.text("bad").metadata("blob", new Object()))));
        assertEquals(0, memory.size());
        assertEquals(0L, db.query(Route.OLTP, "SELECT count(*) FROM lumos_memories").rows().get(0).getLong(0));
        String big = memory.remember(Memory.text("word ".repeat(6_000)));
        assertTrue(memory.get(big).isPresent(), "a long text is stored whole, embedded from its start");
        db.close();
        SQLException closed = assertThrows(SQLException.class, () -> memory.remember(Memory.text("after close")));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(SQLException.class, () -> memory.recall(Recall.query("x")));
    }

    @Test
    void anotherEmbedderIsRefusedOrReembeddedOnRequest() throws SQLException {
        memory.remember(Memory.text("Alice moved to Berlin").user("alice"));
        memory.close();
        Embedder renamed = Embedder.of(new dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel(), "minilm-v2-other");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AgentMemory.builder(db).embedder(renamed).open());
        assertTrue(refused.getMessage().contains("all-minilm-l6-v2") && refused.getMessage().contains("reembed"), refused.getMessage());
        memory = AgentMemory.builder(db).embedder(renamed).reembedIfEmbedderChanged(true).open();
        assertEquals("Alice moved to Berlin", memory.recall(Recall.query("Where does Alice live?").user("alice")).get(0).text());
        memory.close();
        memory = AgentMemory.builder(db).embedder(renamed).open();
        assertEquals(1, memory.size());
    }

    @Test
    void concurrentRememberAndRecall() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        String user = "user" + thread;
                        String id = memory.remember(Memory.text("Ticket " + thread + "-" + i + " is about printer " + i).user(user));
                        List<Recalled> r = memory.recall(Recall.query("printer " + i).user(user).k(20));
                        assertTrue(r.stream().anyMatch(m -> m.id().equals(id)), "own write visible");
                        assertTrue(r.stream().allMatch(m -> user.equals(m.user())));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(90, memory.size());
        assertEquals(90L, db.query(Route.OLTP, "SELECT count(*) FROM lumos_memories").rows().get(0).getLong(0));
    }

    @Test
    void memoriesReopenAndAnalyticsRunOnDuckDB() throws SQLException {
        memory.rememberAll(List.of(
                Memory.text("a1").user("alice").at(Instant.parse("2024-01-01T10:00:00Z")),
                Memory.text("a2 other").user("alice").at(Instant.parse("2024-01-01T12:00:00Z")),
                Memory.text("b1").user("bob").at(Instant.parse("2024-01-02T10:00:00Z"))));
        var perDay = db.query(Route.OLAP, "SELECT user_id, CAST(happened_at AS DATE) AS day, count(*) AS n FROM lumos_memories"
                + " GROUP BY user_id, day ORDER BY user_id, day");
        assertEquals(Route.OLAP, perDay.route());
        assertEquals(2, perDay.rows().size());
        assertEquals(2L, perDay.rows().get(0).getLong("n"));
        memory.close();
        db.close();
        db = LumosDB.open(dir);
        memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).open();
        assertEquals(3, memory.size());
        assertEquals("b1", memory.recall(Recall.query("b1").user("bob")).get(0).text());
    }

    @Test
    void conversationLog() throws SQLException {
        MessageLog log = memory.messages("s-42");
        log.append(Message.user("Book a table for two"), Message.assistant("Done: 19:30 at Nopa"));
        log.append(Message.user("Thanks"));
        assertEquals(3, log.size());
        assertEquals(List.of("Done: 19:30 at Nopa", "Thanks"), log.last(2).stream().map(Message::text).toList());
        assertEquals("user", log.all().get(0).role());
        assertEquals(3L, db.query(Route.OLAP, "SELECT count(*) FROM lumos_messages WHERE session_id = 's-42'").rows().get(0).getLong(0),
                "the log reaches the DuckDB replica");
        log.replaceAll(List.of(Message.system("You are terse")));
        assertEquals(List.of("You are terse"), log.all().stream().map(Message::text).toList());
        assertEquals(0, memory.messages("other").size());
        log.clear();
        assertEquals(0, log.size());
        assertThrows(IllegalArgumentException.class, () -> new Message("", "x", null, null));
        assertThrows(IllegalArgumentException.class, () -> memory.messages(""));
    }
}
