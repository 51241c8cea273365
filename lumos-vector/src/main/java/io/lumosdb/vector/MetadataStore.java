package io.lumosdb.vector;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata of a collection's vectors, in memory, with equality indexes on the fields filters test
 * with {@code =} or {@code IN} (user, tenant, session...). An index is built the first time a filter uses
 * its field, then kept up to date by every write, so a selective filter finds its matches in time
 * proportional to the matches, not to the collection. Writes are serialized by the collection; reads run
 * concurrently and see each write once it returned.
 */
final class MetadataStore {
    /** Values longer than this are not indexed (long texts are not what equality filters are for). */
    static final int MAX_INDEXED_TEXT = 512;

    private final ConcurrentHashMap<String, Map<String, Object>> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<Object, Set<String>>> indexes = new ConcurrentHashMap<>();

    Map<String, Object> get(String id) {
        return byId.get(id);
    }

    boolean containsKey(String id) {
        return byId.containsKey(id);
    }

    /** Every id and its metadata (weakly consistent, as a search needs). */
    ConcurrentHashMap<String, Map<String, Object>> all() {
        return byId;
    }

    synchronized void put(String id, Map<String, Object> metadata) {
        Map<String, Object> old = byId.put(id, metadata);
        indexes.forEach((field, index) -> {
            if (old != null) {
                unindex(index, old.get(field), id);
            }
            index(index, metadata.get(field), id);
        });
    }

    synchronized void remove(String id) {
        Map<String, Object> old = byId.remove(id);
        if (old != null) {
            indexes.forEach((field, index) -> unindex(index, old.get(field), id));
        }
    }

    synchronized void putAll(Map<String, Map<String, Object>> loaded) {
        loaded.forEach(this::put);
    }

    /** Ids that may match a filter (a superset: the filter must still be tested), and the field that gave them. */
    record Narrowed(String field, Collection<String> ids) {}

    /**
     * The ids that may match {@code filter}, from the most selective of its equality conjuncts; null when it
     * has none.
     */
    Narrowed candidates(MetadataFilter filter) {
        Collection<String> best = null;
        String bestField = null;
        for (MetadataFilter.Equality eq : filter.equalities()) {
            ConcurrentHashMap<Object, Set<String>> index = indexes.get(eq.field());
            if (index == null) {
                index = build(eq.field());
            }
            Collection<String> ids;
            if (eq.keys().size() == 1) {
                ids = index.getOrDefault(eq.keys().get(0), Set.of());
            } else {
                Set<String> union = new java.util.HashSet<>();
                for (Object k : eq.keys()) {
                    union.addAll(index.getOrDefault(k, Set.of()));
                }
                ids = union;
            }
            if (best == null || ids.size() < best.size()) {
                best = ids;
                bestField = eq.field();
            }
        }
        return best == null ? null : new Narrowed(bestField, best);
    }

    /** Builds the index of {@code field}, under the write monitor so that no write is missed. */
    private synchronized ConcurrentHashMap<Object, Set<String>> build(String field) {
        ConcurrentHashMap<Object, Set<String>> index = indexes.get(field);
        if (index != null) {
            return index;
        }
        ConcurrentHashMap<Object, Set<String>> built = new ConcurrentHashMap<>();
        byId.forEach((id, meta) -> index(built, meta.get(field), id));
        indexes.put(field, built);
        return built;
    }

    private static void index(ConcurrentHashMap<Object, Set<String>> index, Object value, String id) {
        Object key = indexable(value);
        if (key != null) {
            index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id);
        }
    }

    private static void unindex(ConcurrentHashMap<Object, Set<String>> index, Object value, String id) {
        Object key = indexable(value);
        if (key != null) {
            index.computeIfPresent(key, (k, ids) -> {
                ids.remove(id);
                return ids.isEmpty() ? null : ids;
            });
        }
    }

    private static Object indexable(Object value) {
        if (value instanceof String s && s.length() > MAX_INDEXED_TEXT) {
            return null;
        }
        return MetadataFilter.key(value);
    }
}
