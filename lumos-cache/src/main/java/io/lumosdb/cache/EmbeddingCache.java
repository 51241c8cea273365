package io.lumosdb.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Embedding vectors by (model, text), so that the same text is never embedded twice by the same model.
 *
 * <pre>{@code
 * EmbeddingCache cache = EmbeddingCache.create(32L << 20);
 * float[] v = cache.get("all-minilm-l6-v2", "Alice moved to Berlin", model::embed);
 * List<float[]> vs = cache.getAll("all-minilm-l6-v2", texts, model::embedAll);  // one batch for the misses
 * cache.forget("Alice moved to Berlin");                                         // every model's vector of it
 * }</pre>
 *
 * <p>Bounded by bytes (W-TinyLFU). Vectors are copied in and out: a caller cannot change a cached one.
 * A size of 0 caches nothing (every call embeds).
 */
public final class EmbeddingCache {
    private record Key(String model, String text) {}

    private final Cache<Key, float[]> cache;

    private EmbeddingCache(long maxBytes) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, float[] v) -> (int) Math.min(Integer.MAX_VALUE,
                        96L + 2L * (k.text().length() + k.model().length()) + 16L + 4L * v.length))
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    /**
     * A cache of at most {@code maxBytes} of vectors and texts.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    public static EmbeddingCache create(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("embedding cache bytes must not be negative, was " + maxBytes);
        }
        return new EmbeddingCache(maxBytes);
    }

    /** The cached vector of {@code text} by {@code model}, or null. */
    public float[] getIfPresent(String model, String text) {
        float[] v = cache.getIfPresent(new Key(model, text));
        return v == null ? null : v.clone();
    }

    /** Caches {@code vector} as {@code model}'s embedding of {@code text}. */
    public void put(String model, String text, float[] vector) {
        Objects.requireNonNull(vector, "vector");
        cache.put(new Key(Objects.requireNonNull(model, "model"), Objects.requireNonNull(text, "text")), vector.clone());
    }

    /** The vector of {@code text}, embedding it with {@code embed} on a miss. */
    public float[] get(String model, String text, Function<String, float[]> embed) {
        Objects.requireNonNull(embed, "embed");
        float[] v = cache.get(new Key(Objects.requireNonNull(model, "model"), Objects.requireNonNull(text, "text")),
                k -> Objects.requireNonNull(embed.apply(k.text()), "the embedder returned null").clone());
        return v.clone();
    }

    /**
     * The vectors of {@code texts}, in order; the texts not cached are embedded in one call to
     * {@code embedAll} (each distinct text once), which must return one vector per text it is given.
     *
     * @throws IllegalStateException if {@code embedAll} returns a list of the wrong size
     */
    public List<float[]> getAll(String model, List<String> texts, Function<List<String>, List<float[]>> embedAll) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(embedAll, "embedAll");
        Map<String, float[]> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String text : texts) {
            if (found.containsKey(text)) {
                continue;
            }
            float[] v = cache.getIfPresent(new Key(model, Objects.requireNonNull(text, "text")));
            found.put(text, v);
            if (v == null) {
                missing.add(text);
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> embedded = embedAll.apply(List.copyOf(missing));
            if (embedded == null || embedded.size() != missing.size()) {
                throw new IllegalStateException("the embedder returned " + (embedded == null ? "null" : embedded.size() + " vectors")
                        + " for " + missing.size() + " texts");
            }
            for (int i = 0; i < missing.size(); i++) {
                float[] v = Objects.requireNonNull(embedded.get(i), "the embedder returned a null vector").clone();
                cache.put(new Key(model, missing.get(i)), v);
                found.put(missing.get(i), v);
            }
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            out.add(found.get(text).clone());
        }
        return out;
    }

    /** Forgets every model's vector of {@code text}. */
    public void forget(String text) {
        cache.asMap().keySet().removeIf(k -> k.text().equals(text));
    }

    /** Forgets every model's vectors of {@code texts}, in one pass over the cache. */
    public void forgetAll(java.util.Collection<String> texts) {
        java.util.Set<String> gone = new java.util.HashSet<>(texts);
        if (!gone.isEmpty()) {
            cache.asMap().keySet().removeIf(k -> gone.contains(k.text()));
        }
    }

    /** Forgets every vector {@code model} made (e.g. when a store switches embedders). */
    public void forgetModel(String model) {
        cache.asMap().keySet().removeIf(k -> k.model().equals(model));
    }

    /** Forgets everything. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** Hits, misses, evictions (Caffeine's counters). */
    public CacheCounts stats() {
        return CacheCounts.of(cache.stats());
    }

    /** How many vectors are cached (approximate). */
    public long size() {
        return cache.estimatedSize();
    }
}
