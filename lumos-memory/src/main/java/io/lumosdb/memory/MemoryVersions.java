package io.lumosdb.memory;

import io.lumosdb.vector.VectorCollection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a stored memory and the chain of versions of its fact ({@link AgentMemory#get}, {@link AgentMemory#history}):
 * each version names the one that superseded it, so the chain is walked back through that field and forward
 * through the memory's own. Expired memories are not returned. Bounded at 10,000 versions.
 */
final class MemoryVersions {
    private static final int MAX_VERSIONS = 10_000;

    private MemoryVersions() {}

    /** The memory {@code id}, current or superseded, if it is stored and not expired. */
    static Optional<Recalled> get(VectorCollection vectors, String id) throws SQLException {
        long now = System.currentTimeMillis();
        return vectors.metadata(id).filter(f -> !expired(f, now)).map(f -> MemoryFields.recalled(id, f));
    }

    /** The versions of the fact {@code id} belongs to, oldest first. */
    static List<Recalled> history(VectorCollection vectors, String id) throws SQLException {
        Recalled start = get(vectors, id).orElseThrow(() -> new IllegalArgumentException("no memory with id " + id));
        List<Recalled> older = new ArrayList<>();
        Recalled cur = start;
        while (true) {
            List<String> before = vectors.ids(MemoryFields.SUPERSEDED_BY + " = " + MemoryFields.quote(cur.id()));
            if (before.isEmpty()) {
                break;
            }
            cur = get(vectors, before.get(0)).orElse(null);
            if (cur == null || older.size() > MAX_VERSIONS) {
                break;
            }
            older.add(0, cur);
        }
        List<Recalled> out = new ArrayList<>(older);
        out.add(start);
        cur = start;
        while (cur.supersededBy() != null && out.size() < MAX_VERSIONS) {
            Optional<Recalled> next = get(vectors, cur.supersededBy());
            if (next.isEmpty()) {
                break;
            }
            cur = next.get();
            out.add(cur);
        }
        return out;
    }

    private static boolean expired(Map<String, Object> f, long now) {
        return f.get(MemoryFields.EXPIRES) instanceof Number n && n.longValue() <= now;
    }
}
