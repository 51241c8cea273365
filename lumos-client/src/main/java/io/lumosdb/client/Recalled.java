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
 */
public record Recalled(String id, String text, String user, String agent, String session, String kind, Instant at, double importance,
        Map<String, Object> metadata, Instant validTo, String supersededBy, int seen, double score) {

    static Recalled of(JsonNode m) {
        return new Recalled(m.get("id").asText(), m.get("text").asText(), Values.text(m.get("user")), Values.text(m.get("agent")),
                Values.text(m.get("session")), m.path("kind").asText(), Values.instant(m.get("at")), m.path("importance").asDouble(),
                Values.metadata(m.get("metadata")), Values.instant(m.get("validTo")), Values.text(m.get("supersededBy")),
                m.path("seen").asInt(), m.path("score").asDouble());
    }
}
