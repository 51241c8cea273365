package io.lumosdb.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to recall, as the embedded {@code io.lumosdb.memory.Recall}: the query and the scope. Immutable.
 *
 * <pre>{@code
 * List<Recalled> r = client.memory().recall(Recall.query("Where does Alice live?").user("alice").k(5));
 * }</pre>
 */
public final class Recall {
    private final Map<String, Object> fields;

    private Recall(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** The memories most relevant to {@code query} (10 by default). */
    public static Recall query(String query) {
        if (query == null || query.isBlank()) {
            throw new IllegalArgumentException("a recall's query must not be empty");
        }
        return new Recall(Map.of("query", query));
    }

    private Recall with(String field, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(fields);
        f.put(field, Objects.requireNonNull(value, field));
        return new Recall(Map.copyOf(f));
    }

    /** Only this user's memories. */
    public Recall user(String user) {
        return with("user", user);
    }

    /** Only this agent's memories. */
    public Recall agent(String agent) {
        return with("agent", agent);
    }

    /** Only this session's memories. */
    public Recall session(String session) {
        return with("session", session);
    }

    /** How many, 1 to 1,000. */
    public Recall k(int k) {
        if (k < 1 || k > 1_000) {
            throw new IllegalArgumentException("k must be from 1 to 1000, was " + k);
        }
        return with("k", k);
    }

    /** Only memories whose metadata satisfies {@code predicate} ({@code "source = 'chat'"}). */
    public Recall filter(String predicate) {
        return with("filter", predicate);
    }

    /** Only these kinds ({@code fact}, {@code event}, ...). */
    public Recall kinds(String... kinds) {
        return with("kinds", List.of(kinds));
    }

    /** Also superseded versions. */
    public Recall includeSuperseded() {
        return with("includeSuperseded", true);
    }

    Map<String, Object> body() {
        return fields;
    }
}
