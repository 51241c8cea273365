package io.lumosdb.vector;

import java.util.Objects;

/**
 * The shape of a collection's vectors and the parameters of its HNSW graph.
 *
 * <pre>{@code
 * VectorSpec spec = VectorSpec.of(384, Metric.COSINE)      // dimensions, metric
 *         .withM(16).withEfConstruction(200).withEf(100)   // the HNSW paper's names
 *         .withTextField("text");                          // metadata field for keyword (BM25) search
 * }</pre>
 *
 * @param dimensions the length of every vector, 1 to 65,536
 * @param metric how vectors are compared
 * @param m links per node in the graph (more: better recall, more memory), 2 to 256
 * @param efConstruction candidates considered when linking a new node, at least {@code m}
 * @param ef candidates considered per search (at least {@code k} is used), 1 or more
 * @param textField the metadata field whose text is indexed for keyword search, or null for none
 */
public record VectorSpec(int dimensions, Metric metric, int m, int efConstruction, int ef, String textField) {
    public static final int DEFAULT_M = 16;
    public static final int DEFAULT_EF_CONSTRUCTION = 200;
    public static final int DEFAULT_EF = 100;
    public static final String DEFAULT_TEXT_FIELD = "text";

    /** @throws IllegalArgumentException for a value out of its range (named in the message) */
    public VectorSpec {
        Objects.requireNonNull(metric, "metric");
        if (dimensions < 1 || dimensions > 65_536) {
            throw new IllegalArgumentException("dimensions must be 1 to 65,536, was " + dimensions);
        }
        if (m < 2 || m > 256) {
            throw new IllegalArgumentException("M must be 2 to 256, was " + m);
        }
        if (efConstruction < m) {
            throw new IllegalArgumentException("efConstruction must be at least M (" + m + "), was " + efConstruction);
        }
        if (ef < 1) {
            throw new IllegalArgumentException("ef must be positive, was " + ef);
        }
        if (textField != null && textField.isBlank()) {
            throw new IllegalArgumentException("the text field must not be blank (null for no keyword search)");
        }
    }

    /** {@code dimensions}-long vectors compared by {@code metric}, default graph parameters, text in "text". */
    public static VectorSpec of(int dimensions, Metric metric) {
        return new VectorSpec(dimensions, metric, DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF, DEFAULT_TEXT_FIELD);
    }

    public VectorSpec withM(int m) {
        return new VectorSpec(dimensions, metric, m, Math.max(efConstruction, m), ef, textField);
    }

    public VectorSpec withEfConstruction(int efConstruction) {
        return new VectorSpec(dimensions, metric, m, efConstruction, ef, textField);
    }

    public VectorSpec withEf(int ef) {
        return new VectorSpec(dimensions, metric, m, efConstruction, ef, textField);
    }

    /** The metadata field indexed for keyword search; null turns keyword search off. */
    public VectorSpec withTextField(String textField) {
        return new VectorSpec(dimensions, metric, m, efConstruction, ef, textField);
    }
}
