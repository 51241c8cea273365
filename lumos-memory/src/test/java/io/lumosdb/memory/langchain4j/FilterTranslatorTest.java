package io.lumosdb.memory.langchain4j;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.logical.Not;
import io.lumosdb.LumosDB;
import io.lumosdb.vector.MetadataFilter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LangChain4j filters on a real store: any key or value is quoted, any depth is refused cleanly. */
class FilterTranslatorTest {
    private static final String[] VALUES = {"it's", "c:\\dir\\", "\\'", "50%_off", "é✓𝄞", "x' OR '1' = '1", "''", ") OR (", "a\"b"};

    @TempDir
    Path dir;
    LumosDB db;
    LumosEmbeddingStore store;
    final Map<String, String> idOfValue = new HashMap<>();

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.open(dir);
        store = LumosEmbeddingStore.open(db, "docs", 3);
        for (int i = 0; i < VALUES.length; i++) {
            Map<String, Object> meta = Map.of("k", VALUES[i], "n", i, "a.b", "dotted", "we\"ird key", i, "AND", VALUES[i]);
            idOfValue.put(VALUES[i], store.add(Embedding.from(new float[] {1, i, 0}), TextSegment.from("doc " + i, Metadata.from(meta))));
        }
        idOfValue.put("none", store.add(Embedding.from(new float[] {0, 0, 1}), TextSegment.from("no metadata")));
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private Set<String> found(Filter f) {
        return store.search(EmbeddingSearchRequest.builder().queryEmbedding(Embedding.from(new float[] {1, 1, 1})).maxResults(50)
                .filter(f).build()).matches().stream().map(EmbeddingMatch::embeddingId).collect(Collectors.toSet());
    }

    @Test
    void valuesWithQuotesBackslashesWildcardsAndUnicode_areConstants() {
        for (String v : VALUES) {
            String id = idOfValue.get(v);
            assertEquals(Set.of(id), found(metadataKey("k").isEqualTo(v)), v);
            assertEquals(Set.of(id), found(metadataKey("AND").isIn(List.of(v, "nothing"))), v);
            assertEquals(VALUES.length, found(metadataKey("k").isNotEqualTo(v)).size(), v + ": every other, and the one without k");
            assertTrue(found(metadataKey("k").containsString(v)).contains(id), v);
        }
        // LIKE's wildcards and its escape character in containsString stand for themselves, as in LangChain4j
        assertEquals(Set.of(idOfValue.get("50%_off")), found(metadataKey("k").containsString("0%_o")));
        assertEquals(Set.of(), found(metadataKey("k").containsString("5_%")));
        assertEquals(Set.of(idOfValue.get("c:\\dir\\")), found(metadataKey("k").containsString(":\\d")));
        assertEquals(Set.of(idOfValue.get("\\'")), found(metadataKey("k").containsString("\\'")));
    }

    @Test
    void keysWithDotsQuotesAndKeywordNames_areFields() {
        assertEquals(VALUES.length, found(metadataKey("a.b").isEqualTo("dotted")).size());
        assertEquals(Set.of(idOfValue.get(VALUES[2])), found(metadataKey("we\"ird key").isEqualTo(2)));
        assertEquals(Set.of(idOfValue.get(VALUES[3])), found(metadataKey("n").isGreaterThan(2).and(metadataKey("n").isLessThan(4))));
    }

    @Test
    void negation_keepsLangChain4jsMeaningForMissingKeys() {
        Filter isFirst = metadataKey("k").isEqualTo(VALUES[0]);
        Set<String> notFirst = found(new Not(isFirst));
        assertTrue(notFirst.contains(idOfValue.get("none")), "a missing key is not equal: NOT selects it");
        assertEquals(VALUES.length, notFirst.size());
        assertEquals(Set.of(idOfValue.get(VALUES[0])), found(new Not(new Not(isFirst))));
    }

    @Test
    void longChains_areOneList_andOverTheLimitAreRefusedNamingIt() {
        List<Object> many = new ArrayList<>();
        Filter some = metadataKey("n").isEqualTo(-1);
        for (int i = 0; i < 600; i++) {
            some = some.or(metadataKey("n").isEqualTo(i));
        }
        assertEquals(VALUES.length, found(some).size(), "600 conditions in a row are fine");
        Filter tooMany = metadataKey("n").isEqualTo(-1);
        for (int i = 0; i < 10_000; i++) {
            tooMany = tooMany.or(metadataKey("n").isEqualTo(i));
            many.add(i);
        }
        Filter hostile = tooMany;
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(IllegalArgumentException.class, () -> found(hostile)));
        assertTrue(e.getMessage().contains(MetadataFilter.MAX_OPERATORS_PROPERTY), e.getMessage());
        assertEquals(VALUES.length, found(metadataKey("n").isIn(many)).size(), "an IN list of 10,000 values is one condition");
        Filter deep = metadataKey("n").isEqualTo(1);
        for (int i = 0; i < 10_000; i++) {
            deep = new Not(deep);
        }
        Filter nested = deep;
        e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IllegalArgumentException.class, () -> found(nested)));
        assertTrue(e.getMessage().contains("deeper than " + MetadataFilter.MAX_DEPTH_CAP), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.removeAll(nested));
        assertEquals(VALUES.length + 1, store.collection().size(), "nothing removed by a refused filter");
    }
}
