package io.lumosdb.memory;

import io.lumosdb.LumosDB;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorSpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings of an {@link AgentMemory}, checked at once.
 *
 * <pre>{@code
 * AgentMemory memory = AgentMemory.builder(db)
 *         .embedder(Embedder.of(model, "bge-small-en-v1.5"))
 *         .weights(RecallWeights.defaults().recency(0.3))
 *         .duplicateThreshold(0.95)          // 1.01 to keep every near-duplicate
 *         .reembedIfEmbedderChanged(true)    // convert a store built with another embedder
 *         .open();
 * }</pre>
 */
public final class AgentMemoryBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(AgentMemory.class);
    final LumosDB db;
    private Embedder embedder;
    RecallWeights weights = RecallWeights.defaults();
    double duplicateThreshold = 0.93;
    Duration expiryCheck = Duration.ofMinutes(1);
    private boolean reembed;

    AgentMemoryBuilder(LumosDB db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /** The embedder (default: {@link Embedder#byDefault()}). */
    public AgentMemoryBuilder embedder(Embedder embedder) {
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        return this;
    }

    /** The default weights of recall (default: {@link RecallWeights#defaults()}). */
    public AgentMemoryBuilder weights(RecallWeights weights) {
        this.weights = Objects.requireNonNull(weights, "weights");
        return this;
    }

    /**
     * Cosine similarity from which a new memory in the same scope, with the same names and numbers, is
     * merged into the one stored (default 0.93); above 1 turns merging off.
     */
    public AgentMemoryBuilder duplicateThreshold(double threshold) {
        if (!(threshold >= 0.5 && threshold <= 2)) {
            throw new IllegalArgumentException("the duplicate threshold must be between 0.5 and 2 (above 1: never merge), was "
                    + threshold);
        }
        this.duplicateThreshold = threshold;
        return this;
    }

    /** How often expired memories are deleted (default every minute). */
    public AgentMemoryBuilder expiryCheckEvery(Duration every) {
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the expiry check interval must be positive, was " + every);
        }
        this.expiryCheck = every;
        return this;
    }

    /** Re-embed every memory when the store was built with another embedder, instead of refusing to open. */
    public AgentMemoryBuilder reembedIfEmbedderChanged(boolean reembed) {
        this.reembed = reembed;
        return this;
    }

    /**
     * Opens the memory: creates its tables and collection on first use, checks the embedder.
     *
     * @throws IllegalStateException if the store was built with another embedder and re-embedding was not asked for
     * @throws SQLException if the database refuses
     */
    public AgentMemory open() throws SQLException {
        Embedder e = embedder != null ? embedder : Embedder.byDefault();
        if (e.dimensions() < 1) {
            throw new IllegalArgumentException("embedder " + e.modelId() + " reports " + e.dimensions() + " dimensions");
        }
        MemoryTables.create(db);
        VectorCollection c = EmbedderCheck.collection(db, e, reembed);
        LOG.info("agent memory open: {} memories, embedder {} ({} dimensions)", c.size(), e.modelId(), e.dimensions());
        return new AgentMemory(this, e, c);
    }

    static VectorSpec spec(Embedder e) {
        return VectorSpec.of(e.dimensions(), Metric.COSINE);
    }
}
