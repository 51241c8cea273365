package io.lumosdb.vector;

/**
 * Distance kernels over float vectors, unrolled with eight accumulators so the JIT keeps them in
 * registers and overlaps the multiply-adds (an add's latency is about four cycles; with four
 * accumulators the loop waited on them, about 15% slower at 384 dimensions). Cosine vectors are
 * normalized when stored and queried, so cosine distance is {@code 1 - dot}: the same kernel as inner
 * product. The graph keeps its vectors in flat pages ({@link HnswGraph}), so the kernels read the second
 * vector at an offset: {@code b[offset .. offset + a.length)}.
 */
final class Distances {
    private Distances() {}

    static float dot(float[] a, float[] b) {
        return dot(a, b, 0);
    }

    static float squaredL2(float[] a, float[] b) {
        return squaredL2(a, b, 0);
    }

    /** The dot product of {@code a} and the {@code a.length} floats of {@code b} from {@code offset}. */
    static float dot(float[] a, float[] b, int offset) {
        int n = a.length;
        int i = 0;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        for (; i + 7 < n; i += 8) {
            int j = offset + i;
            s0 += a[i] * b[j];
            s1 += a[i + 1] * b[j + 1];
            s2 += a[i + 2] * b[j + 2];
            s3 += a[i + 3] * b[j + 3];
            s4 += a[i + 4] * b[j + 4];
            s5 += a[i + 5] * b[j + 5];
            s6 += a[i + 6] * b[j + 6];
            s7 += a[i + 7] * b[j + 7];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[offset + i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The squared Euclidean distance between {@code a} and the {@code a.length} floats of {@code b} from {@code offset}. */
    static float squaredL2(float[] a, float[] b, int offset) {
        int n = a.length;
        int i = 0;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        for (; i + 7 < n; i += 8) {
            int j = offset + i;
            float d0 = a[i] - b[j];
            float d1 = a[i + 1] - b[j + 1];
            float d2 = a[i + 2] - b[j + 2];
            float d3 = a[i + 3] - b[j + 3];
            float d4 = a[i + 4] - b[j + 4];
            float d5 = a[i + 5] - b[j + 5];
            float d6 = a[i + 6] - b[j + 6];
            float d7 = a[i + 7] - b[j + 7];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            s4 += d4 * d4;
            s5 += d5 * d5;
            s6 += d6 * d6;
            s7 += d7 * d7;
        }
        for (; i < n; i++) {
            float d = a[i] - b[offset + i];
            s0 += d * d;
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The graph's distance under {@code metric}, on prepared vectors (see {@link #prepare}). */
    static float distance(Metric metric, float[] a, float[] b) {
        return metric == Metric.L2 ? squaredL2(a, b) : 1f - dot(a, b);
    }

    /** The graph's distance under {@code metric} between {@code a} and the vector of {@code b} at {@code offset}. */
    static float distance(Metric metric, float[] a, float[] b, int offset) {
        return metric == Metric.L2 ? squaredL2(a, b, offset) : 1f - dot(a, b, offset);
    }

    /**
     * Checks a vector and returns the form the graph stores: a copy, normalized for cosine.
     *
     * @throws IllegalArgumentException for a wrong length, NaN or infinity, or a zero vector under cosine
     */
    static float[] prepare(float[] vector, int dimensions, Metric metric, String what) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException(what + " has " + vector.length + " dimensions; the collection's vectors have "
                    + dimensions);
        }
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            float x = vector[i];
            if (Float.isNaN(x) || Float.isInfinite(x)) {
                throw new IllegalArgumentException(what + " holds " + x + " at index " + i + "; vectors must be finite");
            }
            norm += (double) x * x;
        }
        float[] copy = vector.clone();
        if (metric == Metric.COSINE) {
            if (norm == 0) {
                throw new IllegalArgumentException(what + " is all zeros: it has no direction, so no cosine similarity");
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < copy.length; i++) {
                copy[i] *= scale;
            }
        }
        return copy;
    }
}
