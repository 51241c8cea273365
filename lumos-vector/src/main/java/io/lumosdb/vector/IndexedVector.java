package io.lumosdb.vector;

import com.github.jelmerk.hnswlib.core.Item;

/** A vector in the graph: its id, its prepared vector, and the change sequence that wrote it (the version). */
record IndexedVector(String id, float[] vector, long version) implements Item<String, float[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public int dimensions() {
        return vector.length;
    }
}
