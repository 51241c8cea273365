package io.lumosdb.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code /v1/cluster}: the cluster as this node sees it, and membership changes (admins). Added to the
 * server through {@code LumosServerBuilder.route}, so keys, roles and problem responses are the server's.
 */
final class ClusterEndpoints {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final ClusterNode node;

    ClusterEndpoints(ClusterNode node) {
        this.node = node;
    }

    /** {@code GET /v1/cluster}. */
    void status(Context ctx) {
        ClusterNode.Status s = node.status();
        ObjectNode out = MAPPER.createObjectNode();
        out.put("self", s.self());
        if (s.leader() == null) {
            out.putNull("leader");
        } else {
            out.put("leader", s.leader());
        }
        out.put("term", s.term());
        ArrayNode members = out.putArray("members");
        for (ClusterNode.MemberStatus m : s.members()) {
            ObjectNode o = members.addObject();
            o.put("id", m.id());
            o.put("address", m.address());
            o.put("role", m.role());
            o.put("appliedIndex", m.appliedIndex());
            o.put("lag", m.lag());
        }
        ctx.contentType("application/json").result(out.toString());
    }

    /** {@code POST /v1/cluster/members} with {@code {"id": "n4", "address": "127.0.0.1:9804", "listener": false}}. */
    void addMember(Context ctx) throws IOException {
        JsonNode body = body(ctx);
        String id = text(body, "id");
        String address = text(body, "address");
        boolean listener = body.path("listener").asBoolean(false);
        ClusterMember member = ClusterMember.parse(id + "@" + address);
        node.addMember(member, listener);
        ctx.status(201).contentType("application/json").result(node.status().members().stream()
                .filter(m -> m.id().equals(id)).findFirst().map(m -> "{\"id\":\"" + m.id() + "\",\"role\":\"" + m.role() + "\"}")
                .orElse("{\"id\":\"" + id + "\"}"));
    }

    /** {@code DELETE /v1/cluster/members/{id}}. */
    void removeMember(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        node.removeMember(id);
        ctx.contentType("application/json").result("{\"id\":\"" + id + "\",\"removed\":true}");
    }

    /** {@code POST /v1/cluster/leader} with {@code {"id": "n2"}}. */
    void transferLeadership(Context ctx) throws IOException {
        String id = text(body(ctx), "id");
        if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("'id' must be a node id, was '" + id + "'");
        }
        node.transferLeadership(id, Duration.ofSeconds(10));
        ctx.contentType("application/json").result("{\"leader\":\"" + id + "\"}");
    }

    private static JsonNode body(Context ctx) throws IOException {
        JsonNode body = MAPPER.readTree(ctx.bodyAsBytes());
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        return body;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is required and must be a string");
        }
        return v.textValue();
    }
}
