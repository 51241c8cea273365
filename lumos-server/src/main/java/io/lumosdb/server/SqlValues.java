package io.lumosdb.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * SQL values over JSON without loss, both ways.
 *
 * <ul>
 *   <li>Integers are JSON numbers, all 64 bits of them (Jackson and Java clients read them exactly). A
 *       JavaScript number holds 53 bits: with {@code ?int64=string} the server writes integers beyond
 *       ±2^53 as strings, and clients may send {@code {"$int64": "9007199254740993"}}.
 *   <li>Blobs are {@code {"$blob": "<base64>"}}, both ways.
 *   <li>Reals are JSON numbers; the non-finite ones JSON cannot hold are {@code {"$real": "Infinity"}}.
 *   <li>Timestamps are sent as {@code {"$timestamp": "2024-05-01T10:00:00Z"}} (ISO-8601, any offset;
 *       stored as UTC); they read back as the value model's UTC text ({@code 2024-05-01 10:00:00}).
 * </ul>
 */
final class SqlValues {
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private SqlValues() {}

    /** A parameter value for binding, from its JSON form. */
    static Object parameter(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                throw ApiProblem.badRequest(where + " is an integer beyond 64 bits: " + n);
            }
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isObject() && n.size() == 1) {
            var field = n.properties().iterator().next();
            JsonNode v = field.getValue();
            if (!v.isTextual()) {
                throw ApiProblem.badRequest(where + "." + field.getKey() + " must be a string");
            }
            switch (field.getKey()) {
                case "$blob" -> {
                    try {
                        return Base64.getDecoder().decode(v.textValue());
                    } catch (IllegalArgumentException e) {
                        throw ApiProblem.badRequest(where + ".$blob is not base64: " + e.getMessage());
                    }
                }
                case "$int64" -> {
                    try {
                        return new BigInteger(v.textValue().trim()).longValueExact();
                    } catch (ArithmeticException | NumberFormatException e) {
                        throw ApiProblem.badRequest(where + ".$int64 is not a 64-bit integer: " + v.textValue());
                    }
                }
                case "$timestamp" -> {
                    try {
                        return OffsetDateTime.parse(v.textValue()).toInstant();
                    } catch (DateTimeParseException e) {
                        try {
                            return Instant.parse(v.textValue());
                        } catch (DateTimeParseException e2) {
                            throw ApiProblem.badRequest(where + ".$timestamp is not an ISO-8601 date-time with an offset"
                                    + " (2024-05-01T10:00:00Z): " + v.textValue());
                        }
                    }
                }
                case "$real" -> {
                    return switch (v.textValue()) {
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        case "-Infinity" -> Double.NEGATIVE_INFINITY;
                        default -> throw ApiProblem.badRequest(where + ".$real must be Infinity or -Infinity");
                    };
                }
                default -> { }
            }
        }
        throw ApiProblem.badRequest(where + " must be a string, number, boolean, null, or one of {\"$blob\": base64},"
                + " {\"$int64\": digits}, {\"$timestamp\": ISO-8601}, {\"$real\": \"Infinity\"}; was " + Json.kind(n));
    }

    /** The parameters of field {@code params} (an array; none when absent). */
    static Object[] parameters(JsonNode request, String where) {
        List<JsonNode> items = Json.array(request, "params", false);
        Object[] out = new Object[items.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parameter(items.get(i), where + "params[" + i + "]");
        }
        return out;
    }

    /** Writes one result value. */
    static void write(JsonGenerator g, Object v, boolean int64AsString) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long l) {
            if (int64AsString && (l > MAX_SAFE_INTEGER || l < -MAX_SAFE_INTEGER)) {
                g.writeString(Long.toString(l));
            } else {
                g.writeNumber(l);
            }
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            if (Double.isFinite(d)) {
                g.writeNumber(d);
            } else {
                g.writeStartObject();
                g.writeStringField("$real", d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                g.writeEndObject();
            }
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof byte[] b) {
            g.writeStartObject();
            g.writeStringField("$blob", Base64.getEncoder().encodeToString(b));
            g.writeEndObject();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }
}
