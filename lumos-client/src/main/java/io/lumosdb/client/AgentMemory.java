package io.lumosdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Agent memory on the server, with the embedded {@code AgentMemory}'s names: {@link #remember},
 * {@link #recall}, {@link #get}, {@link #supersede}, {@link #history}, {@link #forget}. Texts are embedded on
 * the server. With a key bound to a user, everything happens in that user's scope.
 *
 * <pre>{@code
 * AgentMemory memory = client.memory();
 * String id = memory.remember(Memory.text("Alice moved to Berlin in May 2023").user("alice"));
 * List<Recalled> r = memory.recall(Recall.query("Where does Alice live?").user("alice").k(5));
 * }</pre>
 */
public final class AgentMemory {
    private final Transport transport;

    AgentMemory(Transport transport) {
        this.transport = transport;
    }

    /** Remembers {@code memory}; returns its id (a near-duplicate's, when it merged into one). */
    public String remember(Memory memory) {
        return transport.call("POST", "/v1/memories", memory.body()).get("id").asText();
    }

    /** The memories most relevant to the recall, best first. */
    public List<Recalled> recall(Recall recall) {
        return list(transport.call("POST", "/v1/memories/recall", recall.body()));
    }

    /** The memory with this id, if any (and if this key may see it). */
    public Optional<Recalled> get(String id) {
        try {
            return Optional.of(Recalled.of(transport.call("GET", "/v1/memories/" + Transport.segment(id), null)));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Replaces memory {@code oldId} by {@code replacement}, keeping the old one as history; returns the new id. */
    public String supersede(String oldId, Memory replacement) {
        return transport.call("POST", "/v1/memories/" + Transport.segment(oldId) + "/supersede", replacement.body()).get("id").asText();
    }

    /** The versions of a memory, oldest first. */
    public List<Recalled> history(String id) {
        return list(transport.call("GET", "/v1/memories/" + Transport.segment(id) + "/history", null));
    }

    /** Forgets a memory (text, vector, index entry); false if there was none. */
    public boolean forget(String id) {
        try {
            transport.call("DELETE", "/v1/memories/" + Transport.segment(id), null);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static List<Recalled> list(JsonNode answer) {
        List<Recalled> out = new ArrayList<>();
        answer.path("memories").forEach(m -> out.add(Recalled.of(m)));
        return out;
    }

    @Override
    public String toString() {
        return "AgentMemory[" + transport.base() + "]";
    }
}
