package io.lumosdb.vector;

import java.util.Map;

/**
 * One search result.
 *
 * <pre>{@code
 * for (VectorHit hit : docs.search(SearchRequest.of(query).k(5))) {
 *     log.info("{} {} {}", hit.id(), hit.score(), hit.metadata().get("title"));
 * }
 * }</pre>
 *
 * @param id the vector's id
 * @param score higher is closer: cosine similarity, dot product, or negated L2 distance (see {@link Metric});
 *     for a hybrid search, the fused reciprocal-rank score
 * @param metadata the metadata stored with the vector (immutable)
 */
public record VectorHit(String id, double score, Map<String, Object> metadata) {}
