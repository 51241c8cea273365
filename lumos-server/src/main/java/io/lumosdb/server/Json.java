package io.lumosdb.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading request bodies and writing responses. Bodies are parsed with limits (nesting 64 deep, the
 * body size is the server's limit) and read field by field, so a wrong type is a 400 naming the field
 * rather than whatever a data binder would say.
 */
final class Json {
    /** Deeper bodies are refused before they are built: a SQL request needs three levels. */
    static final int MAX_NESTING = 64;
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request body as a JSON object. */
    static ObjectNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw ApiProblem.badRequest("the request has no body; send a JSON object");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode o)) {
            throw ApiProblem.badRequest("the body must be a JSON object, was " + kind(node));
        }
        return o;
    }

    static String kind(JsonNode n) {
        return n == null || n.isMissingNode() ? "missing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A text field: required, or null when absent or null. */
    static String text(JsonNode o, String field, boolean required) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiProblem.badRequest("field '" + field + "' is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw ApiProblem.badRequest("field '" + field + "' must be a string, was " + kind(n));
        }
        return n.textValue();
    }

    /** An integer field within [min, max], or {@code otherwise} when absent. */
    static long integer(JsonNode o, String field, long otherwise, long min, long max) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw ApiProblem.badRequest("field '" + field + "' must be an integer from " + min + " to " + max + ", was " + n);
        }
        return n.longValue();
    }

    /** A number field, or {@code otherwise} when absent. */
    static double number(JsonNode o, String field, double otherwise) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isNumber()) {
            throw ApiProblem.badRequest("field '" + field + "' must be a number, was " + kind(n));
        }
        return n.doubleValue();
    }

    static boolean bool(JsonNode o, String field, boolean otherwise) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return otherwise;
        }
        if (!n.isBoolean()) {
            throw ApiProblem.badRequest("field '" + field + "' must be true or false, was " + kind(n));
        }
        return n.booleanValue();
    }

    /** An array field (empty when absent). */
    static List<JsonNode> array(JsonNode o, String field, boolean required) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiProblem.badRequest("field '" + field + "' is required (an array)");
            }
            return List.of();
        }
        if (!n.isArray()) {
            throw ApiProblem.badRequest("field '" + field + "' must be an array, was " + kind(n));
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /** A vector field: an array of finite numbers. */
    static float[] vector(JsonNode o, String field) {
        List<JsonNode> items = array(o, field, true);
        float[] v = new float[items.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode x = items.get(i);
            if (!x.isNumber() || !Float.isFinite(x.floatValue())) {
                throw ApiProblem.badRequest("field '" + field + "' must hold finite numbers; item " + i + " is " + x);
            }
            v[i] = x.floatValue();
        }
        return v;
    }

    /** A metadata object: field names to strings, numbers, booleans or null (nested values are kept as JSON text). */
    static Map<String, Object> metadata(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw ApiProblem.badRequest("field '" + field + "' must be an object, was " + kind(n));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue(), field + "." + e.getKey())));
        return out;
    }

    private static Object plain(JsonNode v, String where) {
        if (v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        throw ApiProblem.badRequest("'" + where + "' must be a string, number, boolean or null, was " + kind(v));
    }
}
