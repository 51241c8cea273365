package io.lumosdb.vector;

/**
 * How vectors are compared. {@link VectorHit#score()} is higher for closer vectors under every metric.
 *
 * <ul>
 *   <li>{@link #COSINE}: vectors are normalized when stored and searched; score is the cosine
 *       similarity (1 identical direction, -1 opposite). A zero vector has no direction and is refused.
 *   <li>{@link #L2}: Euclidean; score is the negated distance.
 *   <li>{@link #INNER_PRODUCT}: score is the dot product (for vectors normalized by their producer,
 *       the same ranking as cosine without the normalization).
 * </ul>
 */
public enum Metric {
    COSINE,
    L2,
    INNER_PRODUCT;

    /** The score of a graph distance (see {@code Distances}): higher is closer. */
    double score(float distance) {
        return switch (this) {
            case COSINE, INNER_PRODUCT -> 1.0 - distance;
            case L2 -> -Math.sqrt(Math.max(0, distance));
        };
    }
}
