package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.Row;
import io.lumosdb.vector.SideWrite;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AgentMemory#rememberAs} and {@link AgentMemory#supersedeAs}: the same calls on two databases store the
 * same rows and vectors, the second database's embedder never runs, and the caller's side write commits with
 * the change or not at all.
 */
class RememberAsTest {
    private static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    LumosDB dbA;
    LumosDB dbB;
    AgentMemory a;
    AgentMemory b;

    /** The model's id and size, but it fails if asked to embed: the replica must never run it. */
    private static final Embedder NEVER_RUNS = new Embedder() {
        @Override
        public String modelId() {
            return TestEmbedder.MINILM.modelId();
        }

        @Override
        public int dimensions() {
            return TestEmbedder.MINILM.dimensions();
        }

        @Override
        public float[] embed(String text) {
            throw new AssertionError("the embedder ran for '" + text + "'");
        }
    };

    @BeforeEach
    void open() throws SQLException {
        dbA = LumosDB.open(dirA);
        dbB = LumosDB.open(dirB);
        a = AgentMemory.builder(dbA).embedder(TestEmbedder.MINILM).open();
        b = AgentMemory.builder(dbB).embedder(NEVER_RUNS).open();
        for (LumosDB db : List.of(dbA, dbB)) {
            db.execute("CREATE TABLE applied(n INTEGER NOT NULL)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        a.close();
        b.close();
        dbA.close();
        dbB.close();
    }

    private static SideWrite applied(long n) {
        return new SideWrite(Set.of("applied"), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO applied VALUES (?)")) {
                ps.setLong(1, n);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static List<List<Object>> contents(LumosDB db) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        for (String sql : List.of("SELECT id, text, user_id, kind, importance, happened_at, created_at, expires_at, valid_to, superseded_by,"
                + " seen, metadata FROM lumos_memories ORDER BY id", "SELECT id, hex(embedding), metadata FROM vectors_lumos_memory ORDER BY id",
                "SELECT n FROM applied ORDER BY n", "SELECT session_id, seq, role, text, sent_at, metadata FROM lumos_messages ORDER BY 1, 2")) {
            for (Row r : db.query(Route.OLTP, sql).rows()) {
                List<Object> values = new ArrayList<>();
                for (int i = 0; i < r.size(); i++) {
                    values.add(r.get(i));
                }
                out.add(values);
            }
        }
        return out;
    }

    @Test
    void sameCallsOnTwoDatabases_storeTheSame_withoutRunningTheSecondEmbedder() throws SQLException {
        Memory berlin = Memory.text("Alice moved to Berlin in May 2023").user("alice").ttl(Duration.ofDays(30)).metadata("source", "chat");
        Memory soup = Memory.text("Priya: I love tomato soup").user("alice");
        float[] v1 = a.embeddingOf(berlin);
        float[] v2 = a.embeddingOf(soup);
        for (AgentMemory m : List.of(a, b)) {
            assertEquals("m1", m.rememberAs(berlin, "m1", v1, NOW, applied(1)));
            assertEquals("m2", m.rememberAs(soup, "m2", v2, NOW.plusSeconds(1), applied(2)));
            // the same again is a near-duplicate: merged into m1 on both, the given id unused
            assertEquals("m1", m.rememberAs(berlin.importance(0.9), "m3", v1, NOW.plusSeconds(2), applied(3)));
        }
        float[] munich = TestEmbedder.MINILM.embed("Alice moved to Munich in 2024");
        for (AgentMemory m : List.of(a, b)) {
            assertEquals("m4", m.supersedeAs("m1", Memory.text("Alice moved to Munich in 2024"), "m4", munich, NOW.plusSeconds(3), applied(4)));
        }
        List<List<Object>> stored = contents(dbB);
        assertEquals(contents(dbA), stored);
        assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L), List.of(4L)), stored.subList(stored.size() - 4, stored.size())); // no messages
        assertEquals(2, b.get("m1").orElseThrow().seen());
        assertEquals("m4", b.get("m1").orElseThrow().supersededBy());
        assertEquals(NOW.plusSeconds(3), b.get("m4").orElseThrow().at());
    }

    @Test
    void messagesAppendedWithTheClockGiven_areTheSameOnBoth_andTheCallersWorkCommitsWithThem() throws SQLException {
        List<Message> said = List.of(Message.user("Where should I eat?"), new Message("assistant", "Try the soup place", NOW.minusSeconds(60),
                java.util.Map.of("model", "m1")));
        for (AgentMemory m : List.of(a, b)) {
            m.messages("s-1").append(said, NOW, tx -> tx.update("INSERT INTO applied VALUES (7)"));
        }
        assertEquals(contents(dbA), contents(dbB));
        assertEquals(List.of(NOW, NOW.minusSeconds(60)), b.messages("s-1").all().stream().map(Message::at).toList());
        assertThrows(SQLException.class, () -> b.messages("s-1").append(List.of(Message.user("lost")), NOW, tx -> {
            throw new SQLException("refused");
        }));
        assertEquals(2, b.messages("s-1").size());
        assertEquals(1L, dbB.query(Route.OLTP, "SELECT count(*) FROM applied").rows().get(0).getLong(0));
    }

    @Test
    void aFailingSideWrite_orAWrongEmbedding_storesNothing() throws SQLException {
        Memory m = Memory.text("Bob plays the violin").user("bob");
        float[] v = a.embeddingOf(m);
        SideWrite failing = new SideWrite(Set.of("applied"), c -> {
            throw new SQLException("side write refused");
        });
        assertThrows(SQLException.class, () -> b.rememberAs(m, "x1", v, NOW, failing));
        assertThrows(IllegalArgumentException.class, () -> b.rememberAs(m, "x2", new float[] {1, 2}, NOW, SideWrite.NONE));
        assertEquals(0, b.size());
        assertEquals(0L, dbB.query("SELECT count(*) FROM lumos_memories").rows().get(0).getLong(0));
    }
}
