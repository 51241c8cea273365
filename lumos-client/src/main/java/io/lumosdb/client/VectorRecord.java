package io.lumosdb.client;

import java.util.Map;

/**
 * A point of a collection: id, vector, metadata (strings, numbers, booleans).
 *
 * @param id unique within the collection
 * @param vector as many numbers as the collection's dimensions
 * @param metadata fields a filter can test; empty for none
 */
public record VectorRecord(String id, float[] vector, Map<String, Object> metadata) {}
