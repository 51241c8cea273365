package io.lumosdb.vector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A collection's compiled filters by text: a filter asked again (a tenant, a user) is parsed once. Holds
 * at most {@value #MAX} filters and forgets them all when full.
 *
 * <pre>{@code
 * MetadataFilter f = filters.compile("lang = 'en'");   // null for a null or blank text
 * }</pre>
 */
final class FilterCache {
    static final int MAX = 1_000;

    private final Map<String, MetadataFilter> filters = new ConcurrentHashMap<>();

    /**
     * The filter {@code text} says, or null when it is null or blank.
     *
     * @throws IllegalArgumentException for an invalid filter
     */
    MetadataFilter compile(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        MetadataFilter f = filters.get(text);
        if (f == null) {
            f = MetadataFilter.compile(text);
            if (filters.size() >= MAX) {
                filters.clear();
            }
            filters.put(text, f);
        }
        return f;
    }
}
