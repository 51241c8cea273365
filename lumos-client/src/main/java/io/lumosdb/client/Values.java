package io.lumosdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL values to and from the server's JSON, without loss (docs/server.md, "Values"): integers are JSON
 * numbers of 64 bits, blobs {@code {"$blob": base64}}, instants {@code {"$timestamp": ISO-8601}},
 * non-finite reals {@code {"$real": "Infinity"}}.
 */
final class Values {
    private Values() {}

    /** A parameter as the server takes it. */
    static Object parameter(Object v, String where) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte) {
            return v;
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException(where + " is NaN, which SQL cannot hold");
            }
            return Double.isInfinite(d) ? Map.of("$real", d > 0 ? "Infinity" : "-Infinity") : v;
        }
        if (v instanceof BigInteger b) {
            return Map.of("$int64", Long.toString(b.longValueExact()));
        }
        if (v instanceof BigDecimal b) {
            return b.doubleValue();
        }
        if (v instanceof byte[] b) {
            return Map.of("$blob", Base64.getEncoder().encodeToString(b));
        }
        if (v instanceof Instant || v instanceof OffsetDateTime) {
            return Map.of("$timestamp", v.toString());
        }
        if (v instanceof ZonedDateTime z) {
            return Map.of("$timestamp", z.toOffsetDateTime().toString());
        }
        throw new IllegalArgumentException(where + " is a " + v.getClass().getName() + "; a parameter is a String, Long, Integer,"
                + " Double, Boolean, byte[], Instant, OffsetDateTime, BigInteger (64 bits) or null");
    }

    static List<Object> parameters(Object[] params, String where) {
        List<Object> out = new ArrayList<>(params.length);
        for (int i = 0; i < params.length; i++) {
            out.add(parameter(params[i], where + "params[" + i + "]"));
        }
        return out;
    }

    /** A result value: null, Long, Double, String, Boolean or byte[]. */
    static Object value(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isObject() && n.size() == 1) {
            if (n.has("$blob")) {
                return Base64.getDecoder().decode(n.get("$blob").asText());
            }
            if (n.has("$real")) {
                String r = n.get("$real").asText();
                return r.equals("NaN") ? Double.NaN : r.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
        }
        return n.toString(); // a nested value (DuckDB list, struct): its JSON text
    }

    /** Metadata as plain Java values (Long, Double, String, Boolean, nested maps and lists). */
    static Map<String, Object> metadata(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.properties().forEach(e -> out.put(e.getKey(), Transport.JSON.convertValue(e.getValue(), Object.class)));
        }
        return out;
    }

    static Instant instant(JsonNode n) {
        return n == null || n.isNull() ? null : Instant.parse(n.asText());
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
