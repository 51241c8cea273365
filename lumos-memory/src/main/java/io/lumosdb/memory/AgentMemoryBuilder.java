package io.lumosdb.memory;

import dev.langchain4j.model.chat.ChatModel;
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
 *         .chatModel(myLangChain4jChatModel) // optional: extract facts from sessions, rewrite questions
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
    ChatModel chatModel;
    boolean extractFacts = true;
    boolean rewriteQuestions = true;

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
     * An optional chat model (any LangChain4j {@link ChatModel}): with one, {@link AgentMemory#rememberSession}
     * also extracts facts from the session and adds, updates or deletes them against the facts already remembered
     * (as mem0 does), and {@link AgentMemory#recall} first rewrites the question into a standalone search query.
     * Without one (the default) the memory does neither and needs no network. A failing model is logged and
     * skipped: the session is remembered, the question recalled as asked.
     */
    public AgentMemoryBuilder chatModel(ChatModel model) {
        this.chatModel = Objects.requireNonNull(model, "model");
        return this;
    }

    /** Whether a chat model, if given, extracts facts from remembered sessions (default true). */
    public AgentMemoryBuilder extractFacts(boolean extract) {
        this.extractFacts = extract;
        return this;
    }

    /** Whether a chat model, if given, rewrites questions before recall (default true). */
    public AgentMemoryBuilder rewriteQuestions(boolean rewrite) {
        this.rewriteQuestions = rewrite;
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
