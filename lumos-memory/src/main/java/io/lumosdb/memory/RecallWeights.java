package io.lumosdb.memory;

import java.time.Duration;

/**
 * How {@link AgentMemory#recall} combines the parts of a score:
 * {@code relevance = semantic·s + keyword·k·min(1, s / keywordTrust)} and
 * {@code score = relevance · (1 + recency·r + importance·i) · (1 + names·n) · (1 + time·t) · (1 + hop·h)}, where s
 * is the cosine similarity of the memory to the query (0..1), k its BM25 keyword relevance squashed to 0..1
 * ({@code bm25 / (bm25 + 4)}), r = 0.5^(age / half-life), i the memory's importance, n the share of the query's
 * names the memory's speaker or text has, t 1 when the memory is from the time the query names ("last May"),
 * h 1 when it came by the second hop ({@link Recalled.Parts}). The other parts scale relevance rather than add to
 * it, so a recent, or well-named, but unrelated memory cannot float up; a keyword match counts fully only when
 * the memory also means something close to the query.
 *
 * <pre>{@code
 * RecallWeights w = RecallWeights.defaults().recency(0.3).halfLife(Duration.ofDays(7)); // favour the recent
 * memory.recall(Recall.query("what did we decide?").user("alice").weights(w));
 * }</pre>
 *
 * <p>Semantic, recency and importance were tuned on the short-fact set of {@code MemoryQualityRunner}; keyword
 * 0.5, names 2, time 2 and hop 0.3 on the tuning split of the long-conversation set of
 * {@code LongConversationRecallRunner}, never on its test split (see {@code docs/agent-memory.md}): recency at
 * 0.1 picks the newer of two versions of a fact, yet leaves an old fact that answers the question above a fresh
 * one that does not; names at 2 put the named speaker's lines first; keywords at half the semantic weight stop a
 * shared word ("learned") from outranking the answer.
 */
public record RecallWeights(double semantic, double keyword, double recency, double importance, Duration halfLife,
        double keywordTrust, double names, double time, double hop) {
    public RecallWeights {
        check("names", names);
        check("time", time);
        check("hop", hop);
        check("semantic", semantic);
        check("keyword", keyword);
        check("recency", recency);
        check("importance", importance);
        if (semantic + keyword == 0) {
            throw new IllegalArgumentException("semantic and keyword weights cannot both be 0: nothing would be relevant");
        }
        if (!(keywordTrust >= 0 && keywordTrust <= 1)) {
            throw new IllegalArgumentException("keyword trust must be between 0 and 1, was " + keywordTrust);
        }
        if (halfLife == null || halfLife.isNegative() || halfLife.isZero()) {
            throw new IllegalArgumentException("the recency half-life must be positive, was " + halfLife);
        }
    }

    /** Weights without names, time and hop (all 0): the scoring before they were added. */
    public RecallWeights(double semantic, double keyword, double recency, double importance, Duration halfLife, double keywordTrust) {
        this(semantic, keyword, recency, importance, halfLife, keywordTrust, 0, 0, 0);
    }

    private static void check(String name, double w) {
        if (!(w >= 0 && w <= 100)) {
            throw new IllegalArgumentException(name + " weight must be between 0 and 100, was " + w);
        }
    }

    /** The tuned defaults (see the class comment). */
    public static RecallWeights defaults() {
        return new RecallWeights(1.0, 0.5, 0.1, 0.05, Duration.ofDays(30), 0.35, 2.0, 2.0, 0.3);
    }

    /** Meaning only: the dense vector search alone. */
    public static RecallWeights semanticOnly() {
        return new RecallWeights(1.0, 0, 0, 0, Duration.ofDays(30), 0);
    }

    /** Keywords only: BM25 alone. */
    public static RecallWeights keywordOnly() {
        return new RecallWeights(0, 1.0, 0, 0, Duration.ofDays(30), 0);
    }

    public RecallWeights semantic(double w) {
        return new RecallWeights(w, keyword, recency, importance, halfLife, keywordTrust, names, time, hop);
    }

    public RecallWeights keyword(double w) {
        return new RecallWeights(semantic, w, recency, importance, halfLife, keywordTrust, names, time, hop);
    }

    public RecallWeights recency(double w) {
        return new RecallWeights(semantic, keyword, w, importance, halfLife, keywordTrust, names, time, hop);
    }

    public RecallWeights importance(double w) {
        return new RecallWeights(semantic, keyword, recency, w, halfLife, keywordTrust, names, time, hop);
    }

    /**
     * Cosine similarity under which a keyword match counts only in proportion ({@code min(1, s / trust)});
     * 0 lets keywords count whatever the meaning.
     */
    public RecallWeights keywordTrust(double trust) {
        return new RecallWeights(semantic, keyword, recency, importance, halfLife, trust, names, time, hop);
    }

    public RecallWeights halfLife(Duration d) {
        return new RecallWeights(semantic, keyword, recency, importance, d, keywordTrust, names, time, hop);
    }

    /** How much a memory gains when its speaker or text has the names of the query ({@link Recalled.Parts#names()}). */
    public RecallWeights names(double w) {
        return new RecallWeights(semantic, keyword, recency, importance, halfLife, keywordTrust, w, time, hop);
    }

    /** How much a memory gains when it is from the time the query refers to ({@link Recalled.Parts#time()}). */
    public RecallWeights time(double w) {
        return new RecallWeights(semantic, keyword, recency, importance, halfLife, keywordTrust, names, w, hop);
    }

    /** How much a memory gains as the second hop of a question ({@link Recalled.Parts#hop()}). */
    public RecallWeights hop(double w) {
        return new RecallWeights(semantic, keyword, recency, importance, halfLife, keywordTrust, names, time, w);
    }
}
