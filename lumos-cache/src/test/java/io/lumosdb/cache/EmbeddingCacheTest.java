package io.lumosdb.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingCacheTest {
    private final List<String> embedded = new ArrayList<>();

    private float[] embed(String text) {
        embedded.add(text);
        return new float[] {text.length(), text.hashCode()};
    }

    private List<float[]> embedAll(List<String> texts) {
        return texts.stream().map(this::embed).toList();
    }

    @Test
    void sameText_isEmbeddedOnce() {
        EmbeddingCache cache = EmbeddingCache.create(1 << 20);
        float[] first = cache.get("m", "hello", this::embed);
        float[] second = cache.get("m", "hello", this::embed);
        assertArrayEquals(first, second);
        assertEquals(List.of("hello"), embedded);
        assertEquals(1, cache.stats().hitCount());
    }

    @Test
    void models_doNotShareVectors() {
        EmbeddingCache cache = EmbeddingCache.create(1 << 20);
        cache.get("m1", "hello", this::embed);
        cache.get("m2", "hello", this::embed);
        assertEquals(2, embedded.size());
    }

    @Test
    void getAll_embedsOnlyTheMisses_inOneBatch_inOrder() {
        EmbeddingCache cache = EmbeddingCache.create(1 << 20);
        cache.get("m", "b", this::embed);
        embedded.clear();
        List<List<String>> batches = new ArrayList<>();
        List<float[]> vectors = cache.getAll("m", List.of("a", "b", "c", "a"), texts -> {
            batches.add(texts);
            return embedAll(texts);
        });
        assertEquals(List.of(List.of("a", "c")), batches);
        assertEquals(4, vectors.size());
        assertArrayEquals(new float[] {1, "a".hashCode()}, vectors.get(0));
        assertArrayEquals(new float[] {1, "b".hashCode()}, vectors.get(1));
        assertArrayEquals(vectors.get(0), vectors.get(3));
    }

    @Test
    void getAll_refusesAWrongSizedAnswer() {
        EmbeddingCache cache = EmbeddingCache.create(1 << 20);
        assertThrows(IllegalStateException.class, () -> cache.getAll("m", List.of("a", "b"), texts -> List.of(new float[1])));
        assertNull(cache.getIfPresent("m", "a"), "nothing cached from a failed batch");
    }

    @Test
    void vectors_areCopiedInAndOut() {
        EmbeddingCache cache = EmbeddingCache.create(1 << 20);
        float[] v = {1, 2};
        cache.put("m", "t", v);
        v[0] = 99;
        cache.getIfPresent("m", "t")[1] = 99;
        assertArrayEquals(new float[] {1, 2}, cache.getIfPresent("m", "t"));
    }

    @Test
    void forget_removesEveryModelsVectorOfTheText() {
        EmbeddingCache cache = EmbeddingCache.create(1 << 20);
        cache.put("m1", "secret", new float[] {1});
        cache.put("m2", "secret", new float[] {2});
        cache.put("m1", "other", new float[] {3});
        cache.forget("secret");
        assertNull(cache.getIfPresent("m1", "secret"));
        assertNull(cache.getIfPresent("m2", "secret"));
        assertNotNull(cache.getIfPresent("m1", "other"));
        cache.forgetModel("m1");
        assertNull(cache.getIfPresent("m1", "other"));
    }

    @Test
    void boundedByBytes() {
        EmbeddingCache cache = EmbeddingCache.create(10_000);
        for (int i = 0; i < 1_000; i++) {
            cache.put("m", "text " + i, new float[64]);
        }
        cache.invalidateAll();
        assertEquals(0, cache.size());
        for (int i = 0; i < 1_000; i++) {
            cache.put("m", "text " + i, new float[64]);
        }
        assertEquals(true, cache.size() < 1_000, "evicted to stay within 10,000 bytes: " + cache.size());
        assertThrows(IllegalArgumentException.class, () -> EmbeddingCache.create(-1));
    }
}
