package io.lumosdb.memory.langchain4j;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import io.lumosdb.LumosDB;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A LangChain4j {@link EmbeddingStore} on a Lumos-DB vector collection: segments and their metadata in
 * SQLite, an HNSW index with filtered search that does not lose results, and LangChain4j metadata filters
 * translated to the collection's filters.
 *
 * <pre>{@code
 * EmbeddingStore<TextSegment> store = LumosEmbeddingStore.open(db, "docs", 384);   // created if missing
 * store.add(model.embed(segment).content(), segment);
 * List<EmbeddingMatch<TextSegment>> hits = store.search(EmbeddingSearchRequest.builder()
 *         .queryEmbedding(model.embed("how do I scale?").content()).maxResults(5).minScore(0.6)
 *         .filter(metadataKey("lang").isEqualTo("en")).build()).matches();
 * }</pre>
 *
 * <p>Scores are LangChain4j relevance scores, {@code (cosine + 1) / 2}. Database errors surface as
 * {@link IllegalStateException} (the interface declares no checked exceptions) with the cause attached.
 * The segment's text is kept in metadata field {@code text}, which segments' own metadata may not use.
 */
public final class LumosEmbeddingStore implements EmbeddingStore<TextSegment> {
    static final String TEXT = "text";

    private final VectorCollection collection;

    private LumosEmbeddingStore(VectorCollection collection) {
        this.collection = collection;
    }

    /**
     * The store of collection {@code name}, created (cosine, {@code dimensions}) if it does not exist.
     *
     * @throws IllegalArgumentException if it exists with other dimensions or another metric
     * @throws SQLException if the database refuses
     */
    public static LumosEmbeddingStore open(LumosDB db, String name, int dimensions) throws SQLException {
        VectorCollection c = db.vectors().exists(name) ? db.vectors().open(name)
                : db.vectors().create(name, VectorSpec.of(dimensions, Metric.COSINE));
        if (c.spec().dimensions() != dimensions || c.spec().metric() != Metric.COSINE) {
            throw new IllegalArgumentException("collection " + name + " holds " + c.spec().dimensions() + "-dimensional "
                    + c.spec().metric() + " vectors, not " + dimensions + "-dimensional COSINE ones");
        }
        return new LumosEmbeddingStore(c);
    }

    public VectorCollection collection() {
        return collection;
    }

    @Override
    public String add(Embedding embedding) {
        String id = UUID.randomUUID().toString();
        add(id, embedding);
        return id;
    }

    @Override
    public void add(String id, Embedding embedding) {
        addAll(List.of(id), List.of(embedding), null);
    }

    @Override
    public String add(Embedding embedding, TextSegment segment) {
        String id = UUID.randomUUID().toString();
        addAll(List.of(id), List.of(embedding), List.of(segment));
        return id;
    }

    @Override
    public List<String> addAll(List<Embedding> embeddings) {
        List<String> ids = generateIds(embeddings.size());
        addAll(ids, embeddings, null);
        return ids;
    }

    @Override
    public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(embeddings, "embeddings");
        if (ids.size() != embeddings.size() || (segments != null && segments.size() != embeddings.size())) {
            throw new IllegalArgumentException("ids, embeddings and segments must be as many, were " + ids.size() + ", "
                    + embeddings.size() + " and " + (segments == null ? "none" : segments.size()));
        }
        List<VectorRecord> records = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            records.add(new VectorRecord(ids.get(i), embeddings.get(i).vector(), fields(segments == null ? null : segments.get(i))));
        }
        sql(() -> collection.upsertAll(records));
    }

    private static Map<String, Object> fields(TextSegment segment) {
        if (segment == null) {
            return Map.of();
        }
        Map<String, Object> f = new LinkedHashMap<>(segment.metadata().toMap());
        if (f.containsKey(TEXT)) {
            throw new IllegalArgumentException("segment metadata may not use the key '" + TEXT + "': the store keeps the text there");
        }
        f.put(TEXT, segment.text());
        return f;
    }

    @Override
    public void remove(String id) {
        sql(() -> collection.delete(Objects.requireNonNull(id, "id")));
    }

    @Override
    public void removeAll(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("ids must not be empty");
        }
        sql(() -> collection.deleteAll(ids));
    }

    @Override
    public void removeAll(Filter filter) {
        Objects.requireNonNull(filter, "filter");
        List<String> ids = collection.ids(FilterTranslator.translate(filter));
        sql(() -> collection.deleteAll(ids));
    }

    @Override
    public void removeAll() {
        List<String> ids = collection.ids(null);
        sql(() -> collection.deleteAll(ids));
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        SearchRequest r = SearchRequest.of(request.queryEmbedding().vector()).k(request.maxResults())
                .filter(FilterTranslator.translate(request.filter()));
        List<VectorHit> hits = sql(() -> collection.search(r));
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>(hits.size());
        for (VectorHit h : hits) {
            double relevance = (h.score() + 1) / 2;
            if (relevance < request.minScore()) {
                continue;
            }
            VectorRecord stored = sql(() -> collection.get(h.id())).orElse(null);
            if (stored != null) {
                matches.add(new EmbeddingMatch<>(relevance, h.id(), Embedding.from(stored.vector()), segment(h.metadata())));
            }
        }
        return new EmbeddingSearchResult<>(matches);
    }

    private static TextSegment segment(Map<String, Object> fields) {
        if (!(fields.get(TEXT) instanceof String text)) {
            return null;
        }
        Map<String, Object> meta = new LinkedHashMap<>(fields);
        meta.remove(TEXT);
        return TextSegment.from(text, Metadata.from(meta));
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    @FunctionalInterface
    private interface SqlRun {
        void run() throws SQLException;
    }

    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void sql(SqlRun run) {
        sql(() -> {
            run.run();
            return null;
        });
    }

    @Override
    public String toString() {
        return "LumosEmbeddingStore[" + collection.name() + "]";
    }
}
