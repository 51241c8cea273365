package io.lumosdb.memory;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/** all-MiniLM-L6-v2 through {@link Embedder#of}, loaded once per test JVM. */
final class TestEmbedder {
    static final Embedder MINILM = Embedder.of(new AllMiniLmL6V2EmbeddingModel(), "all-minilm-l6-v2");

    private TestEmbedder() {}
}
