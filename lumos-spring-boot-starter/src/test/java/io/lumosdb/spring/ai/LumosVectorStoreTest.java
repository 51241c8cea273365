package io.lumosdb.spring.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.spring.MiniLmEmbeddingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.SimpleVectorStore;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The VectorStore as a Spring AI application uses it: a Spring Boot application with an embedding model gets the
 * store injected, adds documents, searches with filter expressions (text and built), deletes by id and by filter,
 * and finds its documents again after a restart. Filtered results are checked against Spring AI's own
 * SimpleVectorStore holding the same documents and embeddings.
 */
class LumosVectorStoreTest {
    @TempDir
    static Path dir;
    static EmbeddingModel model;
    static ConfigurableApplicationContext app;
    static VectorStore store;
    static SimpleVectorStore reference;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        EmbeddingModel embeddingModel() {
            return model;
        }
    }

    static final List<Document> DOCS = List.of(
            new Document("carbonara", "Pasta carbonara is made with eggs, pecorino cheese and guanciale.",
                    Map.of("topic", "food", "year", 2020, "lang", "en")),
            new Document("sushi", "Sushi is vinegared rice served with raw fish.", Map.of("topic", "food", "year", 2018, "lang", "en")),
            new Document("final", "The football club won the league final after a penalty shootout.",
                    Map.of("topic", "sport", "year", 2021, "lang", "en")),
            new Document("derby", "Das Fussballspiel endete unentschieden.", Map.of("topic", "sport", "year", 2019, "lang", "de")),
            new Document("gpu", "A GPU accelerates matrix multiplication for neural networks.",
                    Map.of("topic", "tech", "year", 2023, "lang", "en", "vendor", "acme")),
            new Document("rust", "The Rust borrow checker prevents data races at compile time.",
                    Map.of("topic", "tech", "year", 2022, "lang", "en")));

    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("lumos.directory=" + dir.resolve("db"), "lumos.vectorstore.collection=docs").run();
    }

    @BeforeAll
    static void startApp() {
        model = new MiniLmEmbeddingModel();
        app = start();
        store = app.getBean(VectorStore.class);
        store.add(DOCS);
        reference = SimpleVectorStore.builder(model).build();
        reference.add(DOCS);
    }

    @AfterAll
    static void stopApp() {
        app.close();
    }

    private static List<String> ids(List<Document> docs) {
        return docs.stream().map(Document::getId).toList();
    }

    private static List<Document> search(VectorStore s, String query, int k, String filter) {
        SearchRequest.Builder b = SearchRequest.builder().query(query).topK(k);
        if (filter != null) {
            b.filterExpression(filter);
        }
        return s.similaritySearch(b.build());
    }

    @Test
    void theInjectedStore_isLumos_andFindsTheClosestDocument() {
        assertInstanceOf(LumosVectorStore.class, store);
        List<Document> hits = search(store, "what can I cook with eggs and cheese?", 1, null);
        assertEquals(List.of("carbonara"), ids(hits));
        Document top = hits.get(0);
        assertEquals("Pasta carbonara is made with eggs, pecorino cheese and guanciale.", top.getText());
        assertEquals("food", top.getMetadata().get("topic"));
        assertEquals(1 - top.getScore(), (Double) top.getMetadata().get("distance"), 1e-9);
        assertEquals(ids(search(reference, "what can I cook with eggs and cheese?", 3, null)),
                ids(search(store, "what can I cook with eggs and cheese?", 3, null)), "the same ranking as Spring AI's store");
    }

    @Test
    void textFilters_selectAsSpringAisOwnStoreDoes() {
        for (String filter : List.of("topic == 'sport' && year >= 2020", "lang in ['de']", "lang not in ['en']",
                "topic != 'food' || year < 2019", "NOT (topic == 'tech')", "year > 2018 && year <= 2022 && lang == 'en'")) {
            Set<String> lumos = Set.copyOf(ids(search(store, "anything", 10, filter)));
            Set<String> simple = Set.copyOf(ids(search(reference, "anything", 10, filter)));
            assertEquals(simple, lumos, filter);
            assertTrue(!lumos.isEmpty(), "the filter selects something: " + filter);
        }
        assertEquals(List.of("final"), ids(search(store, "who won the match?", 5, "topic == 'sport' && year >= 2020")));
    }

    @Test
    void builtFilters_includingNullChecks_areTranslated() {
        FilterExpressionBuilder b = new FilterExpressionBuilder();
        Filter.Expression hasVendor = new Filter.Expression(Filter.ExpressionType.ISNOTNULL, new Filter.Key("vendor"));
        assertEquals(List.of("gpu"), ids(store.similaritySearch(SearchRequest.builder().query("hardware").topK(10)
                .filterExpression(hasVendor).build())));
        Filter.Expression food2020 = b.and(b.eq("topic", "food"), b.gte("year", 2020)).build();
        assertEquals(List.of("carbonara"), ids(store.similaritySearch(SearchRequest.builder().query("dinner").topK(10)
                .filterExpression(food2020).build())));
        assertEquals("topic = 'food' AND year >= 2020", FilterExpressionTranslator.translate(food2020).toString()
                .replace("\"", ""));
    }

    @Test
    void aSimilarityThreshold_dropsDistantDocuments() {
        List<Document> close = store.similaritySearch(SearchRequest.builder().query("GPU matrix multiplication for neural networks")
                .topK(6).similarityThreshold(0.6).build());
        assertEquals(List.of("gpu"), ids(close));
    }

    @Test
    void deletes_byIdsAndByFilter_andTheStoreSurvivesARestart() {
        VectorStore s = store;
        s.add(List.of(new Document("tmp1", "a temporary note about gardening", Map.of("topic", "tmp", "year", 1)),
                new Document("tmp2", "another temporary note about tomatoes", Map.of("topic", "tmp", "year", 2)),
                new Document("tmp3", "a third temporary note about roses", Map.of("topic", "tmp", "year", 3))));
        assertEquals(3, search(s, "garden", 10, "topic == 'tmp'").size());
        s.delete(List.of("tmp1"));
        assertEquals(Set.of("tmp2", "tmp3"), Set.copyOf(ids(search(s, "garden", 10, "topic == 'tmp'"))));
        s.delete(new FilterExpressionBuilder().and(new FilterExpressionBuilder().eq("topic", "tmp"),
                new FilterExpressionBuilder().gt("year", 2)).build());
        assertEquals(List.of("tmp2"), ids(search(s, "garden", 10, "topic == 'tmp'")));
        s.delete(List.of("tmp2"));

        app.close();
        app = start(); // the same directory: the documents are still there
        store = app.getBean(VectorStore.class);
        assertEquals(DOCS.stream().map(Document::getId).collect(Collectors.toSet()), Set.copyOf(ids(search(store, "anything", 20, null))));
    }

    @Test
    void theReservedContentKey_andFiltersLumosCannotHold_areRefusedByName() {
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class, () -> store.add(List.of(
                new Document("x", "text", Map.of(LumosVectorStore.CONTENT_KEY, "clash")))));
        assertTrue(reserved.getMessage().contains(LumosVectorStore.CONTENT_KEY), reserved.getMessage());
        Filter.Expression odd = new Filter.Expression(Filter.ExpressionType.EQ, new Filter.Key("at"), new Filter.Value(new Object()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.similaritySearch(SearchRequest.builder().query("x").filterExpression(odd).build()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }
}
