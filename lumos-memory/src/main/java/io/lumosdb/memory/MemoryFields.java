package io.lumosdb.memory;

import io.lumosdb.vector.MetadataFilter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A memory's fields as the vector collection keeps them (its metadata map: what recall filters and
 * {@code forgetWhere} see), and the filters recall builds over them. Times are epoch milliseconds.
 */
final class MemoryFields {
    static final String TEXT = "text";
    static final String USER = "user";
    static final String AGENT = "agent";
    static final String SESSION = "session";
    static final String KIND = "kind";
    static final String IMPORTANCE = "importance";
    static final String AT = "at";
    static final String CREATED = "created";
    static final String EXPIRES = "expires";
    static final String VALID_TO = "valid_to";
    static final String SUPERSEDED_BY = "superseded_by";
    static final String SEEN = "seen";
    /** The speaker of a memory made from a transcript (metadata, not reserved: filters can test it). */
    static final String SPEAKER = "speaker";
    /** The indexes, in its transcript, of the messages a memory holds. */
    static final String MESSAGES = "messages";

    private MemoryFields() {}

    /** The fields of a memory stored {@code now}. */
    static Map<String, Object> of(Memory m, Instant now) {
        Map<String, Object> f = new LinkedHashMap<>(m.metadata());
        f.put(TEXT, m.text());
        putIfSet(f, USER, m.user());
        putIfSet(f, AGENT, m.agent());
        putIfSet(f, SESSION, m.session());
        f.put(KIND, m.kind().name());
        f.put(IMPORTANCE, m.importance());
        f.put(AT, (m.at() != null ? m.at() : now).toEpochMilli());
        f.put(CREATED, now.toEpochMilli());
        if (m.ttl() != null) {
            f.put(EXPIRES, now.plus(m.ttl()).toEpochMilli());
        }
        f.put(SEEN, 1);
        return f;
    }

    private static void putIfSet(Map<String, Object> f, String name, Object value) {
        if (value != null) {
            f.put(name, value);
        }
    }

    /** The memory {@code id} whose fields are {@code f}, unscored. */
    static Recalled recalled(String id, Map<String, Object> f) {
        Map<String, Object> meta = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!Memory.RESERVED_NAMES.contains(k)) {
                meta.put(k, v);
            }
        });
        return new Recalled(id, (String) f.get(TEXT), (String) f.get(USER), (String) f.get(AGENT), (String) f.get(SESSION),
                MemoryKind.valueOf((String) f.get(KIND)), instant(f.get(AT)), ((Number) f.get(IMPORTANCE)).doubleValue(),
                java.util.Collections.unmodifiableMap(meta), instant(f.get(VALID_TO)), (String) f.get(SUPERSEDED_BY),
                f.get(SEEN) instanceof Number n ? n.intValue() : 1, 0, Recalled.Parts.NONE);
    }

    static Instant instant(Object millis) {
        return millis instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : null;
    }

    static long millis(Map<String, Object> f, String name) {
        return ((Number) f.get(name)).longValue();
    }

    /**
     * The filter of a recall at {@code now}: scope, expiry, validity, time and kinds, AND the caller's own.
     * The caller's filter was parsed on its own ({@link Recall#filter(String)}) and is joined as a tree
     * ({@link MetadataFilter#and}), never as text: whatever it says, it can only narrow the scope, never
     * widen it (text pasted into {@code "... AND (" + filter + ")"} could close the parenthesis and add an
     * {@code OR}).
     */
    static String filter(Recall r, long now) {
        StringJoiner and = new StringJoiner(" AND ");
        scope(and, r.user(), r.agent(), r.session());
        and.add("(" + EXPIRES + " IS NULL OR " + EXPIRES + " > " + now + ")");
        if (r.validAt() != null) {
            long t = r.validAt().toEpochMilli();
            and.add(AT + " <= " + t + " AND (" + VALID_TO + " IS NULL OR " + VALID_TO + " > " + t + ")");
        } else if (!r.superseded()) {
            and.add(SUPERSEDED_BY + " IS NULL");
        }
        if (r.since() != null) {
            and.add(AT + " >= " + r.since().toEpochMilli());
        }
        if (r.until() != null) {
            and.add(AT + " < " + r.until().toEpochMilli());
        }
        if (r.kinds() != null) {
            StringJoiner in = new StringJoiner(", ", KIND + " IN (", ")");
            r.kinds().forEach(k -> in.add(quote(k.name())));
            and.add(in.toString());
        }
        MetadataFilter trusted = MetadataFilter.parse(and.toString());
        return (r.filter() == null ? trusted : trusted.and(r.filter())).toString();
    }

    /** The current memories of exactly the scope of {@code m} (a missing part must be missing). */
    static String sameScopeCurrent(String user, String agent, String session, long now) {
        StringJoiner and = new StringJoiner(" AND ");
        exact(and, USER, user);
        exact(and, AGENT, agent);
        exact(and, SESSION, session);
        and.add(SUPERSEDED_BY + " IS NULL");
        and.add("(" + EXPIRES + " IS NULL OR " + EXPIRES + " > " + now + ")");
        return and.toString();
    }

    private static void scope(StringJoiner and, String user, String agent, String session) {
        if (user != null) {
            and.add(USER + " = " + quote(user));
        }
        if (agent != null) {
            and.add(AGENT + " = " + quote(agent));
        }
        if (session != null) {
            and.add(SESSION + " = " + quote(session));
        }
    }

    private static void exact(StringJoiner and, String field, String value) {
        and.add(value == null ? field + " IS NULL" : field + " = " + quote(value));
    }

    /** A filter constant of {@code value}: the filter parser reads it back exactly. */
    static String quote(String value) {
        return MetadataFilter.literal(value);
    }

    static boolean sameScope(Map<String, Object> a, Memory b) {
        return java.util.Objects.equals(a.get(USER), b.user()) && java.util.Objects.equals(a.get(AGENT), b.agent())
                && java.util.Objects.equals(a.get(SESSION), b.session());
    }

    static final Set<String> SCOPES = Set.of(USER, AGENT, SESSION);
}
