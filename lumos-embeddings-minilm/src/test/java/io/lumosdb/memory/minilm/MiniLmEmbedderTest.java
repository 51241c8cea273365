package io.lumosdb.memory.minilm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Embedder;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Recall;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniLmEmbedderTest {
    @TempDir
    Path dir;

    @Test
    void isTheDefaultEmbedderOnTheClassPath() throws SQLException {
        Embedder e = Embedder.byDefault();
        assertInstanceOf(MiniLmEmbedder.class, e);
        assertEquals(384, e.dimensions());
        try (LumosDB db = LumosDB.open(dir); AgentMemory memory = AgentMemory.open(db)) {
            assertEquals(MiniLmEmbedder.MODEL_ID, memory.embedder().modelId());
            memory.remember(Memory.text("The car is parked on level 3, bay 12").user("u"));
            assertEquals("The car is parked on level 3, bay 12", memory.recall(Recall.query("where did I park?").user("u")).get(0).text());
        }
    }

    @Test
    void batchesMatchSingleEmbeddingsAndAreUnitLength() {
        Embedder e = Embedder.byDefault();
        List<String> texts = List.of("first text", "a second, longer text about databases", "third");
        List<float[]> batch = e.embedAll(texts);
        for (int i = 0; i < texts.size(); i++) {
            float[] one = e.embed(texts.get(i));
            double norm = 0;
            for (int d = 0; d < one.length; d++) {
                assertEquals(one[d], batch.get(i)[d], 1e-4, "dimension " + d + " of text " + i);
                norm += one[d] * one[d];
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-3);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("lumos-embed-")).allMatch(Thread::isDaemon));
    }

    /** The README's agent memory snippet, as written there (only the directory differs). */
    @Test
    void readmeAgentMemorySnippet() throws SQLException {
        try (LumosDB db = LumosDB.open(dir.resolve("agent-data")); AgentMemory memory = AgentMemory.open(db)) { // offline embeddings
            memory.remember(Memory.text("Alice moved to Berlin in May 2023").user("alice").importance(0.8));
            List<io.lumosdb.memory.Recalled> r = memory.recall(Recall.query("Where does Alice live?").user("alice").k(5)); // dense + BM25 + recency
            assertEquals("Alice moved to Berlin in May 2023", r.get(0).text());
            assertEquals(1, memory.forgetWhere("user = 'alice'"));                                // text, vector, index entry, cached embedding
            assertEquals(0, memory.size());
        }
    }
}
