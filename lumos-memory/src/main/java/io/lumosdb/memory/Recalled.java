package io.lumosdb.memory;

import java.time.Instant;
import java.util.Map;

/**
 * A remembered memory as recall (or {@link AgentMemory#get}) returns it, with its score and the parts of
 * the score, so a caller can see why it ranked where it did.
 *
 * <pre>{@code
 * for (Recalled r : memory.recall(Recall.query("Where does Alice live?").user("alice"))) {
 *     log.info("{} {} (semantic {}, keyword {}, recency {})", r.score(), r.text(),
 *             r.parts().semantic(), r.parts().keyword(), r.parts().recency());
 * }
 * }</pre>
 *
 * @param id the memory's id
 * @param text its text
 * @param user its user scope, or null
 * @param agent its agent scope, or null
 * @param session its session scope, or null
 * @param kind its kind
 * @param at when it happened
 * @param importance its importance (0..1)
 * @param metadata its metadata fields (immutable)
 * @param validTo when it stopped being true (the time of the memory that superseded it), or null
 * @param supersededBy the id of the memory that superseded it, or null
 * @param seen how many times it was remembered (near-duplicates are merged into it)
 * @param score the combined score (0 outside recall)
 * @param parts the parts of the score
 * @param confidence how likely the memory is to be what the query asks for, 0..1, comparable across queries
 *     (unlike the score): below about 0.5 for every memory recalled, the memory most likely holds no answer
 */
public record Recalled(String id, String text, String user, String agent, String session, MemoryKind kind, Instant at,
        double importance, Map<String, Object> metadata, Instant validTo, String supersededBy, int seen, double score,
        Parts parts, double confidence) {

    /** A recalled memory without a confidence (0), as before confidences were reported. */
    public Recalled(String id, String text, String user, String agent, String session, MemoryKind kind, Instant at,
            double importance, Map<String, Object> metadata, Instant validTo, String supersededBy, int seen, double score,
            Parts parts) {
        this(id, text, user, agent, session, kind, at, importance, metadata, validTo, supersededBy, seen, score, parts, 0);
    }

    /**
     * The parts of a score, before weighting.
     *
     * @param semantic cosine similarity of the memory to the query, 0..1
     * @param keyword BM25 keyword relevance squashed to 0..1 (0 when no query word occurs)
     * @param recency 0.5^(age / half-life), 1 for a memory that just happened
     * @param importance the memory's importance
     * @param names the share of the query's names (people, places) that the memory's speaker or text has, 0..1
     * @param time 1 when the memory is from the time the query refers to ("last May"), else 0
     * @param hop 1 when the memory names someone or something that the best matches name and the query does not
     *     (the second hop of a question that needs two memories), else 0
     */
    public record Parts(double semantic, double keyword, double recency, double importance, double names, double time, double hop) {
        static final Parts NONE = new Parts(0, 0, 0, 0, 0, 0, 0);

        /** The parts of a score without names, time and hop. */
        public Parts(double semantic, double keyword, double recency, double importance) {
            this(semantic, keyword, recency, importance, 0, 0, 0);
        }
    }

    /** Whether it is still current (not superseded). */
    public boolean current() {
        return supersededBy == null && validTo == null;
    }

    Recalled scored(double total, Parts p, double confidence) {
        return new Recalled(id, text, user, agent, session, kind, at, importance, metadata, validTo, supersededBy, seen, total, p,
                confidence);
    }
}
