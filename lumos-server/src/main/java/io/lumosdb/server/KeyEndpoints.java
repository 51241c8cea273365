package io.lumosdb.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code /v1/admin/keys}: admins make, list and revoke keys while the server runs; effective at once. */
final class KeyEndpoints {
    private final ServerState state;

    KeyEndpoints(ServerState state) {
        this.state = state;
    }

    void create(Context ctx) throws SQLException {
        ObjectNode body = Json.body(ctx);
        Role role = Role.parse(Json.text(body, "role", true));
        Set<String> collections = null;
        if (body.has("collections") && !body.get("collections").isNull()) {
            collections = new LinkedHashSet<>();
            for (JsonNode c : Json.array(body, "collections", true)) {
                if (!c.isTextual()) {
                    throw ApiProblem.badRequest("'collections' must hold names (strings), held " + c);
                }
                collections.add(c.textValue());
            }
        }
        ApiKeys.Issued issued = state.writes.createKey(state.keys, role, Json.text(body, "name", false), Json.text(body, "user", false), collections);
        ObjectNode out = describe(issued.key());
        out.put("key", issued.secret());
        ctx.status(201).contentType("application/json").result(Json.write(out));
    }

    void list(Context ctx) {
        ArrayNode keys = Json.MAPPER.createArrayNode();
        state.keys.list().forEach(k -> keys.add(describe(k)));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.set("keys", keys);
        ctx.contentType("application/json").result(Json.write(out));
    }

    void revoke(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        ApiKey k = state.writes.revokeKey(state.keys, id).orElseThrow(() -> ApiProblem.notFound("no key with id or name '" + id + "'"));
        ObjectNode out = describe(k);
        out.put("revoked", true);
        ctx.contentType("application/json").result(Json.write(out));
    }

    static ObjectNode describe(ApiKey k) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", k.id());
        o.put("name", k.name());
        o.put("role", k.role().label());
        o.put("user", k.user());
        if (k.collections() == null) {
            o.putNull("collections");
        } else {
            o.set("collections", Json.MAPPER.valueToTree(List.copyOf(k.collections())));
        }
        o.put("created", k.created().toString());
        return o;
    }
}
