package io.lumosdb.memory;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.Row;
import io.lumosdb.vector.SideWrite;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorCollections;
import io.lumosdb.vector.VectorRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store records which embedder made its vectors (model id and dimensions, table
 * {@code lumos_memory_settings}); opening it with another one is refused, or converts it on request by
 * embedding every stored text again. Vectors of two models are never mixed.
 */
final class EmbedderCheck {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedderCheck.class);
    private static final int BATCH = 256;

    private EmbedderCheck() {}

    static VectorCollection collection(LumosDB db, Embedder e, boolean reembed) throws SQLException {
        VectorCollections all = db.vectors();
        Map<String, String> settings = settings(db);
        String model = settings.get("embedder");
        if (model == null) {
            VectorCollection c = all.exists(MemoryTables.COLLECTION) ? all.open(MemoryTables.COLLECTION)
                    : all.create(MemoryTables.COLLECTION, AgentMemoryBuilder.spec(e));
            if (c.spec().dimensions() != e.dimensions()) {
                throw new IllegalStateException("collection " + MemoryTables.COLLECTION + " holds " + c.spec().dimensions()
                        + "-dimensional vectors; embedder " + e.modelId() + " makes " + e.dimensions());
            }
            record(db, e);
            return c;
        }
        int dims = Integer.parseInt(settings.getOrDefault("dimensions", "0"));
        if (model.equals(e.modelId()) && dims == e.dimensions()) {
            return all.open(MemoryTables.COLLECTION);
        }
        if (!reembed) {
            throw new IllegalStateException("this memory store was built with embedder " + model + " (" + dims
                    + " dimensions), not " + e.modelId() + " (" + e.dimensions() + " dimensions); open it with the same embedder,"
                    + " or with AgentMemory.builder(db).reembedIfEmbedderChanged(true) to embed every memory again");
        }
        return reembed(db, all, model, e);
    }

    /** Embeds every stored memory again with {@code e}, from the texts in {@code lumos_memories}. */
    private static VectorCollection reembed(LumosDB db, VectorCollections all, String oldModel, Embedder e) throws SQLException {
        VectorCollection old = all.open(MemoryTables.COLLECTION);
        List<String> ids = old.ids(null);
        Map<String, Map<String, Object>> fields = new HashMap<>();
        for (String id : ids) {
            old.metadata(id).ifPresent(f -> fields.put(id, f));
        }
        LOG.info("agent memory: embedder changed from {} to {}; embedding {} memories again", oldModel, e.modelId(), ids.size());
        all.drop(MemoryTables.COLLECTION);
        VectorCollection c = all.create(MemoryTables.COLLECTION, AgentMemoryBuilder.spec(e));
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + BATCH));
            List<String> texts = new ArrayList<>(part.size());
            part.forEach(id -> {
                String text = (String) fields.get(id).get(MemoryFields.TEXT);
                texts.add(fields.get(id).containsKey(MemoryFields.SPEAKER) ? TranscriptIndexer.embedded(text) : text);
            });
            List<float[]> vs = e.embedAll(texts);
            List<VectorRecord> batch = new ArrayList<>(part.size());
            for (int i = 0; i < part.size(); i++) {
                batch.add(new VectorRecord(part.get(i), vs.get(i), fields.get(part.get(i))));
            }
            c.change(batch, List.of(), SideWrite.NONE);
            LOG.info("agent memory: embedded {} of {} memories again", Math.min(ids.size(), from + BATCH), ids.size());
        }
        db.cache().embeddings().forgetModel(oldModel);
        record(db, e);
        return c;
    }

    private static Map<String, String> settings(LumosDB db) throws SQLException {
        Map<String, String> out = new HashMap<>();
        QueryResult r = db.query(Route.OLTP, "SELECT name, value FROM " + MemoryTables.SETTINGS);
        for (Row row : r.rows()) {
            out.put(row.getString(0), row.getString(1));
        }
        return out;
    }

    private static void record(LumosDB db, Embedder e) throws SQLException {
        db.transaction(tx -> {
            tx.update("INSERT INTO " + MemoryTables.SETTINGS + "(name, value) VALUES ('embedder', ?)"
                    + " ON CONFLICT(name) DO UPDATE SET value = excluded.value", e.modelId());
            tx.update("INSERT INTO " + MemoryTables.SETTINGS + "(name, value) VALUES ('dimensions', ?)"
                    + " ON CONFLICT(name) DO UPDATE SET value = excluded.value", String.valueOf(e.dimensions()));
            return null;
        });
    }
}
