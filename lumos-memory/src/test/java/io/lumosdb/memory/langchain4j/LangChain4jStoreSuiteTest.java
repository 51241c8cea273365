package io.lumosdb.memory.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.EmbeddingStoreWithFilteringIT;
import dev.langchain4j.store.embedding.EmbeddingStoreWithRemovalIT;
import io.lumosdb.LumosDB;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's own store test suites (from langchain4j-core's test jar, the ones its in-memory store and every
 * store module pass) run against {@link LumosEmbeddingStore}: adding, scores, min score, every metadata type,
 * every filter (with LangChain4j's meaning of missing keys and of {@code containsString}), removal. Each suite
 * runs against the default store and against one searching exactly.
 */
class LangChain4jStoreSuiteTest {
    static final EmbeddingModel MODEL = new AllMiniLmL6V2EmbeddingModel();

    @TempDir
    static Path dir;
    static LumosDB db;

    @BeforeAll
    static void open() throws SQLException {
        db = LumosDB.open(dir);
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    static LumosEmbeddingStore store(String name, boolean exact) {
        try {
            LumosEmbeddingStore s = LumosEmbeddingStore.builder(db, name, MODEL.dimension()).exactSearch(exact).build();
            s.removeAll();
            assertThat(s.collection().size()).isZero();
            return s;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Filtering extends EmbeddingStoreWithFilteringIT {
        LumosEmbeddingStore store = store("lc4j_filtering", false);

        @Override
        protected EmbeddingStore<TextSegment> embeddingStore() {
            return store;
        }

        @Override
        protected EmbeddingModel embeddingModel() {
            return MODEL;
        }

        @Override
        protected void clearStore() {
            store.removeAll();
        }

        @Override
        protected boolean supportsContains() {
            return true;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FilteringExact extends EmbeddingStoreWithFilteringIT {
        LumosEmbeddingStore store = store("lc4j_filtering_exact", true);

        @Override
        protected EmbeddingStore<TextSegment> embeddingStore() {
            return store;
        }

        @Override
        protected EmbeddingModel embeddingModel() {
            return MODEL;
        }

        @Override
        protected void clearStore() {
            store.removeAll();
        }

        @Override
        protected boolean supportsContains() {
            return true;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Removal extends EmbeddingStoreWithRemovalIT {
        LumosEmbeddingStore store = store("lc4j_removal", false);

        @BeforeEach
        void empty() {
            store.removeAll();
        }

        @Override
        protected EmbeddingStore<TextSegment> embeddingStore() {
            return store;
        }

        @Override
        protected EmbeddingModel embeddingModel() {
            return MODEL;
        }
    }
}
