package io.lumosdb.vector;

import java.util.Objects;

/**
 * What to search for: a query vector, how many results, and optionally a metadata filter and a text for
 * hybrid (vector + keyword) search. Immutable; each method returns a new request.
 *
 * <pre>{@code
 * SearchRequest r = SearchRequest.of(query).k(10)
 *         .filter("lang = 'en' AND year >= 2020")   // SQL predicate over metadata fields
 *         .text("kubernetes autoscaling")            // BM25 over the spec's text field, fused by rank
 *         .weights(1.0, 0.5);                        // vector and keyword weights of the fusion
 * }</pre>
 *
 * <p>The filter language: metadata fields (by name, or "quoted" when the name is not a plain word)
 * compared with constants ({@code = <> != < <= > >=}), {@code IN (...)}, {@code BETWEEN}, {@code LIKE},
 * {@code LIKE 'pattern' ESCAPE '\\'}, {@code IS [NOT] NULL}, combined with {@code AND}, {@code OR}, {@code NOT} and parentheses. Nothing
 * else is accepted: the filter is evaluated by the collection, never handed to an SQL engine. Nesting and
 * length are limited ({@link MetadataFilter}, "Limits").
 */
public final class SearchRequest {
    /** Rank constant of reciprocal rank fusion (Cormack et al., 2009). */
    public static final int DEFAULT_RRF_K = 60;

    private final float[] vector;
    private final int k;
    private final String filter;
    private final String text;
    private final double vectorWeight;
    private final double textWeight;
    private final Integer ef;
    private final boolean exact;

    private SearchRequest(float[] vector, int k, String filter, String text, double vectorWeight, double textWeight, Integer ef) {
        this(vector, k, filter, text, vectorWeight, textWeight, ef, false);
    }

    private SearchRequest(float[] vector, int k, String filter, String text, double vectorWeight, double textWeight, Integer ef,
            boolean exact) {
        this.vector = vector;
        this.k = k;
        this.filter = filter;
        this.text = text;
        this.vectorWeight = vectorWeight;
        this.textWeight = textWeight;
        this.ef = ef;
        this.exact = exact;
    }

    /** A request for the 10 vectors closest to {@code vector}. */
    public static SearchRequest of(float[] vector) {
        return new SearchRequest(Objects.requireNonNull(vector, "vector").clone(), 10, null, null, 1.0, 1.0, null);
    }

    /** How many results (1 to 10,000). */
    public SearchRequest k(int k) {
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("k must be 1 to 10,000, was " + k);
        }
        return new SearchRequest(vector, k, filter, text, vectorWeight, textWeight, ef, exact);
    }

    /**
     * Only vectors whose metadata satisfies {@code predicate} (see the class comment); null for none. The text
     * is parsed by the search (an invalid one is an {@link IllegalArgumentException} there). To restrict a
     * caller's text to a tenant or a user, do not paste it into your own predicate: parse both and use
     * {@link #filter(MetadataFilter)} with {@link MetadataFilter#and}.
     */
    public SearchRequest filter(String predicate) {
        return new SearchRequest(vector, k, predicate == null || predicate.isBlank() ? null : predicate, text,
                vectorWeight, textWeight, ef, exact);
    }

    /**
     * Only vectors whose metadata satisfies {@code filter}, a filter already parsed (and perhaps combined with
     * others by {@link MetadataFilter#and}); it travels as its canonical text, which parses to the same filter.
     */
    public SearchRequest filter(MetadataFilter filter) {
        return filter(Objects.requireNonNull(filter, "filter").toString());
    }

    /** Also rank by keyword relevance (BM25) of {@code query} in the text field, fused with the vector ranks. */
    public SearchRequest text(String query) {
        return new SearchRequest(vector, k, filter, query == null || query.isBlank() ? null : query, vectorWeight,
                textWeight, ef, exact);
    }

    /** Weights of the vector and keyword ranks in the fusion (default 1 and 1); neither negative, not both 0. */
    public SearchRequest weights(double vectorWeight, double textWeight) {
        if (!(vectorWeight >= 0) || !(textWeight >= 0) || vectorWeight + textWeight == 0) {
            throw new IllegalArgumentException("fusion weights must be non-negative and not both 0, were "
                    + vectorWeight + " and " + textWeight);
        }
        return new SearchRequest(vector, k, filter, text, vectorWeight, textWeight, ef, exact);
    }

    /** Candidates the graph search considers, overriding the collection's {@link VectorSpec#ef()}. */
    public SearchRequest ef(int ef) {
        if (ef < 1) {
            throw new IllegalArgumentException("ef must be positive, was " + ef);
        }
        return new SearchRequest(vector, k, filter, text, vectorWeight, textWeight, ef, exact);
    }

    /**
     * Compares the query with every vector that passes the filter instead of walking the graph: recall 1, at a
     * cost linear in the collection (for checking recall, or small collections).
     */
    public SearchRequest exact() {
        return new SearchRequest(vector, k, filter, text, vectorWeight, textWeight, ef, true);
    }

    /** Whether {@link #exact()} was asked. */
    public boolean isExact() {
        return exact;
    }

    float[] vector() {
        return vector;
    }

    public int k() {
        return k;
    }

    public String filter() {
        return filter;
    }

    public String text() {
        return text;
    }

    public double vectorWeight() {
        return vectorWeight;
    }

    public double textWeight() {
        return textWeight;
    }

    Integer efOverride() {
        return ef;
    }

    @Override
    public String toString() {
        return "SearchRequest[k=" + k + (filter != null ? ", filter=" + filter : "") + (text != null ? ", text=" + text : "") + "]";
    }
}
