package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions remembered in one call, recalled by speaker, by the time a question names, and told apart from nothing. */
class RememberSessionTest {
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

    private static Transcript session(String id, Instant start, String... speakerAndText) {
        List<Message> ms = new ArrayList<>();
        for (int i = 0; i < speakerAndText.length; i += 2) {
            ms.add(new Message(speakerAndText[i], speakerAndText[i + 1], start.plus(Duration.ofMinutes(i)), Map.of()));
        }
        return Transcript.of(id, ms).user("pair-1");
    }

    private void threeSessions() throws SQLException {
        memory.rememberSession(session("s1", Instant.parse("2023-05-08T10:00:00Z"),
                "Priya", "Hey Tomasz! How have you been?",
                "Tomasz", "Pretty good, thanks! Busy as always",
                "Priya", "I painted a sunset over the lake yesterday, really happy with it",
                "Tomasz", "Wow, that's amazing!",
                "Tomasz", "Did you end up getting a cat? You talked about it for ages",
                "Priya", "I did! We named him Luna, he's a little rascal"));
        memory.rememberSession(session("s2", Instant.parse("2023-07-12T10:00:00Z"),
                "Priya", "I painted a portrait of my grandmother last weekend, really happy with it",
                "Tomasz", "Good for you!",
                "Tomasz", "We adopted a dog last week and named him Biscuit"));
        memory.rememberSession(session("s3", Instant.parse("2023-09-20T10:00:00Z"),
                "Priya", "I painted the old lighthouse on Saturday, really happy with it",
                "Tomasz", "The weather has been miserable, rain all week"));
    }

    @Test
    void idsMapBackToTheMessages_andTheRecalledMemoryHoldsTheExchange() throws SQLException {
        TranscriptMemories m = memory.rememberSession(session("s1", Instant.parse("2023-05-08T10:00:00Z"),
                "Tomasz", "Did you end up getting a cat? You talked about it for ages",
                "Priya", "I did! We named him Luna, he's a little rascal",
                "Tomasz", "Haha, love it",
                "Priya", "My brother Tom is staying with us next week"));
        assertEquals(4, m.ids().size());
        assertEquals(2, m.memoryIds().size(), "the question, its answer and the reaction are one exchange");
        assertEquals(List.of(0, 1, 2), m.messagesOf(m.memoryOf(1)));
        Recalled exchange = memory.get(m.memoryOf(0)).orElseThrow();
        assertEquals("Priya", exchange.metadata().get("speaker"));
        assertEquals(MemoryKind.EVENT, exchange.kind());
        assertEquals(Instant.parse("2023-05-08T10:02:00Z"), exchange.at(), "the time of the answer");
        assertTrue(exchange.text().startsWith("Tomasz: Did you end up getting a cat?"), exchange.text());
        List<Recalled> r = memory.recall(Recall.query("What is the name of Priya's cat?").user("pair-1").k(2));
        assertEquals(m.memoryOf(1), r.get(0).id());
        assertEquals(1.0, r.get(0).parts().names(), "Priya said it");
        assertEquals(List.of(), memory.recall(Recall.query("What is the name of Priya's cat?").user("pair-2")));
    }

    @Test
    void theTimeAQuestionNames_picksOneOfAlikeEvents() throws SQLException {
        threeSessions();
        Instant asked = Instant.parse("2023-10-01T00:00:00Z");
        for (String[] q : new String[][] {{"What did Priya paint in May 2023?", "sunset"}, {"What did Priya paint last July?", "grandmother"},
                {"What did Priya paint in September?", "lighthouse"}}) {
            Recalled best = memory.recall(Recall.query(q[0]).user("pair-1").asOf(asked).k(3)).get(0);
            assertTrue(best.text().contains(q[1]), q[0] + " -> " + best.text());
            assertEquals(1.0, best.parts().time());
        }
        Recalled withoutTime = memory.recall(Recall.query("What did Priya paint in May 2023?").user("pair-1").asOf(asked)
                .weights(RecallWeights.defaults().time(0))).get(0);
        assertEquals(0.0, withoutTime.parts().time(), "a time weight of 0 turns the time part off");
    }

    @Test
    void whoSaidIt_andNothingRelevantHasALowerConfidence() throws SQLException {
        threeSessions();
        List<Recalled> dog = memory.recall(Recall.query("What is the name of Tomasz's dog?").user("pair-1").k(3));
        assertTrue(dog.get(0).text().contains("Biscuit"), dog.toString());
        double answered = dog.get(0).confidence();
        double nothing = memory.recall(Recall.query("Which bank did Tomasz take out a mortgage with?").user("pair-1")).get(0).confidence();
        assertTrue(answered > nothing, answered + " vs " + nothing);
        assertTrue(answered > 0 && answered < 1 && nothing > 0 && nothing < 1);
    }

    @Test
    void badTranscripts_areRefused_andNothingIsStored() {
        assertThrows(IllegalArgumentException.class, () -> Transcript.of("s", List.of()));
        assertThrows(IllegalArgumentException.class, () -> Transcript.of(" ", List.of(Message.user("hi"))));
        assertThrows(IllegalArgumentException.class, () -> Transcript.of("s", List.of(Message.user("  "))));
        assertEquals(0, memory.size());
    }
}
