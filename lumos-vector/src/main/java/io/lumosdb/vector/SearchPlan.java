package io.lumosdb.vector;

/**
 * How a search is (or was) carried out, and why: what {@link VectorCollection#explain} returns.
 *
 * <pre>{@code
 * SearchPlan plan = docs.explain(SearchRequest.of(q).k(10).filter("lang = 'de'"));
 * // EXACT_SCAN: the filter matches about 0.8% of 20,000 vectors (~160): scanning them is exact and cheap
 * }</pre>
 *
 * @param strategy the strategy chosen
 * @param reason why, in words
 * @param estimatedSelectivity the share of vectors the filter is estimated to match (1 without a filter)
 * @param estimatedMatches the number of vectors it is estimated to match
 * @param candidates the beam of the graph walk: the candidates it keeps (matches of the filter, under one); 0 for an exact scan
 */
public record SearchPlan(Strategy strategy, String reason, double estimatedSelectivity, long estimatedMatches, int candidates) {
    /** The ways a search runs. */
    public enum Strategy {
        /** The HNSW graph alone (no filter). */
        HNSW,
        /** The HNSW graph with the filter applied during the walk; an exact scan instead when the walk would cost more. */
        HNSW_FILTERED,
        /** Every vector the filter matches, compared exactly: for selective filters, and as the fallback. */
        EXACT_SCAN
    }
}
