package io.lumosdb.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vector search, as the embedded {@code io.lumosdb.vector.SearchRequest}: the query vector, how many
 * hits, an optional metadata filter ({@code "lang = 'en' AND year >= 2020"}) and optional text for hybrid
 * (vector + keyword) search. Immutable.
 *
 * <pre>{@code
 * List<VectorHit> hits = client.collection("docs").search(SearchRequest.of(new float[] {1, 0, 0}).k(5).filter("lang = 'en'"));
 * }</pre>
 */
public final class SearchRequest {
    private final float[] vector;
    private final int k;
    private final String filter;
    private final String text;

    private SearchRequest(float[] vector, int k, String filter, String text) {
        this.vector = vector;
        this.k = k;
        this.filter = filter;
        this.text = text;
    }

    /** A search for the nearest points to {@code vector} (10 by default). */
    public static SearchRequest of(float[] vector) {
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("the query vector must not be empty");
        }
        return new SearchRequest(vector.clone(), 10, null, null);
    }

    /** How many hits, 1 to 10,000. */
    public SearchRequest k(int k) {
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("k must be from 1 to 10000, was " + k);
        }
        return new SearchRequest(vector, k, filter, text);
    }

    /** Only points whose metadata satisfies {@code predicate} (the server parses it; a bad one is a {@link BadRequestException}). */
    public SearchRequest filter(String predicate) {
        return new SearchRequest(vector, k, predicate, text);
    }

    /** Also ranks by keyword match against {@code query} (hybrid search). */
    public SearchRequest text(String query) {
        return new SearchRequest(vector, k, filter, query);
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("vector", vector);
        b.put("k", k);
        if (filter != null) {
            b.put("filter", filter);
        }
        if (text != null) {
            b.put("text", text);
        }
        return b;
    }
}
