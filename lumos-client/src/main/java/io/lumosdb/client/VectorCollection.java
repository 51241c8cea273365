package io.lumosdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A vector collection on the server, with the embedded {@code VectorCollection}'s names: {@link #upsert},
 * {@link #upsertAll}, {@link #get}, {@link #delete}, {@link #search}. Thread-safe; a handle costs nothing
 * (no request until a method is called).
 *
 * <pre>{@code
 * VectorCollection docs = client.collection("docs").create(3, "cosine");
 * docs.upsert("d1", new float[] {1, 0, 0}, Map.of("lang", "en"));
 * List<VectorHit> near = docs.search(SearchRequest.of(new float[] {1, 0.1f, 0}).k(5).filter("lang = 'en'"));
 * }</pre>
 */
public final class VectorCollection {
    private final Transport transport;
    private final String name;
    private final String path;

    VectorCollection(Transport transport, String name) {
        this.transport = transport;
        this.name = name;
        this.path = "/v1/collections/" + Transport.segment(name);
    }

    /** The collection's name. */
    public String name() {
        return name;
    }

    /**
     * Creates the collection (or finds it with the same spec).
     *
     * @param metric {@code cosine}, {@code l2} or {@code inner_product}
     * @throws ConflictException if it exists with other dimensions or another metric
     */
    public VectorCollection create(int dimensions, String metric) {
        transport.call("PUT", path, Map.of("dimensions", dimensions, "metric", metric));
        return this;
    }

    /** Whether the collection exists. */
    public boolean exists() {
        try {
            transport.call("GET", path, null);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** How many points it holds. */
    public int size() {
        return transport.call("GET", path, null).path("size").asInt();
    }

    /** Drops the collection and its points. */
    public void drop() {
        transport.call("DELETE", path, null);
    }

    /** Adds or replaces one point. */
    public void upsert(String id, float[] vector, Map<String, Object> metadata) {
        upsertAll(List.of(new VectorRecord(id, vector, metadata)));
    }

    /**
     * Adds or replaces one point whose vector the server makes from {@code text} with its embedder (the
     * collection must have the embedder's dimensions, else a {@link BadRequestException}); search it with
     * {@link SearchRequest#byText}.
     */
    public void upsertText(String id, String text, Map<String, Object> metadata) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("id", id);
        p.put("text", text);
        p.put("metadata", metadata == null ? Map.of() : metadata);
        transport.call("PUT", path + "/points", Map.of("points", List.of(p)));
    }

    /** Adds or replaces points: all of them or, on an error, none. */
    public void upsertAll(List<VectorRecord> records) {
        List<Map<String, Object>> points = new ArrayList<>(records.size());
        for (VectorRecord r : records) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("id", r.id());
            p.put("vector", r.vector());
            p.put("metadata", r.metadata() == null ? Map.of() : r.metadata());
            points.add(p);
        }
        transport.call("PUT", path + "/points", Map.of("points", points));
    }

    /** The point with this id, if any. */
    public Optional<VectorRecord> get(String id) {
        JsonNode p;
        try {
            p = transport.call("GET", path + "/points/" + Transport.segment(id), null);
        } catch (NotFoundException e) {
            if (!exists()) {
                throw e;
            }
            return Optional.empty();
        }
        JsonNode v = p.get("vector");
        float[] vector = new float[v.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) v.get(i).doubleValue();
        }
        return Optional.of(new VectorRecord(p.get("id").asText(), vector, Values.metadata(p.get("metadata"))));
    }

    /** Deletes a point; false if it was not there. */
    public boolean delete(String id) {
        try {
            transport.call("DELETE", path + "/points/" + Transport.segment(id), null);
            return true;
        } catch (NotFoundException e) {
            if (!exists()) {
                throw e;
            }
            return false;
        }
    }

    /** The nearest points, best first. */
    public List<VectorHit> search(SearchRequest request) {
        JsonNode answer = transport.call("POST", path + "/search", request.body());
        List<VectorHit> hits = new ArrayList<>();
        for (JsonNode h : answer.path("hits")) {
            hits.add(new VectorHit(h.get("id").asText(), h.get("score").asDouble(), Values.metadata(h.get("metadata"))));
        }
        return hits;
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name + " on " + transport.base() + "]";
    }
}
