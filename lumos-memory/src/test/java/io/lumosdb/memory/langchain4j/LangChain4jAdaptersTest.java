package io.lumosdb.memory.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Embedder;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LangChain4jAdaptersTest {
    static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();

    @TempDir
    Path dir;

    private static TextSegment segment(String text, Map<String, Object> meta) {
        return TextSegment.from(text, Metadata.from(meta));
    }

    @Test
    void embeddingStoreAsARetrieverUses() throws SQLException {
        try (LumosDB db = LumosDB.open(dir)) {
            LumosEmbeddingStore store = LumosEmbeddingStore.open(db, "docs", MODEL.dimension());
            List<TextSegment> segments = List.of(
                    segment("Kubernetes scales pods horizontally with the autoscaler", Map.of("lang", "en", "year", 2024)),
                    segment("Der Autoscaler skaliert Pods horizontal", Map.of("lang", "de", "year", 2024)),
                    segment("Bananas are rich in potassium", Map.of("lang", "en", "year", 2019)),
                    segment("How to bake sourdough bread at home", Map.of("lang", "en")));
            List<String> ids = store.addAll(MODEL.embedAll(segments).content(), segments);
            assertEquals(4, ids.size());

            EmbeddingStoreContentRetriever retriever = EmbeddingStoreContentRetriever.builder().embeddingStore(store)
                    .embeddingModel(MODEL).maxResults(2).minScore(0.5).filter(metadataKey("lang").isEqualTo("en")).build();
            List<Content> found = retriever.retrieve(Query.from("how do I autoscale my cluster?"));
            assertEquals("Kubernetes scales pods horizontally with the autoscaler", found.get(0).textSegment().text());
            assertEquals(2024L, found.get(0).textSegment().metadata().getLong("year"));
            assertTrue(found.stream().allMatch(c -> "en".equals(c.textSegment().metadata().getString("lang"))));

            Filter recentEnglish = metadataKey("lang").isEqualTo("en").and(metadataKey("year").isGreaterThanOrEqualTo(2020));
            List<EmbeddingMatch<TextSegment>> matches = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(MODEL.embed("anything").content()).maxResults(10).filter(recentEnglish).build()).matches();
            assertEquals(List.of(ids.get(0)), matches.stream().map(EmbeddingMatch::embeddingId).toList());
            assertEquals(MODEL.dimension(), matches.get(0).embedding().vector().length);
            assertTrue(matches.get(0).score() > 0 && matches.get(0).score() <= 1, "relevance score in 0..1");

            // LangChain4j's meaning of negation: a missing key is "not equal"
            Filter notOld = metadataKey("year").isNotEqualTo(2019);
            Set<String> notOldIds = store.search(EmbeddingSearchRequest.builder().queryEmbedding(MODEL.embed("x").content())
                    .maxResults(10).filter(notOld).build()).matches().stream().map(EmbeddingMatch::embeddingId).collect(Collectors.toSet());
            assertEquals(Set.of(ids.get(0), ids.get(1), ids.get(3)), notOldIds);

            store.removeAll(metadataKey("lang").isEqualTo("de"));
            store.remove(ids.get(2));
            assertEquals(2, store.collection().size());
            // any key is the segment's own: "text" is metadata like any other, and filters read it, not the segment text
            String clash = store.add(MODEL.embed("x").content(), segment("the segment's words", Map.of("text", "clash")));
            EmbeddingMatch<TextSegment> m = store.search(EmbeddingSearchRequest.builder().queryEmbedding(MODEL.embed("x").content())
                    .maxResults(1).filter(metadataKey("text").isEqualTo("clash")).build()).matches().get(0);
            assertEquals(clash, m.embeddingId());
            assertEquals("the segment's words", m.embedded().text());
            assertEquals("clash", m.embedded().metadata().getString("text"));
            assertEquals(List.of(), store.search(EmbeddingSearchRequest.builder().queryEmbedding(MODEL.embed("x").content())
                    .maxResults(5).filter(metadataKey("text").containsString("words")).build()).matches());
            store.remove(clash);
            store.removeAll();
            assertEquals(0, store.collection().size());
        }
    }

    @Test
    void embeddingStoreSurvivesReopen() throws SQLException {
        String id;
        try (LumosDB db = LumosDB.open(dir)) {
            LumosEmbeddingStore store = LumosEmbeddingStore.open(db, "notes", MODEL.dimension());
            id = store.add(MODEL.embed("the spare key is under the flower pot").content(), TextSegment.from("the spare key is under the flower pot"));
        }
        try (LumosDB db = LumosDB.open(dir)) {
            LumosEmbeddingStore store = LumosEmbeddingStore.open(db, "notes", MODEL.dimension());
            EmbeddingMatch<TextSegment> m = store.search(EmbeddingSearchRequest.builder()
                    .queryEmbedding(MODEL.embed("where is the key?").content()).maxResults(1).build()).matches().get(0);
            assertEquals(id, m.embeddingId());
            assertEquals("the spare key is under the flower pot", m.embedded().text());
            assertThrows(IllegalArgumentException.class, () -> LumosEmbeddingStore.open(db, "notes", 8));
        }
    }

    @Test
    void metadataComesBackAsTheTypeItWentInWith_acrossAReopen() throws SQLException {
        java.util.UUID uuid = java.util.UUID.randomUUID();
        Metadata meta = new Metadata().put("uuid", uuid).put("f", 1.23456789f).put("d", 0.1d).put("l", 3L).put("i", 3)
                .put("lc4j_text", "a key with the store's prefix").put("s", "x");
        String id;
        try (LumosDB db = LumosDB.open(dir)) {
            LumosEmbeddingStore store = LumosEmbeddingStore.open(db, "typed", MODEL.dimension());
            id = store.add(MODEL.embed("typed").content(), TextSegment.from("typed", meta));
            assertEquals(meta.toMap(), store.search(EmbeddingSearchRequest.builder().queryEmbedding(MODEL.embed("typed").content())
                    .maxResults(1).build()).matches().get(0).embedded().metadata().toMap());
        }
        try (LumosDB db = LumosDB.open(dir)) {
            LumosEmbeddingStore store = LumosEmbeddingStore.open(db, "typed", MODEL.dimension());
            EmbeddingSearchRequest.EmbeddingSearchRequestBuilder q = EmbeddingSearchRequest.builder()
                    .queryEmbedding(MODEL.embed("typed").content()).maxResults(1);
            Metadata back = store.search(q.build()).matches().get(0).embedded().metadata();
            assertEquals(meta.toMap(), back.toMap(), "UUID, Float and Long keep their types");
            assertEquals(Float.class, back.toMap().get("f").getClass());
            assertEquals(java.util.UUID.class, back.toMap().get("uuid").getClass());
            for (Filter f : List.of(metadataKey("uuid").isEqualTo(uuid), metadataKey("f").isEqualTo(1.23456789f),
                    metadataKey("f").isGreaterThan(1.2345f), metadataKey("l").isIn(List.of(3L, 4L)),
                    metadataKey("lc4j_text").containsString("prefix"))) {
                assertEquals(id, store.search(q.filter(f).build()).matches().get(0).embeddingId(), f.toString());
            }
            assertEquals(List.of(), store.search(q.filter(metadataKey("uuid").isEqualTo(java.util.UUID.randomUUID())).build()).matches());
        }
    }

    @Test
    void hybridStore_usesTheQueryText_exactStoreFindsTheTrueNearest() throws SQLException {
        try (LumosDB db = LumosDB.open(dir)) {
            List<TextSegment> segments = List.of(TextSegment.from("Invoice INV-20417 was paid late"),
                    TextSegment.from("Payments that arrive after the due date incur a fee"),
                    TextSegment.from("Our office is closed on public holidays"));
            LumosEmbeddingStore vector = LumosEmbeddingStore.open(db, "hybrid", MODEL.dimension());
            vector.addAll(MODEL.embedAll(segments).content(), segments);
            LumosEmbeddingStore hybrid = LumosEmbeddingStore.builder(db, "hybrid", MODEL.dimension())
                    .searchMode(LumosEmbeddingStore.SearchMode.HYBRID).hybridWeights(1, 2).build();
            EmbeddingSearchRequest asked = EmbeddingSearchRequest.builder().queryEmbedding(MODEL.embed("late payment fees").content())
                    .query("INV-20417").maxResults(3).build();
            assertEquals("Invoice INV-20417 was paid late", hybrid.search(asked).matches().get(0).embedded().text(),
                    "the keyword match of the query text comes first");
            EmbeddingMatch<TextSegment> byVector = vector.search(asked).matches().get(0);
            assertEquals("Payments that arrive after the due date incur a fee", byVector.embedded().text(), "vector mode ignores query()");
            double relevance = hybrid.search(asked).matches().stream().filter(m -> m.embeddingId().equals(byVector.embeddingId()))
                    .findFirst().orElseThrow().score();
            assertEquals(byVector.score(), relevance, 1e-6, "hybrid matches carry their vector relevance");
            LumosEmbeddingStore exact = LumosEmbeddingStore.builder(db, "hybrid", MODEL.dimension()).exactSearch(true).ef(5).build();
            assertEquals(vector.search(asked).matches(), exact.search(asked).matches());
            assertThrows(IllegalStateException.class, () -> LumosEmbeddingStore.builder(db, "hybrid", 384).ef(5).ef(6));
        }
    }

    @Test
    void chatMemoryStoreOnTheDatabase_needsNoEmbedder() throws SQLException {
        try (LumosDB db = LumosDB.open(dir)) {
            LumosChatMemoryStore store = new LumosChatMemoryStore(db);
            List<ChatMessage> chat = List.of(UserMessage.from("hi"), AiMessage.from("hello"));
            store.updateMessages(42, chat);
            assertEquals(chat, store.getMessages(42));
            assertEquals(chat, new LumosChatMemoryStore(db).getMessages("42"), "memory ids are sessions by their text");
            store.deleteMessages(42);
            assertEquals(List.of(), store.getMessages(42));
        }
    }

    @Test
    void chatMemoryStoreRoundTripsEveryMessageKind() throws SQLException {
        try (LumosDB db = LumosDB.open(dir);
                AgentMemory memory = AgentMemory.builder(db).embedder(Embedder.of(MODEL, "all-minilm-l6-v2")).open()) {
            LumosChatMemoryStore store = new LumosChatMemoryStore(memory);
            ToolExecutionRequest call = ToolExecutionRequest.builder().id("call-1").name("weather").arguments("{\"city\":\"Oslo\"}").build();
            List<ChatMessage> chat = List.of(SystemMessage.from("You are terse"), UserMessage.from("Weather in Oslo?"),
                    AiMessage.from(List.of(call)), ToolExecutionResultMessage.from(call, "-3 C, snow"), AiMessage.from("Snowy, -3 C."));
            store.updateMessages("s-1", chat);
            assertEquals(chat, store.getMessages("s-1"));
            assertEquals(List.of(), store.getMessages("s-2"));
            store.updateMessages("s-1", chat.subList(3, 5)); // a window that dropped the oldest
            assertEquals(chat.subList(3, 5), store.getMessages("s-1"));
            assertEquals("tool_execution_result", db.query(Route.OLTP,
                    "SELECT role FROM lumos_messages WHERE session_id = 's-1' ORDER BY seq LIMIT 1").rows().get(0).getString(0));
            store.deleteMessages("s-1");
            assertEquals(List.of(), store.getMessages("s-1"));
        }
    }
}
