package io.lumosdb.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lumosdb.Route;
import io.lumosdb.Row;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.MemoryKind;
import io.lumosdb.memory.Message;
import io.lumosdb.memory.Recall;
import io.lumosdb.memory.Recalled;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /v1/memories} and {@code /v1/sessions/{session}/messages}: agent memory with server-side
 * embeddings (the memory's embedder, by default all-MiniLM-L6-v2 in process).
 *
 * <p>A key bound to a user works inside that user's scope whatever it sends: memories it writes belong
 * to the user, recall is scoped to the user (the scope is joined to the caller's filter as a parsed
 * tree by the memory, never as text), a memory of another user is 403, and its conversation sessions
 * live in a namespace of the user's ({@code user:<user>/<session>}), so no other key's sessions are
 * reachable by name.
 */
final class MemoryEndpoints {
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1_000;

    private final ServerState state;

    MemoryEndpoints(ServerState state) {
        this.state = state;
    }

    void remember(Context ctx) throws SQLException {
        Principal who = RequestGate.principal(ctx);
        ObjectNode body = Json.body(ctx);
        Memory m = Memory.text(Json.text(body, "text", true));
        String user = scopedUser(who, Json.text(body, "user", false));
        if (user != null) {
            m = m.user(user);
        }
        String agent = Json.text(body, "agent", false);
        if (agent != null) {
            m = m.agent(agent);
        }
        String session = Json.text(body, "session", false);
        if (session != null) {
            m = m.session(session);
        }
        String kind = Json.text(body, "kind", false);
        if (kind != null) {
            m = m.kind(kind(kind));
        }
        if (body.has("importance")) {
            m = m.importance(Json.number(body, "importance", 0.5));
        }
        String ttl = Json.text(body, "ttl", false);
        if (ttl != null) {
            m = m.ttl(SqlEndpoints.duration(ttl, "ttl"));
        }
        String at = Json.text(body, "at", false);
        if (at != null) {
            m = m.at(instant(at, "at"));
        }
        Map<String, Object> metadata = Json.metadata(body, "metadata");
        if (metadata.values().stream().anyMatch(java.util.Objects::isNull)) {
            throw ApiProblem.badRequest("'metadata' values must not be null");
        }
        if (!metadata.isEmpty()) {
            m = m.metadata(metadata);
        }
        String id = state.writes.change(new StoreChange.Remember(m, null)).id();
        ctx.status(201).contentType("application/json").result(Json.write(Json.MAPPER.createObjectNode().put("id", id)));
    }

    void recall(Context ctx) throws SQLException {
        ctx.contentType("application/json").result(Json.write(recall(RequestGate.principal(ctx), Json.body(ctx))));
    }

    /**
     * A recall for whoever {@code who} is (a user-bound key recalls only its user's memories), as the REST
     * answer: {@code {"memories": [...]}}. GraphQL's {@code recall} answers the same.
     */
    ObjectNode recall(Principal who, ObjectNode body) throws SQLException {
        Recall r = Recall.query(Json.text(body, "query", true)).k((int) Json.integer(body, "k", 10, 1, 1_000));
        String user = scopedUser(who, Json.text(body, "user", false));
        if (user != null) {
            r = r.user(user);
        }
        String agent = Json.text(body, "agent", false);
        if (agent != null) {
            r = r.agent(agent);
        }
        String session = Json.text(body, "session", false);
        if (session != null) {
            r = r.session(session);
        }
        String filter = Json.text(body, "filter", false);
        if (filter != null) {
            r = r.filter(filter);
        }
        List<JsonNode> kinds = Json.array(body, "kinds", false);
        if (!kinds.isEmpty()) {
            MemoryKind[] k = new MemoryKind[kinds.size()];
            for (int i = 0; i < k.length; i++) {
                k[i] = kind(kinds.get(i).asText());
            }
            r = r.kinds(k);
        }
        if (Json.bool(body, "includeSuperseded", false)) {
            r = r.includeSuperseded();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("memories");
        state.memory().recall(r).forEach(m -> list.add(describe(m, true)));
        return out;
    }

    /** {@code GET /v1/memories?user=&cursor=&limit=}: current and superseded memories by id, a keyset page at a time. */
    void list(Context ctx) throws SQLException, java.io.IOException {
        Principal who = RequestGate.principal(ctx);
        AgentMemory memory = state.memory();
        String user = scopedUser(who, ctx.queryParam("user"));
        int limit = ctx.queryParam("limit") == null ? DEFAULT_PAGE : (int) Json.integer(
                Json.MAPPER.createObjectNode().put("limit", parseLong(ctx.queryParam("limit"), "limit")), "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        Object[] after = TableEndpoints.decodeCursor(ctx.queryParam("cursor"), 1);
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT id FROM lumos_memories WHERE (expires_at IS NULL OR expires_at > ?)");
        args.add(Instant.now());
        if (user != null) {
            sql.append(" AND user_id = ?");
            args.add(user);
        }
        if (after != null) {
            sql.append(" AND id > ?");
            args.add(after[0]);
        }
        sql.append(" ORDER BY id LIMIT ").append(limit + 1);
        List<Row> rows = state.db.query(Route.OLTP, sql.toString(), args.toArray()).rows();
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("memories");
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            memory.get(rows.get(i).getString(0)).ifPresent(m -> list.add(describe(m, false)));
        }
        out.put("nextCursor", rows.size() > limit ? TableEndpoints.encodeCursor(rows.get(limit - 1), 1) : null);
        ctx.contentType("application/json").result(Json.write(out));
    }

    void get(Context ctx) throws SQLException {
        ctx.contentType("application/json").result(Json.write(describe(visible(ctx), false)));
    }

    void forget(Context ctx) throws SQLException {
        state.beforeChange();
        Recalled m = visible(ctx);
        state.writes.change(new StoreChange.Forget(m.id()));
        ctx.status(204);
    }

    void supersede(Context ctx) throws SQLException {
        Principal who = RequestGate.principal(ctx);
        state.beforeChange();
        Recalled old = visible(ctx);
        ObjectNode body = Json.body(ctx);
        Memory m = Memory.text(Json.text(body, "text", true));
        String user = scopedUser(who, Json.text(body, "user", false));
        if (user != null) {
            m = m.user(user);
        }
        String kind = Json.text(body, "kind", false);
        if (kind != null) {
            m = m.kind(kind(kind));
        }
        if (body.has("importance")) {
            m = m.importance(Json.number(body, "importance", 0.5));
        }
        String id = state.writes.change(new StoreChange.Supersede(old.id(), m, null)).id();
        ctx.status(201).contentType("application/json").result(Json.write(Json.MAPPER.createObjectNode().put("id", id)));
    }

    void history(Context ctx) throws SQLException {
        Recalled m = visible(ctx);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("memories");
        state.memory().history(m.id()).forEach(v -> list.add(describe(v, false)));
        ctx.contentType("application/json").result(Json.write(out));
    }

    void messages(Context ctx) throws SQLException {
        String session = session(ctx);
        String last = ctx.queryParam("last");
        var log = state.memory().messages(session);
        List<Message> messages = last == null ? log.all() : log.last((int) Math.min(Integer.MAX_VALUE, parseLong(last, "last")));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("session", ctx.pathParam("session"));
        ArrayNode list = out.putArray("messages");
        for (Message m : messages) {
            ObjectNode o = list.addObject();
            o.put("role", m.role());
            o.put("text", m.text());
            o.put("at", m.at() == null ? null : m.at().toString());
            o.set("metadata", Json.MAPPER.valueToTree(m.metadata()));
        }
        ctx.contentType("application/json").result(Json.write(out));
    }

    void appendMessages(Context ctx) throws SQLException {
        String session = session(ctx);
        List<JsonNode> items = Json.array(Json.body(ctx), "messages", true);
        if (items.isEmpty() || items.size() > 1_000) {
            throw ApiProblem.badRequest("'messages' must hold 1 to 1000 messages, held " + items.size());
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode m = items.get(i);
            if (!m.isObject()) {
                throw ApiProblem.badRequest("messages[" + i + "] must be an object {\"role\", \"text\"}");
            }
            String at = Json.text(m, "at", false);
            messages.add(new Message(Json.text(m, "role", true), Json.text(m, "text", true), at == null ? null : instant(at, "at"),
                    Json.metadata(m, "metadata")));
        }
        long size = state.writes.change(new StoreChange.AppendMessages(session, messages, null)).count();
        ctx.status(201).contentType("application/json").result(Json.write(Json.MAPPER.createObjectNode().put("size", size)));
    }

    // ---------------------------------------------------------------- scopes

    /** The user a request works for: a bound key's own (another is 403), else what it asked. */
    private static String scopedUser(Principal who, String asked) {
        if (who.user() == null) {
            return asked;
        }
        if (asked != null && !asked.equals(who.user())) {
            throw ApiProblem.forbidden("this key is bound to user '" + who.user() + "' and cannot reach user '" + asked + "'");
        }
        return who.user();
    }

    /** The memory of the path, if it exists and this key may see it. */
    private Recalled visible(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        Recalled m = state.memory().get(id).orElseThrow(() -> ApiProblem.notFound("no memory with id '" + id + "'"));
        Principal who = RequestGate.principal(ctx);
        if (who.user() != null && !who.user().equals(m.user())) {
            throw ApiProblem.forbidden("memory '" + id + "' is not of user '" + who.user() + "', the user this key is bound to");
        }
        return m;
    }

    /** The stored session name: a user-bound key's sessions live in the user's namespace. */
    private static String session(Context ctx) {
        String session = ctx.pathParam("session");
        Principal who = RequestGate.principal(ctx);
        return who.user() == null ? session : "user:" + who.user() + "/" + session;
    }

    private static MemoryKind kind(String name) {
        try {
            return MemoryKind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("'kind' must be fact, event, preference, instruction or summary, was '" + name + "'");
        }
    }

    private static Instant instant(String text, String field) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("'" + field + "' must be an ISO-8601 date-time with an offset (2024-05-01T10:00:00Z), was '" + text + "'");
        }
    }

    private static long parseLong(String text, String field) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("'" + field + "' must be an integer, was '" + text + "'");
        }
    }

    private static ObjectNode describe(Recalled m, boolean scored) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", m.id());
        o.put("text", m.text());
        if (scored) {
            o.put("score", m.score());
            o.put("confidence", m.confidence());
            Recalled.Parts p = m.parts();
            o.putObject("parts").put("semantic", p.semantic()).put("keyword", p.keyword()).put("recency", p.recency())
                    .put("importance", p.importance()).put("names", p.names()).put("time", p.time()).put("hop", p.hop());
        }
        o.put("user", m.user());
        o.put("agent", m.agent());
        o.put("session", m.session());
        o.put("kind", m.kind().name().toLowerCase(Locale.ROOT));
        o.put("importance", m.importance());
        o.put("at", m.at().toString());
        o.put("validTo", m.validTo() == null ? null : m.validTo().toString());
        o.put("supersededBy", m.supersededBy());
        o.put("seen", m.seen());
        o.set("metadata", Json.MAPPER.valueToTree(m.metadata()));
        return o;
    }
}
