package io.lumosdb.memory.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How a {@link TextSegment} is kept in a vector record's metadata, so that every LangChain4j metadata key is
 * the user's and every value comes back with the type it went in with, as in LangChain4j's in-memory store.
 *
 * <p><b>Keys.</b> The store's own fields start with {@value #PREFIX}: the segment's text ({@value #TEXT}, also
 * the collection's keyword-search field) and the Java types JSON cannot tell apart ({@value #TYPES}). A user
 * key that itself starts with {@value #PREFIX} is stored with the prefix doubled, so no user key can land on
 * a field of the store and every other key is stored as it is (filters and SQL analytics see plain names).
 * Collections created before this layout keep the text in their spec's text field ({@code text}); there that
 * one key stays reserved (see {@link #of}).
 *
 * <p><b>Types.</b> JSON keeps text, integers and doubles; {@code Long}, {@code Float} and {@code UUID} values
 * are written as a number or text and their type recorded in {@value #TYPES} (key to {@code long},
 * {@code float} or {@code uuid}), read back as that type. A float is read from the shortest decimal of its
 * double, which is the float's own {@link Float#toString} (exact for every float).
 */
final class SegmentFields {
    static final String PREFIX = "lc4j_";
    static final String TEXT = PREFIX + "text";
    static final String TYPES = PREFIX + "types";

    private final String textField;

    private SegmentFields(String textField) {
        this.textField = textField;
    }

    /**
     * The layout of a collection whose keyword field is {@code specTextField}: the text in {@value #TEXT} when that
     * is the field or there is none, else (an older or foreign collection) in that field.
     */
    static SegmentFields of(String specTextField) {
        return new SegmentFields(specTextField == null || specTextField.startsWith(PREFIX) ? TEXT : specTextField);
    }

    String textField() {
        return textField;
    }

    /** The stored name of user key {@code key}. */
    String stored(String key) {
        if (key.startsWith(PREFIX)) {
            return PREFIX + key;
        }
        if (key.equals(textField)) {
            throw new IllegalArgumentException("this collection was created before segment metadata could use any key: it"
                    + " keeps the segment text in '" + textField + "', so that key cannot be used (recreate the collection)");
        }
        return key;
    }

    /** The record metadata of {@code segment} (none for a bare embedding). */
    Map<String, Object> write(TextSegment segment) {
        if (segment == null) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : segment.metadata().toMap().entrySet()) {
            String key = stored(e.getKey());
            Object v = e.getValue();
            if (v instanceof UUID u) {
                types.put(key, "uuid");
                v = u.toString();
            } else if (v instanceof Float f) {
                types.put(key, "float");
                v = filterValue(f); // the same double in memory as after a reopen, so filters see one value
            } else if (v instanceof Long) {
                types.put(key, "long");
            }
            out.put(key, v);
        }
        if (!types.isEmpty()) {
            out.put(TYPES, types);
        }
        out.put(textField, segment.text());
        return out;
    }

    /** The segment of a record's metadata, null when it holds no text (a bare embedding). */
    TextSegment read(Map<String, Object> fields) {
        if (!(fields.get(textField) instanceof String text)) {
            return null;
        }
        Map<?, ?> types = fields.get(TYPES) instanceof Map<?, ?> m ? m : Map.of();
        Map<String, Object> meta = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String key = e.getKey();
            if (key.equals(textField) || key.equals(TYPES)) {
                continue;
            }
            meta.put(key.startsWith(PREFIX + PREFIX) ? key.substring(PREFIX.length()) : key, typed(e.getValue(), types.get(key)));
        }
        return TextSegment.from(text, Metadata.from(meta));
    }

    private static Object typed(Object v, Object type) {
        if (type == null || v == null) {
            return v instanceof java.math.BigInteger b ? b.longValue() : v;
        }
        return switch (type.toString()) {
            case "uuid" -> UUID.fromString(v.toString());
            case "float" -> Float.parseFloat(Double.toString(((Number) v).doubleValue()));
            case "long" -> ((Number) v).longValue();
            default -> v;
        };
    }

    /** A filter value as the store compares it: a UUID as its text, a float by its own decimal (as LangChain4j does). */
    static Object filterValue(Object v) {
        if (v instanceof UUID u) {
            return u.toString();
        }
        if (v instanceof Float f) {
            return Double.parseDouble(Float.toString(f));
        }
        return v;
    }
}
