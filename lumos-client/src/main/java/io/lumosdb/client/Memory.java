package io.lumosdb.client;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A memory to remember, as the embedded {@code io.lumosdb.memory.Memory}: the text and who it is about.
 * Immutable; each setting returns a new memory.
 *
 * <pre>{@code
 * String id = client.memory().remember(Memory.text("Alice moved to Berlin").user("alice").kind("fact").importance(0.8));
 * }</pre>
 */
public final class Memory {
    private final Map<String, Object> fields;

    private Memory(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** A memory of {@code text}. */
    public static Memory text(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory's text must not be empty");
        }
        return new Memory(Map.of("text", text));
    }

    private Memory with(String field, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put(field, Objects.requireNonNull(value, field));
        return new Memory(Map.copyOf(f));
    }

    /** The user it is about (a user-bound key may name only its own). */
    public Memory user(String user) {
        return with("user", user);
    }

    /** The agent that learnt it. */
    public Memory agent(String agent) {
        return with("agent", agent);
    }

    /** The conversation it came from. */
    public Memory session(String session) {
        return with("session", session);
    }

    /** {@code fact}, {@code event}, {@code preference}, {@code instruction} or {@code summary}. */
    public Memory kind(String kind) {
        return with("kind", kind);
    }

    /** 0 to 1: how much recall should favour it. */
    public Memory importance(double importance) {
        return with("importance", importance);
    }

    /** When it expires, counted from now (whole seconds). */
    public Memory ttl(Duration ttl) {
        return with("ttl", "PT" + Math.max(1, ttl.toSeconds()) + "S");
    }

    /** When it happened (default: now). */
    public Memory at(Instant at) {
        return with("at", at.toString());
    }

    /** Fields a recall filter can test (strings, numbers, booleans). */
    public Memory metadata(Map<String, Object> metadata) {
        return with("metadata", Map.copyOf(metadata));
    }

    Map<String, Object> body() {
        return fields;
    }

    @Override
    public String toString() {
        return "Memory" + fields;
    }
}
