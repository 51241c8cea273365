package io.lumosdb.vector;

import java.util.Map;
import java.util.Objects;

/**
 * One vector to store: its id, the vector, its metadata (values: strings, numbers, booleans, null,
 * lists and maps of those).
 *
 * <pre>{@code
 * docs.upsertAll(List.of(new VectorRecord("d1", v1, Map.of("lang", "en")), new VectorRecord("d2", v2, Map.of())));
 * }</pre>
 */
public record VectorRecord(String id, float[] vector, Map<String, Object> metadata) {
    public VectorRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(vector, "vector");
        metadata = metadata == null ? Map.of() : metadata;
    }
}
