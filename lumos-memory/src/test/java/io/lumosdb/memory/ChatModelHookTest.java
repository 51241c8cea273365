package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional chat model: facts extracted mem0-style (add, update, delete) and questions rewritten, with a scripted model. */
class ChatModelHookTest {
    @TempDir
    Path dir;

    /** A chat model that answers from a script, in order, and keeps the prompts it was sent. */
    static final class ScriptedModel implements ChatModel {
        final Deque<Function<String, String>> script = new ArrayDeque<>();
        final List<String> prompts = new ArrayList<>();

        ScriptedModel then(Function<String, String> answer) {
            script.add(answer);
            return this;
        }

        @Override
        public ChatResponse doChat(ChatRequest request) {
            String prompt = ((UserMessage) request.messages().get(request.messages().size() - 1)).singleText();
            prompts.add(prompt);
            if (script.isEmpty()) {
                throw new IllegalStateException("the script has no answer for: " + prompt);
            }
            return ChatResponse.builder().aiMessage(AiMessage.from(script.poll().apply(prompt))).build();
        }
    }

    private static Transcript session(String id, String... speakerAndText) {
        List<Message> ms = new ArrayList<>();
        for (int i = 0; i < speakerAndText.length; i += 2) {
            ms.add(new Message(speakerAndText[i], speakerAndText[i + 1], Instant.parse("2023-05-08T10:00:00Z").plusSeconds(60L * i), Map.of()));
        }
        return Transcript.of(id, ms).user("alice");
    }

    private static List<Recalled> facts(AgentMemory memory) throws SQLException {
        return memory.recall(Recall.query("Where does Alice live?").user("alice").kinds(MemoryKind.FACT).includeSuperseded());
    }

    @Test
    void factsAreAdded_thenUpdated_thenDeleted_asTheModelDecides() throws SQLException {
        ScriptedModel model = new ScriptedModel()
                .then(p -> "{\"facts\": [\"Alice lives in Berlin\", \"Alice has a cat called Luna\"]}")
                .then(p -> "{\"memory\": [{\"event\": \"ADD\", \"text\": \"Alice lives in Berlin\"},"
                        + " {\"event\": \"ADD\", \"text\": \"Alice has a cat called Luna\"}]}")
                .then(p -> "Sure! {\"facts\": [\"Alice moved to Munich\", \"Alice no longer has a cat\"]}")
                .then(p -> {
                    // the old facts are shown by number: find them in the prompt
                    String berlin = number(p, "Alice lives in Berlin");
                    String cat = number(p, "Alice has a cat called Luna");
                    return "{\"memory\": [{\"event\": \"UPDATE\", \"id\": " + berlin + ", \"text\": \"Alice lives in Munich\"},"
                            + " {\"event\": \"DELETE\", \"id\": " + cat + "}, {\"event\": \"DELETE\", \"id\": 99}]}";
                });
        try (LumosDB db = LumosDB.open(dir); AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM)
                .chatModel(model).rewriteQuestions(false).open()) { // facts only: every prompt is one of the script's
            TranscriptMemories first = memory.rememberSession(session("s1", "alice", "I live in Berlin with my cat Luna"));
            assertEquals(1, first.memoryIds().size());
            assertTrue(model.prompts.get(0).contains("alice: I live in Berlin with my cat Luna"), model.prompts.get(0));
            assertEquals(2, facts(memory).size());

            memory.rememberSession(session("s2", "alice", "We moved to Munich, and sadly Luna ran away"));
            List<Recalled> now = facts(memory);
            Recalled munich = now.stream().filter(f -> f.text().equals("Alice lives in Munich")).findFirst().orElseThrow();
            assertTrue(munich.current());
            assertEquals("s2", munich.metadata().get("extracted_from"));
            List<Recalled> history = memory.history(munich.id());
            assertEquals(List.of("Alice lives in Berlin", "Alice lives in Munich"), history.stream().map(Recalled::text).toList());
            assertTrue(now.stream().noneMatch(f -> f.text().contains("cat")), "deleted: " + now);
            assertEquals(4, model.prompts.size());
        }
    }

    private static String number(String prompt, String fact) {
        for (String line : prompt.split("\n")) {
            if (line.endsWith(": " + fact)) {
                return line.substring(0, line.indexOf(':'));
            }
        }
        throw new AssertionError(fact + " was not shown to the model: " + prompt);
    }

    @Test
    void factExtraction_doesNotRewriteItsOwnRecalls() throws SQLException {
        ScriptedModel model = new ScriptedModel()
                .then(p -> "{\"facts\": [\"Alice lives in Berlin\"]}")
                .then(p -> "{\"memory\": [{\"event\": \"ADD\", \"text\": \"Alice lives in Berlin\"}]}")
                .then(p -> "{\"facts\": [\"Alice moved to Munich\"]}")
                .then(p -> "{\"memory\": [{\"event\": \"NONE\"}]}");
        try (LumosDB db = LumosDB.open(dir); AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM)
                .chatModel(model).open()) { // rewriting on: recall asks the model, extraction's own recalls do not
            memory.rememberSession(session("s1", "alice", "I live in Berlin"));
            memory.rememberSession(session("s2", "alice", "We moved to Munich"));
            assertEquals(4, model.prompts.size(), "two prompts per session, none for the recalls inside: " + model.prompts);
            assertTrue(model.prompts.stream().noneMatch(p -> p.startsWith(QuestionRewriter.PROMPT)));
        }
    }

    @Test
    void aFailingModel_leavesTheSessionRemembered_andTheQuestionAsAsked() throws SQLException {
        ScriptedModel broken = new ScriptedModel().then(p -> "I cannot do JSON today"); // then: throws for every prompt
        try (LumosDB db = LumosDB.open(dir); AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM)
                .chatModel(broken).open()) {
            TranscriptMemories m = memory.rememberSession(session("s1", "alice", "I live in Berlin with my cat Luna"));
            assertTrue(memory.get(m.memoryOf(0)).isPresent());
            List<Recalled> r = memory.recall(Recall.query("Where does Alice live?").user("alice"));
            assertEquals(m.memoryOf(0), r.get(0).id());
            assertTrue(broken.prompts.get(1).contains("Where does Alice live?"), "the rewrite was asked for: " + broken.prompts);
        }
    }

    @Test
    void theRewrittenQuestion_isWhatIsRecalled() throws SQLException {
        ScriptedModel model = new ScriptedModel().then(p -> "{\"facts\": []}").then(p -> "Alice pet cat name Luna");
        try (LumosDB db = LumosDB.open(dir); AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM)
                .chatModel(model).open()) {
            memory.rememberSession(session("s1", "alice", "Mochi and Luna both sleep on my bed, the fur is everywhere",
                    "alice", "I started a new job at the hospital in town"));
            List<Recalled> r = memory.recall(Recall.query("Who sleeps on her bed?").user("alice").k(2));
            assertTrue(model.prompts.get(1).startsWith(QuestionRewriter.PROMPT), model.prompts.get(1));
            assertTrue(r.get(0).parts().keyword() > 0, "the rewrite's words were searched: " + r.get(0));
        }
    }

    @Test
    void withoutAModel_nothingIsExtracted() throws SQLException {
        try (LumosDB db = LumosDB.open(dir); AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).open()) {
            memory.rememberSession(session("s1", "alice", "I live in Berlin with my cat Luna"));
            assertEquals(1, memory.size());
            assertFalse(memory.recall(Recall.query("Where does Alice live?").user("alice")).isEmpty());
        }
    }
}
