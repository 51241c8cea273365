package io.lumosdb.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.lumosdb.memory.Embedder;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchPlan;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorCollections;
import io.lumosdb.vector.VectorHit;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /v1/collections}: vector collections, their points and search. A key bound to collections sees
 * and uses only those. Agent memory's own collection is not served here: its rows and vectors must change
 * together, which only {@code /v1/memories} does.
 */
final class CollectionEndpoints {
    /** Agent memory's collection (see {@code AgentMemory#vectors()}); reached through /v1/memories only. */
    static final String MEMORY_COLLECTION = "lumos_memory";
    private static final int MAX_POINTS = 10_000;

    private final ServerState state;

    CollectionEndpoints(ServerState state) {
        this.state = state;
    }

    void list(Context ctx) throws SQLException {
        Principal who = RequestGate.principal(ctx);
        ArrayNode out = Json.MAPPER.createArrayNode();
        VectorCollections all = state.db.vectors();
        for (String name : all.names()) {
            if (!name.equals(MEMORY_COLLECTION) && (who.collections() == null || who.collections().contains(name))) {
                out.add(describe(all.open(name)));
            }
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("collections", out);
        ctx.contentType("application/json").result(Json.write(body));
    }

    /** {@code PUT}: creates the collection; the same spec again is 200, another spec 409. */
    void create(Context ctx) throws SQLException {
        String name = allowed(ctx);
        ObjectNode body = Json.body(ctx);
        int dimensions = (int) Json.integer(body, "dimensions", -1, 1, 65_536);
        if (dimensions < 0) {
            throw ApiProblem.badRequest("field 'dimensions' is required (1 to 65536)");
        }
        String metricName = Json.text(body, "metric", false);
        Metric metric;
        try {
            metric = metricName == null ? Metric.COSINE : Metric.valueOf(metricName.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("'metric' must be cosine, l2 or inner_product, was '" + metricName + "'");
        }
        StoreChange.Outcome made = state.writes.change(new StoreChange.CreateCollection(name, VectorSpec.of(dimensions, metric)));
        ctx.status(made.count() == 1 ? 201 : 200).contentType("application/json").result(Json.write(describe(state.db.vectors().open(name))));
    }

    void describe(Context ctx) throws SQLException {
        ctx.contentType("application/json").result(Json.write(describe(open(ctx))));
    }

    void drop(Context ctx) throws SQLException {
        state.beforeChange();
        VectorCollection c = open(ctx);
        state.writes.change(new StoreChange.DropCollection(c.name()));
        ctx.status(204);
    }

    /** {@code PUT .../points}: every point or none. */
    void upsert(Context ctx) throws SQLException {
        state.beforeChange();
        VectorCollection c = open(ctx);
        List<JsonNode> items = Json.array(Json.body(ctx), "points", true);
        if (items.isEmpty() || items.size() > MAX_POINTS) {
            throw ApiProblem.badRequest("'points' must hold 1 to " + MAX_POINTS + " points, held " + items.size());
        }
        List<VectorRecord> records = new ArrayList<>(items.size());
        List<Integer> byText = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode p = items.get(i);
            if (!p.isObject()) {
                throw ApiProblem.badRequest("points[" + i + "] must be an object {\"id\", \"vector\" or \"text\", \"metadata\"}");
            }
            try {
                String text = Json.text(p, "text", false);
                if (text != null && p.hasNonNull("vector")) {
                    throw ApiProblem.badRequest("give 'vector' or 'text' (embedded by the server), not both");
                }
                float[] vector = text != null ? null : Json.vector(p, "vector");
                if (text != null) {
                    byText.add(i);
                    texts.add(text);
                }
                records.add(new VectorRecord(Json.text(p, "id", true), vector == null ? new float[0] : vector, Json.metadata(p, "metadata")));
            } catch (ApiProblem e) {
                throw ApiProblem.badRequest("points[" + i + "]: " + e.getMessage());
            }
        }
        if (!texts.isEmpty()) {
            List<float[]> vectors = embedder(c).embedAll(texts);
            for (int j = 0; j < byText.size(); j++) {
                VectorRecord r = records.get(byText.get(j));
                records.set(byText.get(j), new VectorRecord(r.id(), vectors.get(j), r.metadata()));
            }
        }
        StoreChange.Outcome done = state.writes.change(new StoreChange.UpsertPoints(c.name(), records));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("upserted", records.size());
        out.put("size", done.count());
        ctx.contentType("application/json").result(Json.write(out));
    }

    void point(Context ctx) throws SQLException {
        VectorCollection c = open(ctx);
        String id = ctx.pathParam("id");
        VectorRecord r = c.get(id).orElseThrow(() -> ApiProblem.notFound("no point '" + id + "' in collection '" + c.name() + "'"));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("id", r.id());
        ArrayNode v = out.putArray("vector");
        for (float x : r.vector()) {
            v.add(x);
        }
        out.set("metadata", Json.MAPPER.valueToTree(r.metadata()));
        ctx.contentType("application/json").result(Json.write(out));
    }

    void deletePoint(Context ctx) throws SQLException {
        state.beforeChange();
        VectorCollection c = open(ctx);
        String id = ctx.pathParam("id");
        if (state.writes.change(new StoreChange.DeletePoint(c.name(), id)).count() == 0) {
            throw ApiProblem.notFound("no point '" + id + "' in collection '" + c.name() + "'");
        }
        ctx.status(204);
    }

    void search(Context ctx) throws SQLException {
        VectorCollection c = open(ctx);
        ctx.contentType("application/json").result(Json.write(search(c, Json.body(ctx))));
    }

    /**
     * A search of {@code collection} for whoever {@code who} is (a collection outside a bound key's list is
     * 403, agent memory's own 403, a missing one 404), as the REST answer: {@code {"hits", "plan"}}.
     * GraphQL's {@code vectorSearch} answers the same.
     */
    ObjectNode search(Principal who, String collection, ObjectNode request) throws SQLException {
        return search(open(who, collection), request);
    }

    /**
     * With {@code vector}, a search by that vector ({@code text}: the hybrid keyword part). Without it, a
     * search by {@code text} embedded by the server's embedder (agent memory's), when the collection's
     * dimensions are the embedder's; {@code hybrid: true} also uses the text as keywords.
     */
    private ObjectNode search(VectorCollection c, ObjectNode body) throws SQLException {
        String text = Json.text(body, "text", false);
        float[] vector;
        Embedder embedder = null;
        boolean hybrid = Json.bool(body, "hybrid", false);
        if (body.hasNonNull("vector")) {
            vector = Json.vector(body, "vector");
            if (body.has("hybrid")) {
                throw ApiProblem.badRequest("'hybrid' goes with a search by text only: with 'vector', 'text' is the keyword part already");
            }
            hybrid = text != null;
        } else {
            if (text == null || text.isBlank()) {
                throw ApiProblem.badRequest("give 'vector' (the query vector) or 'text' (embedded by the server's embedder)");
            }
            embedder = embedder(c);
            vector = embedder.embed(text);
        }
        SearchRequest request = SearchRequest.of(vector)
                .k((int) Json.integer(body, "k", 10, 1, 10_000))
                .filter(Json.text(body, "filter", false))
                .text(hybrid ? text : null);
        List<VectorHit> hits = c.search(request);
        SearchPlan plan = c.explain(request);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("hits");
        for (VectorHit h : hits) {
            ObjectNode o = list.addObject();
            o.put("id", h.id());
            o.put("score", h.score());
            o.set("metadata", Json.MAPPER.valueToTree(h.metadata()));
        }
        ObjectNode p = out.putObject("plan");
        p.put("strategy", plan.strategy().name());
        p.put("reason", plan.reason());
        p.put("estimatedSelectivity", plan.estimatedSelectivity());
        p.put("estimatedMatches", plan.estimatedMatches());
        p.put("candidates", plan.candidates());
        if (embedder != null) {
            out.putObject("embedded").put("model", embedder.modelId()).put("dimensions", embedder.dimensions()).put("hybrid", hybrid);
        }
        return out;
    }

    /** The server's embedder (agent memory's), if it makes vectors of {@code c}'s dimensions; else a 400 naming both. */
    private Embedder embedder(VectorCollection c) throws SQLException {
        Embedder embedder = state.memory().embedder();
        if (embedder.dimensions() != c.spec().dimensions()) {
            throw ApiProblem.badRequest("collection '" + c.name() + "' has " + c.spec().dimensions() + " dimensions; the server's embedder "
                    + embedder.modelId() + " makes " + embedder.dimensions() + ": give vectors, not text");
        }
        return embedder;
    }

    /** The collection of the path, if this key may use it; 404 if it does not exist. */
    private VectorCollection open(Context ctx) throws SQLException {
        return open(RequestGate.principal(ctx), ctx.pathParam("name"));
    }

    private VectorCollection open(Principal who, String collection) throws SQLException {
        String name = allowed(who, collection);
        VectorCollections all = state.db.vectors();
        if (!all.exists(name)) {
            throw ApiProblem.notFound("no vector collection named '" + name + "'");
        }
        return all.open(name);
    }

    private static String allowed(Context ctx) {
        return allowed(RequestGate.principal(ctx), ctx.pathParam("name"));
    }

    private static String allowed(Principal who, String name) {
        if (name.equals(MEMORY_COLLECTION)) {
            throw ApiProblem.forbidden("collection '" + MEMORY_COLLECTION + "' is agent memory's: use /v1/memories");
        }
        who.requireCollection(name);
        return name;
    }

    private static ObjectNode describe(VectorCollection c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", c.name());
        o.put("dimensions", c.spec().dimensions());
        o.put("metric", c.spec().metric().name().toLowerCase(Locale.ROOT));
        o.put("size", c.size());
        return o;
    }
}
