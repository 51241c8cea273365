package io.lumosdb.client;

import java.util.Map;

/**
 * A point found by a search, best first.
 *
 * @param id the point's id
 * @param score higher is nearer (for cosine: the similarity)
 * @param metadata the point's metadata
 */
public record VectorHit(String id, double score, Map<String, Object> metadata) {}
