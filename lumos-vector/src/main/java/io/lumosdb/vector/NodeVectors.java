package io.lumosdb.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The graph's vectors by node id, in one dense array of references filled as walks meet the nodes. A
 * distance in a walk then costs one load of a reference from an array small enough to stay in cache
 * (4 bytes a node) instead of three dependent loads (the node, its item, the item's vector), which at
 * 100k vectors are cache misses more often than not. The vectors themselves are not copied.
 *
 * <p>An entry, once set, stays right: hnswlib-core 1.2.1 never changes a node's vector (a new vector for
 * an id gets a new node; only an equal vector is put on an existing node, whose entry then still holds
 * the same values). Entries are published with release and read with acquire semantics. A growth that
 * races with a fill may drop that fill; the next walk to meet the node fills it again.
 */
final class NodeVectors {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(float[][].class);
    private static final int INITIAL = 1_024;

    private volatile float[][] vectors = new float[INITIAL][];

    /** The current array, to read with {@link #get(float[][], int)} for the length of one walk. */
    float[][] array() {
        return vectors;
    }

    /** Node {@code id}'s vector in {@code array}, or null if not filled yet (or beyond it). */
    static float[] get(float[][] array, int id) {
        return id < array.length ? (float[]) SLOT.getAcquire(array, id) : null;
    }

    /** Records node {@code id}'s vector. */
    void put(int id, float[] vector) {
        float[][] array = vectors;
        if (id >= array.length) {
            array = grow(id);
        }
        SLOT.setRelease(array, id, vector);
    }

    private synchronized float[][] grow(int id) {
        float[][] array = vectors;
        if (id < array.length) {
            return array;
        }
        float[][] bigger = new float[Math.max(id + 1, array.length * 2)][];
        for (int i = 0; i < array.length; i++) {
            bigger[i] = (float[]) SLOT.getAcquire(array, i);
        }
        vectors = bigger;
        return bigger;
    }
}
