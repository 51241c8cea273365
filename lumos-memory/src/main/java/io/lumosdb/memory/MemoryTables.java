package io.lumosdb.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumosdb.LumosDB;
import io.lumosdb.Parameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import io.lumosdb.vector.SideWrite;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorRecord;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The SQL tables of agent memory, documented for analytics (docs/agent-memory.md). {@code lumos_memories}
 * is written in the same transaction as the vector collection, so the two always agree.
 */
final class MemoryTables {
    static final String MEMORIES = "lumos_memories";
    static final String MESSAGES = "lumos_messages";
    static final String SETTINGS = "lumos_memory_settings";
    static final String COLLECTION = "lumos_memory";
    private static final ObjectMapper JSON = new ObjectMapper();

    private MemoryTables() {}

    static void create(LumosDB db) throws SQLException {
        db.execute("CREATE TABLE IF NOT EXISTS " + MEMORIES + "(id TEXT PRIMARY KEY, text TEXT NOT NULL, user_id TEXT,"
                + " agent_id TEXT, session_id TEXT, kind TEXT NOT NULL, importance DOUBLE NOT NULL, happened_at TIMESTAMP NOT NULL,"
                + " created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP, valid_to TIMESTAMP, superseded_by TEXT,"
                + " seen INTEGER NOT NULL, metadata TEXT NOT NULL)");
        createMessages(db);
        db.execute("CREATE TABLE IF NOT EXISTS " + SETTINGS + "(name TEXT PRIMARY KEY, value TEXT NOT NULL)");
    }

    /** The conversation logs' table alone: for chat stores that need no embedder. */
    static void createMessages(LumosDB db) throws SQLException {
        db.execute("CREATE TABLE IF NOT EXISTS " + MESSAGES + "(session_id TEXT NOT NULL, seq INTEGER NOT NULL,"
                + " role TEXT NOT NULL, text TEXT NOT NULL, sent_at TIMESTAMP NOT NULL, metadata TEXT NOT NULL,"
                + " PRIMARY KEY (session_id, seq))");
    }

    /** Inserts or updates the rows of {@code memories} (id to fields). */
    static void upsert(Connection c, Map<String, Map<String, Object>> memories) throws SQLException {
        if (memories.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + MEMORIES + "(id, text, user_id, agent_id, session_id,"
                + " kind, importance, happened_at, created_at, expires_at, valid_to, superseded_by, seen, metadata)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET text = excluded.text,"
                + " user_id = excluded.user_id, agent_id = excluded.agent_id, session_id = excluded.session_id,"
                + " kind = excluded.kind, importance = excluded.importance, happened_at = excluded.happened_at, created_at = excluded.created_at,"
                + " expires_at = excluded.expires_at, valid_to = excluded.valid_to, superseded_by = excluded.superseded_by,"
                + " seen = excluded.seen, metadata = excluded.metadata")) {
            for (Map.Entry<String, Map<String, Object>> e : memories.entrySet()) {
                Map<String, Object> f = e.getValue();
                Parameters.bind(ps, new Object[] {e.getKey(), f.get(MemoryFields.TEXT), f.get(MemoryFields.USER),
                    f.get(MemoryFields.AGENT), f.get(MemoryFields.SESSION), f.get(MemoryFields.KIND),
                    ((Number) f.get(MemoryFields.IMPORTANCE)).doubleValue(), MemoryFields.instant(f.get(MemoryFields.AT)),
                    MemoryFields.instant(f.get(MemoryFields.CREATED)), MemoryFields.instant(f.get(MemoryFields.EXPIRES)),
                    MemoryFields.instant(f.get(MemoryFields.VALID_TO)), f.get(MemoryFields.SUPERSEDED_BY),
                    f.get(MemoryFields.SEEN), json(userMetadata(f))});
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static void delete(Connection c, Collection<String> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + MEMORIES + " WHERE id = ?")) {
            for (String id : ids) {
                ps.setString(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static Set<String> written() {
        return Set.of(MEMORIES);
    }

    /**
     * One transaction: {@code upserts} and {@code deletes} of {@code vectors}, the same rows of
     * {@code lumos_memories}, and the caller's {@code also}. Returns the ids deleted.
     */
    static List<String> write(VectorCollection vectors, List<VectorRecord> upserts, List<String> deletes, SideWrite also)
            throws SQLException {
        Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
        upserts.forEach(r -> rows.put(r.id(), r.metadata()));
        Set<String> tables = new HashSet<>(written());
        tables.addAll(also.tables());
        return vectors.change(upserts, deletes, new SideWrite(tables, c -> {
            upsert(c, rows);
            if (!deletes.isEmpty()) {
                delete(c, deletes);
            }
            also.work().run(c);
            return null;
        }));
    }

    private static Map<String, Object> userMetadata(Map<String, Object> f) {
        Map<String, Object> m = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (!Memory.RESERVED_NAMES.contains(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> readJson(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metadata is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
