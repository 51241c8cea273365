package io.lumosdb.vector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Metadata to and from the JSON text stored in SQLite, with the value kinds checked on the way in. */
final class MetadataJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

    private MetadataJson() {}

    /**
     * @throws IllegalArgumentException for a value that is not text, a number, a boolean, null, or a list
     *     or map of those, or a number that is not finite
     */
    static String write(Map<String, Object> metadata, String id) {
        for (Map.Entry<String, Object> e : metadata.entrySet()) {
            check(e.getValue(), id, e.getKey());
        }
        try {
            return MAPPER.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata of '" + id + "' cannot be stored as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON array of strings (for SQLite's {@code json_each}). */
    static String array(java.util.Collection<String> values) {
        try {
            return MAPPER.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> read(String json) {
        try {
            return Collections.unmodifiableMap(MAPPER.readValue(json, MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void check(Object v, String id, String key) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger || v instanceof java.math.BigDecimal) {
            return;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("metadata '" + key + "' of '" + id + "' is " + d + "; numbers must be finite");
            }
            return;
        }
        if (v instanceof List<?> list) {
            for (Object item : list) {
                check(item, id, key);
            }
            return;
        }
        if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    throw new IllegalArgumentException("metadata '" + key + "' of '" + id + "' has a key that is not text: " + e.getKey());
                }
                check(e.getValue(), id, key + "." + e.getKey());
            }
            return;
        }
        throw new IllegalArgumentException("metadata '" + key + "' of '" + id + "' is a " + v.getClass().getName()
                + "; values must be text, numbers, booleans, null, or lists and maps of those");
    }
}
