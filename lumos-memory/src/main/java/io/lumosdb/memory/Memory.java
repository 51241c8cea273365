package io.lumosdb.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Something to remember: a text, who it belongs to, when it happened, what kind it is and how much it
 * matters. Immutable; each method returns a new memory, checked at once.
 *
 * <pre>{@code
 * Memory m = Memory.text("Alice moved to Berlin in May 2023")
 *         .user("alice").agent("planner").session("s-42")
 *         .at(Instant.parse("2023-05-08T13:56:00Z"))     // when it happened (default: when remembered)
 *         .kind(MemoryKind.FACT).importance(0.8)          // 0..1, default 0.5
 *         .ttl(Duration.ofDays(90))                        // forgotten by itself after that
 *         .metadata("source", "chat");
 * }</pre>
 *
 * <p>Limits: the text is 1 to {@value #MAX_TEXT_CHARS} characters (the default embedder reads its first
 * 256 word pieces, about 200 words; the whole text is stored and searched by keywords); a scope value is 1
 * to {@value #MAX_SCOPE_CHARS} characters; metadata names may not be one of {@link #RESERVED_NAMES}.
 */
public final class Memory {
    public static final int MAX_TEXT_CHARS = 32_000;
    public static final int MAX_SCOPE_CHARS = 256;
    /** Field names the store uses itself (they are the fields of recall filters and {@code forgetWhere}). */
    public static final Set<String> RESERVED_NAMES = Set.of("id", "text", "user", "agent", "session", "kind", "importance",
            "at", "created", "expires", "valid_to", "superseded_by", "seen");

    private final String text;
    private final String user;
    private final String agent;
    private final String session;
    private final Instant at;
    private final MemoryKind kind;
    private final double importance;
    private final Duration ttl;
    private final Map<String, Object> metadata;

    private Memory(String text, String user, String agent, String session, Instant at, MemoryKind kind, double importance,
            Duration ttl, Map<String, Object> metadata) {
        this.text = text;
        this.user = user;
        this.agent = agent;
        this.session = session;
        this.at = at;
        this.kind = kind;
        this.importance = importance;
        this.ttl = ttl;
        this.metadata = metadata;
    }

    /**
     * A memory of {@code text}: a {@link MemoryKind#FACT} of importance 0.5, in no scope, that happened now.
     *
     * @throws IllegalArgumentException for an empty or blank text, or one over {@value #MAX_TEXT_CHARS} characters
     */
    public static Memory text(String text) {
        return new Memory(checkText(text), null, null, null, null, MemoryKind.FACT, 0.5, null, Map.of());
    }

    static String checkText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a memory's text must not be empty");
        }
        if (text.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("a memory's text is limited to " + MAX_TEXT_CHARS + " characters, was "
                    + text.length() + "; split it into several memories");
        }
        return text.strip();
    }

    /** The user it is about or belongs to. */
    public Memory user(String user) {
        return new Memory(text, scope("user", user), agent, session, at, kind, importance, ttl, metadata);
    }

    /** The agent that owns it. */
    public Memory agent(String agent) {
        return new Memory(text, user, scope("agent", agent), session, at, kind, importance, ttl, metadata);
    }

    /** The conversation it came from. */
    public Memory session(String session) {
        return new Memory(text, user, agent, scope("session", session), at, kind, importance, ttl, metadata);
    }

    /** When it happened (drives recency and time filters); default: the moment it is remembered. */
    public Memory at(Instant at) {
        return new Memory(text, user, agent, session, Objects.requireNonNull(at, "at"), kind, importance, ttl, metadata);
    }

    public Memory kind(MemoryKind kind) {
        return new Memory(text, user, agent, session, at, Objects.requireNonNull(kind, "kind"), importance, ttl, metadata);
    }

    /** How much it matters, 0 to 1 (default 0.5); part of the recall score. */
    public Memory importance(double importance) {
        if (!(importance >= 0 && importance <= 1)) {
            throw new IllegalArgumentException("importance must be between 0 and 1, was " + importance);
        }
        return new Memory(text, user, agent, session, at, kind, importance, ttl, metadata);
    }

    /** Forgotten by itself this long after it is remembered (not recalled after that, then deleted). */
    public Memory ttl(Duration ttl) {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a memory's time to live must be positive, was " + ttl);
        }
        return new Memory(text, user, agent, session, at, kind, importance, ttl, metadata);
    }

    /**
     * One metadata field: a string, number, boolean, or list or map of those. Recall filters and
     * {@code forgetWhere} can test it by name.
     */
    public Memory metadata(String name, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(metadata);
        m.put(checkName(name), Objects.requireNonNull(value, "metadata value of " + name));
        return new Memory(text, user, agent, session, at, kind, importance, ttl, Collections.unmodifiableMap(m));
    }

    /** Several metadata fields (see {@link #metadata(String, Object)}). */
    public Memory metadata(Map<String, ?> fields) {
        Memory out = this;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            out = out.metadata(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_SCOPE_CHARS) {
            throw new IllegalArgumentException("a metadata name must be 1 to " + MAX_SCOPE_CHARS + " characters");
        }
        if (RESERVED_NAMES.contains(name)) {
            throw new IllegalArgumentException("metadata name '" + name + "' is reserved; the store uses " + RESERVED_NAMES);
        }
        return name;
    }

    static String scope(String what, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_SCOPE_CHARS) {
            throw new IllegalArgumentException("a " + what + " must be 1 to " + MAX_SCOPE_CHARS + " characters, was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }

    public String text() {
        return text;
    }

    public String user() {
        return user;
    }

    public String agent() {
        return agent;
    }

    public String session() {
        return session;
    }

    /** When it happened, or null for "when remembered". */
    public Instant at() {
        return at;
    }

    public MemoryKind kind() {
        return kind;
    }

    public double importance() {
        return importance;
    }

    /** The time to live, or null for none. */
    public Duration ttl() {
        return ttl;
    }

    public Map<String, Object> metadata() {
        return metadata;
    }

    Memory withScopeOf(Recalled old) {
        return new Memory(text, user != null ? user : old.user(), agent != null ? agent : old.agent(),
                session != null ? session : old.session(), at, kind, importance, ttl, metadata);
    }

    @Override
    public String toString() {
        return "Memory[" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + ", user=" + user + ", agent=" + agent
                + ", session=" + session + ", kind=" + kind + "]";
    }
}
