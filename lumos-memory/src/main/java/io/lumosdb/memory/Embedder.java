package io.lumosdb.memory;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Turns text into vectors. {@link AgentMemory} embeds every memory and every recall query with one; the
 * database's embedding cache sits in front of it, keyed by {@link #modelId()}.
 *
 * <pre>{@code
 * Embedder minilm = Embedder.byDefault();                       // from lumos-embeddings-minilm, offline
 * Embedder mine = Embedder.of(myLangChain4jModel, "my-model-v2"); // any LangChain4j EmbeddingModel
 * AgentMemory memory = AgentMemory.builder(db).embedder(mine).open();
 * }</pre>
 *
 * <p>Implementations must be thread-safe, and return vectors of {@link #dimensions()} finite floats.
 * The store records the model id and the dimensions; a store opened with another embedder is refused
 * (or re-embedded on request), never mixed.
 */
public interface Embedder {
    /** A stable name of the model and its version: vectors of two embedders with one id must be comparable. */
    String modelId();

    /** Length of every vector. */
    int dimensions();

    /** The vector of {@code text}. */
    float[] embed(String text);

    /** The vectors of {@code texts}, in order; implementations batch where the model can. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    /**
     * The embedder found on the class path ({@code META-INF/services/io.lumosdb.memory.Embedder}), such as
     * all-MiniLM-L6-v2 from the {@code lumos-embeddings-minilm} artifact.
     *
     * @throws IllegalStateException when there is none, saying which artifact to add
     */
    static Embedder byDefault() {
        for (Embedder e : ServiceLoader.load(Embedder.class, Embedder.class.getClassLoader())) {
            return e;
        }
        throw new IllegalStateException("no default embedder on the class path: add the artifact"
                + " io.lumosdb:lumos-embeddings-minilm (offline all-MiniLM-L6-v2), or pass one with"
                + " AgentMemory.builder(db).embedder(Embedder.of(model, id))");
    }

    /**
     * A LangChain4j {@link EmbeddingModel} as an embedder; its batches go to {@code embedAll}.
     *
     * @param modelId what to record in the store (for example "text-embedding-3-small")
     */
    static Embedder of(EmbeddingModel model, String modelId) {
        Objects.requireNonNull(model, "model");
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("an embedder needs a model id");
        }
        int dims = model.dimension();
        return new Embedder() {
            @Override
            public String modelId() {
                return modelId;
            }

            @Override
            public int dimensions() {
                return dims;
            }

            @Override
            public float[] embed(String text) {
                return model.embed(text).content().vector();
            }

            @Override
            public List<float[]> embedAll(List<String> texts) {
                List<TextSegment> segments = new ArrayList<>(texts.size());
                texts.forEach(t -> segments.add(TextSegment.from(t)));
                List<float[]> out = new ArrayList<>(texts.size());
                model.embedAll(segments).content().forEach(e -> out.add(e.vector()));
                return out;
            }

            @Override
            public String toString() {
                return "Embedder[" + modelId + ", " + dims + " dimensions]";
            }
        };
    }
}
