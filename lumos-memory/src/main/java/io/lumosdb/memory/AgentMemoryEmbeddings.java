package io.lumosdb.memory;

import io.lumosdb.cache.EmbeddingCache;
import java.util.ArrayList;
import java.util.List;

/**
 * How the agent memory turns texts into vectors: in batches of at most {@link #BATCH}, through the database's
 * embedding cache (each distinct text the cache lacks is embedded once), each call of the embedder timed for
 * {@link MemoryTelemetry#embedded}.
 */
final class AgentMemoryEmbeddings {
    /** The most texts one call of the embedder is given. */
    static final int BATCH = 256;

    private final Embedder embedder;
    private final EmbeddingCache cache;
    private final MemoryTelemetry telemetry;

    AgentMemoryEmbeddings(Embedder embedder, EmbeddingCache cache, MemoryTelemetry telemetry) {
        this.embedder = embedder;
        this.cache = cache;
        this.telemetry = telemetry;
    }

    /** The vectors of {@code texts}, in order. */
    List<float[]> embed(List<String> texts, MemoryTelemetry.EmbedFor purpose) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + BATCH));
            out.addAll(cache.getAll(embedder.modelId(), part, missing -> {
                long start = System.nanoTime();
                List<float[]> vectors = embedder.embedAll(missing);
                telemetry.embedded(purpose, missing.size(), System.nanoTime() - start);
                return vectors;
            }));
        }
        return out;
    }

    /** The cache, for forgetting the vectors of forgotten texts. */
    EmbeddingCache cache() {
        return cache;
    }
}
