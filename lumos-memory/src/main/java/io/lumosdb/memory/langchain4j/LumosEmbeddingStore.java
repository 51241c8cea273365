package io.lumosdb.memory.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.RelevanceScore;
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
 *
 * // hybrid: the request's query() text is also ranked by keywords (BM25) and fused with the vector ranks
 * LumosEmbeddingStore hybrid = LumosEmbeddingStore.builder(db, "docs", 384).searchMode(SearchMode.HYBRID).build();
 * LumosEmbeddingStore exact = LumosEmbeddingStore.builder(db, "docs", 384).exactSearch(true).build();
 * }</pre>
 *
 * <p>Behaves as LangChain4j's {@code InMemoryEmbeddingStore} (its store test suites run against it): any
 * metadata key may be used, every metadata type comes back as the type it was added with ({@code UUID},
 * {@code Float} and {@code Long} included), {@code containsString} matches its text literally. How segments are
 * kept in the collection is {@link SegmentFields}'s business.
 *
 * <p>Scores are LangChain4j relevance scores, {@code (cosine + 1) / 2}, and {@code minScore} applies to them.
 * By default ({@link SearchMode#VECTOR}) the request's {@code query()} text is ignored, as the in-memory store
 * ignores it; with {@link SearchMode#HYBRID} matches are ordered by the fusion of vector and keyword ranks
 * (reciprocal rank fusion, see {@link SearchRequest#text}) and each still carries its vector relevance. A
 * match's embedding is read with those of the other matches, in one statement. Database errors surface as
 * {@link IllegalStateException} (the interface declares no checked exceptions) with the cause attached.
 */
public final class LumosEmbeddingStore implements EmbeddingStore<TextSegment> {
    /** How {@link #search} ranks. */
    public enum SearchMode {
        /** By vector similarity alone; the request's {@code query()} text is ignored (LangChain4j's default). */
        VECTOR,
        /** Vector ranks fused with keyword (BM25) ranks of the request's {@code query()} text, when it has one. */
        HYBRID
    }

    private final VectorCollection collection;
    private final SegmentFields fields;
    private final SearchMode mode;
    private final Integer ef;
    private final boolean exact;
    private final double vectorWeight;
    private final double textWeight;

    private LumosEmbeddingStore(VectorCollection collection, Builder b) {
        this.collection = collection;
        this.fields = SegmentFields.of(collection.spec().textField());
        this.mode = b.mode;
        this.ef = b.ef;
        this.exact = b.exact;
        this.vectorWeight = b.vectorWeight;
        this.textWeight = b.textWeight;
    }

    /**
     * The store of collection {@code name}, created (cosine, {@code dimensions}) if it does not exist, with
     * vector search.
     *
     * @throws IllegalArgumentException if it exists with other dimensions or another metric
     * @throws SQLException if the database refuses
     */
    public static LumosEmbeddingStore open(LumosDB db, String name, int dimensions) throws SQLException {
        return builder(db, name, dimensions).build();
    }

    /** A builder of the store of collection {@code name}, for the search settings. */
    public static Builder builder(LumosDB db, String name, int dimensions) {
        return new Builder(Objects.requireNonNull(db, "db"), Objects.requireNonNull(name, "name"), dimensions);
    }

    /** Settings of a {@link LumosEmbeddingStore}; each can be set once. */
    public static final class Builder {
        private final LumosDB db;
        private final String name;
        private final int dimensions;
        private SearchMode mode;
        private Integer ef;
        private Boolean exactSet;
        private boolean exact;
        private Double vectorWeightSet;
        private double vectorWeight = 1.0;
        private double textWeight = 1.0;

        private Builder(LumosDB db, String name, int dimensions) {
            this.db = db;
            this.name = name;
            this.dimensions = dimensions;
        }

        /** {@link SearchMode#VECTOR} (the default) or {@link SearchMode#HYBRID}. */
        public Builder searchMode(SearchMode mode) {
            if (this.mode != null) {
                throw new IllegalStateException("search mode was already set to " + this.mode);
            }
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Candidates each graph search considers (the HNSW paper's ef), overriding the collection's. */
        public Builder ef(int ef) {
            if (this.ef != null) {
                throw new IllegalStateException("ef was already set to " + this.ef);
            }
            if (ef < 1) {
                throw new IllegalArgumentException("ef must be positive, was " + ef);
            }
            this.ef = ef;
            return this;
        }

        /** Whether every search compares the query with every stored vector (recall 1, linear cost); default false. */
        public Builder exactSearch(boolean exact) {
            if (exactSet != null) {
                throw new IllegalStateException("exact search was already set to " + exactSet);
            }
            this.exactSet = exact;
            this.exact = exact;
            return this;
        }

        /** Weights of the vector and keyword ranks in {@link SearchMode#HYBRID} (default 1 and 1). */
        public Builder hybridWeights(double vectorWeight, double textWeight) {
            if (vectorWeightSet != null) {
                throw new IllegalStateException("hybrid weights were already set to " + this.vectorWeight + " and " + this.textWeight);
            }
            SearchRequest.of(new float[] {1}).weights(vectorWeight, textWeight); // checks them, naming the values
            this.vectorWeightSet = vectorWeight;
            this.vectorWeight = vectorWeight;
            this.textWeight = textWeight;
            return this;
        }

        /**
         * The store, its collection created (cosine, {@code dimensions}, keyword field {@value SegmentFields#TEXT})
         * if it does not exist.
         *
         * @throws IllegalArgumentException if it exists with other dimensions or another metric, or hybrid search is
         *     asked of a collection without a keyword field
         * @throws SQLException if the database refuses
         */
        public LumosEmbeddingStore build() throws SQLException {
            if (mode == null) {
                mode = SearchMode.VECTOR;
            }
            VectorCollection c = db.vectors().exists(name) ? db.vectors().open(name)
                    : db.vectors().create(name, VectorSpec.of(dimensions, Metric.COSINE).withTextField(SegmentFields.TEXT));
            if (c.spec().dimensions() != dimensions || c.spec().metric() != Metric.COSINE) {
                throw new IllegalArgumentException("collection " + name + " holds " + c.spec().dimensions() + "-dimensional "
                        + c.spec().metric() + " vectors, not " + dimensions + "-dimensional COSINE ones");
            }
            if (mode == SearchMode.HYBRID && c.spec().textField() == null) {
                throw new IllegalArgumentException("collection " + name + " has no keyword field, so it cannot search hybrid");
            }
            return new LumosEmbeddingStore(c, this);
        }
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
            records.add(new VectorRecord(ids.get(i), embeddings.get(i).vector(),
                    fields.write(segments == null ? null : segments.get(i))));
        }
        sql(() -> collection.upsertAll(records));
    }

    @Override
    public void remove(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id cannot be null or blank");
        }
        sql(() -> collection.delete(id));
    }

    @Override
    public void removeAll(Collection<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("ids cannot be null or empty");
        }
        sql(() -> collection.deleteAll(ids));
    }

    @Override
    public void removeAll(Filter filter) {
        if (filter == null) {
            throw new IllegalArgumentException("filter cannot be null");
        }
        List<String> ids = collection.ids(FilterTranslator.translate(filter, fields));
        sql(() -> collection.deleteAll(ids));
    }

    @Override
    public void removeAll() {
        List<String> ids = collection.ids(null);
        sql(() -> collection.deleteAll(ids));
    }

    @Override
    public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
        float[] query = request.queryEmbedding().vector();
        SearchRequest r = SearchRequest.of(query).k(Math.min(request.maxResults(), 10_000))
                .filter(FilterTranslator.translate(request.filter(), fields));
        r = ef != null ? r.ef(ef) : r;
        r = exact ? r.exact() : r;
        boolean hybrid = mode == SearchMode.HYBRID && request.query() != null && !request.query().isBlank();
        if (hybrid) {
            r = r.text(request.query()).weights(vectorWeight, textWeight);
        }
        SearchRequest asked = r;
        List<VectorHit> hits = sql(() -> collection.search(asked));
        Map<String, Double> cosines = hybrid ? collection.scores(query, hits.stream().map(VectorHit::id).toList()) : Map.of();
        List<VectorHit> kept = new ArrayList<>(hits.size());
        List<Double> relevances = new ArrayList<>(hits.size());
        for (VectorHit h : hits) {
            double cosine = hybrid ? cosines.getOrDefault(h.id(), -1.0) : h.score();
            double relevance = RelevanceScore.fromCosineSimilarity(cosine);
            if (relevance >= request.minScore()) {
                kept.add(h);
                relevances.add(relevance);
            }
        }
        Map<String, float[]> vectors = sql(() -> collection.vectors(kept.stream().map(VectorHit::id).toList()));
        List<EmbeddingMatch<TextSegment>> matches = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            VectorHit h = kept.get(i);
            float[] v = vectors.get(h.id());
            if (v != null) { // deleted between the search and the read
                matches.add(new EmbeddingMatch<>(relevances.get(i), h.id(), Embedding.from(v), fields.read(h.metadata())));
            }
        }
        return new EmbeddingSearchResult<>(matches);
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
