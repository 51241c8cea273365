package io.lumosdb.vector;

/** A vector to index: its id, its prepared vector, and the change sequence that wrote it (the version). */
record IndexedVector(String id, float[] vector, long version) {}
