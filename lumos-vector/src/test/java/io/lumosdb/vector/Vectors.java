package io.lumosdb.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test data: clustered vectors (seeded), and exact nearest neighbours to measure recall against. */
final class Vectors {
    private Vectors() {}

    /** {@code n} vectors around {@code clusters} random centres, gaussian noise of {@code spread}. */
    static List<float[]> clustered(int n, int dimensions, int clusters, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] centres = new float[clusters][dimensions];
        for (float[] c : centres) {
            for (int i = 0; i < dimensions; i++) {
                c[i] = (float) gaussian(random);
            }
        }
        List<float[]> out = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            float[] c = centres[random.nextInt(clusters)];
            float[] v = new float[dimensions];
            for (int i = 0; i < dimensions; i++) {
                v[i] = c[i] + (float) (spread * gaussian(random));
            }
            out.add(v);
        }
        return out;
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static float[] normalized(float[] v) {
        double n = 0;
        for (float x : v) {
            n += x * x;
        }
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] /= (float) Math.sqrt(n);
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
