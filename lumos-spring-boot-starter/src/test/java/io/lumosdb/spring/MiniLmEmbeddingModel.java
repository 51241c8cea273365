package io.lumosdb.spring;

import io.lumosdb.memory.Embedder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * A Spring AI {@link EmbeddingModel} over all-MiniLM-L6-v2 running in-process (lumos-embeddings-minilm, the model
 * ships in the jar): what a Spring AI application plugs in as its model, without a network.
 */
public class MiniLmEmbeddingModel implements EmbeddingModel {
    private final Embedder embedder = Embedder.byDefault();

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
        List<float[]> vectors = embedder.embedAll(request.getInstructions());
        List<Embedding> out = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            out.add(new Embedding(vectors.get(i), i));
        }
        return new EmbeddingResponse(out);
    }

    @Override
    public float[] embed(Document document) {
        return embedder.embed(document.getText());
    }

    @Override
    public int dimensions() {
        return embedder.dimensions();
    }
}
