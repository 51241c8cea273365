package io.lumosdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A memory as the server holds it, with its recall score (0 outside a recall).
 *
 * @param id its id
 * @param text its text
 * @param user whom it is about, or null
 * @param agent which agent learnt it, or null
 * @param session which conversation it came from, or null
 * @param kind fact, event, preference, instruction or summary
 * @param at when it happened
 * @param importance 0 to 1
 * @param metadata its fields
 * @param validTo when it stopped being current (superseded), or null
 * @param supersededBy the id of the memory that replaced it, or null
 * @param seen how many times it was remembered (near-duplicates merge)
 * @param score its relevance in a recall
 * @param confidence in a recall, how likely it answers the query, 0..1, comparable across queries (0 outside a recall)
 * @param parts in a recall, the score's parts before weighting ({@link Parts#NONE} outside a recall)
 */
public record Recalled(String id, String text, String user, String agent, String session, String kind, Instant at, double importance,
        Map<String, Object> metadata, Instant validTo, String supersededBy, int seen, double score, double confidence, Parts parts) {

    /**
     * The parts of a recall score, each 0..1 before weighting, as the server's memory computes them.
     *
     * @param semantic cosine similarity to the query
     * @param keyword BM25 keyword relevance, squashed
     * @param recency 1 for a memory that just happened, halving every half-life
     * @param importance the memory's importance
     * @param names the share of the query's names the memory has
     * @param time 1 when the memory is from the time the query refers to
     * @param hop 1 when it is the second hop of a question needing two memories
     */
    public record Parts(double semantic, double keyword, double recency, double importance, double names, double time, double hop) {
        /** No parts: a memory read outside a recall. */
        public static final Parts NONE = new Parts(0, 0, 0, 0, 0, 0, 0);

        static Parts of(JsonNode p) {
            if (p == null || !p.isObject()) {
                return NONE;
            }
            return new Parts(p.path("semantic").asDouble(), p.path("keyword").asDouble(), p.path("recency").asDouble(),
                    p.path("importance").asDouble(), p.path("names").asDouble(), p.path("time").asDouble(), p.path("hop").asDouble());
        }
    }

    /** A memory without confidence and parts (as before the server returned them). */
    public Recalled(String id, String text, String user, String agent, String session, String kind, Instant at, double importance,
            Map<String, Object> metadata, Instant validTo, String supersededBy, int seen, double score) {
        this(id, text, user, agent, session, kind, at, importance, metadata, validTo, supersededBy, seen, score, 0, Parts.NONE);
    }

    static Recalled of(JsonNode m) {
        return new Recalled(m.get("id").asText(), m.get("text").asText(), Values.text(m.get("user")), Values.text(m.get("agent")),
                Values.text(m.get("session")), m.path("kind").asText(), Values.instant(m.get("at")), m.path("importance").asDouble(),
                Values.metadata(m.get("metadata")), Values.instant(m.get("validTo")), Values.text(m.get("supersededBy")),
                m.path("seen").asInt(), m.path("score").asDouble(), m.path("confidence").asDouble(), Parts.of(m.get("parts")));
    }
}
