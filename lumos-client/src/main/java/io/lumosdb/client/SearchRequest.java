package io.lumosdb.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A vector search, as the embedded {@code io.lumosdb.vector.SearchRequest}: the query vector, how many
 * hits, an optional metadata filter ({@code "lang = 'en' AND year >= 2020"}) and optional text for hybrid
 * (vector + keyword) search; or a search by text that the server embeds with its own embedder
 * ({@link #byText}; the collection must have the embedder's dimensions). Immutable.
 *
 * <pre>{@code
 * List<VectorHit> hits = client.collection("docs").search(SearchRequest.of(new float[] {1, 0, 0}).k(5).filter("lang = 'en'"));
 * List<VectorHit> same = client.collection("notes").search(SearchRequest.byText("how did sales go").k(5));
 * }</pre>
 */
public final class SearchRequest {
    private final float[] vector;
    private final int k;
    private final String filter;
    private final String text;
    private final boolean hybrid;

    private SearchRequest(float[] vector, int k, String filter, String text, boolean hybrid) {
        this.vector = vector;
        this.k = k;
        this.filter = filter;
        this.text = text;
        this.hybrid = hybrid;
    }

    /**
     * A search by {@code text}, embedded by the server's embedder (10 hits by default); {@link #text} then
     * makes it hybrid with that text as keywords.
     *
     * @throws IllegalArgumentException if the text is empty
     */
    public static SearchRequest byText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the query text must not be empty");
        }
        return new SearchRequest(null, 10, null, text, false);
    }

    /** A search for the nearest points to {@code vector} (10 by default). */
    public static SearchRequest of(float[] vector) {
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("the query vector must not be empty");
        }
        return new SearchRequest(vector.clone(), 10, null, null, false);
    }

    /** How many hits, 1 to 10,000. */
    public SearchRequest k(int k) {
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("k must be from 1 to 10000, was " + k);
        }
        return new SearchRequest(vector, k, filter, text, hybrid);
    }

    /** Only points whose metadata satisfies {@code predicate} (the server parses it; a bad one is a {@link BadRequestException}). */
    public SearchRequest filter(String predicate) {
        return new SearchRequest(vector, k, predicate, text, hybrid);
    }

    /**
     * Also ranks by keyword match against {@code query} (hybrid search). For a search {@link #byText}, the
     * keywords are its text.
     *
     * @throws IllegalArgumentException for a search by text given other keywords
     */
    public SearchRequest text(String query) {
        if (vector == null) {
            if (!text.equals(query)) {
                throw new IllegalArgumentException("a search by text uses its own text as keywords, not '" + query + "'");
            }
            return new SearchRequest(null, k, filter, text, true);
        }
        return new SearchRequest(vector, k, filter, query, query != null);
    }

    Map<String, Object> body() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (vector != null) {
            b.put("vector", vector);
        } else if (hybrid) {
            b.put("hybrid", true);
        }
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
