package io.lumosdb.memory.minilm;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.lumosdb.memory.Embedder;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default embedder: all-MiniLM-L6-v2 (384 dimensions, cosine), run in process by ONNX Runtime, no
 * network. On the class path, {@link Embedder#byDefault()} (and so {@code AgentMemory.open(db)}) finds it.
 *
 * <pre>{@code
 * Embedder e = new MiniLmEmbedder();            // loads the model (about 90 MB) once
 * float[] v = e.embed("Alice moved to Berlin");  // 384 floats, unit length
 * }</pre>
 *
 * <p>Texts are truncated by the model at 256 word pieces. Batches ({@link #embedAll}) are split across
 * the cores on daemon threads named {@code lumos-embed-N}, with a bounded queue.
 */
public final class MiniLmEmbedder implements Embedder {
    /** The id recorded in a memory store. */
    public static final String MODEL_ID = "all-minilm-l6-v2";

    private final Embedder model;

    public MiniLmEmbedder() {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(cores, cores, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4_096), r -> {
            Thread t = new Thread(r, "lumos-embed-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        this.model = Embedder.of(new AllMiniLmL6V2EmbeddingModel(pool), MODEL_ID);
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimensions() {
        return model.dimensions();
    }

    @Override
    public float[] embed(String text) {
        return model.embed(text);
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        return model.embedAll(texts);
    }

    @Override
    public String toString() {
        return "MiniLmEmbedder[" + MODEL_ID + ", 384 dimensions]";
    }
}
