package io.lumosdb.vector;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors as SQLite blobs: little-endian IEEE float32, four bytes a dimension. */
final class VectorBlobs {
    private VectorBlobs() {}

    static byte[] toBytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    static float[] toVector(byte[] bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
