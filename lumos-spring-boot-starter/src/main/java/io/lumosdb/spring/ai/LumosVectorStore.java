package io.lumosdb.spring.ai;

import io.lumosdb.LumosDB;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * A Spring AI {@link VectorStore} over a Lumos-DB vector collection: documents are embedded by the application's
 * {@link EmbeddingModel} and stored with their metadata and text; searches take Spring AI's filter expressions,
 * translated to Lumos-DB metadata filters and applied during the graph search.
 *
 * <pre>{@code
 * VectorStore store = new LumosVectorStore(db, embeddingModel, "docs", Metric.COSINE); // or the auto-configured bean
 * store.add(List.of(new Document("Lumos-DB routes analytics to DuckDB", Map.of("lang", "en", "year", 2026))));
 * List<Document> hits = store.similaritySearch(SearchRequest.builder().query("which engine runs analytics?")
 *         .topK(5).filterExpression("lang == 'en' && year >= 2025").build());
 * store.delete(new FilterExpressionBuilder().eq("lang", "en").build());
 * }</pre>
 *
 * <p>A document's text is kept in the metadata key {@value #CONTENT_KEY} (the collection's text field, so it is
 * keyword-searchable too); that key is reserved. A hit's {@link Document#getScore() score} is Lumos-DB's (cosine
 * similarity for {@link Metric#COSINE}), its metadata has Spring AI's {@code distance} ({@code 1 - score}).
 * Failures of the database are {@link IllegalStateException}s with the {@link SQLException} as the cause.
 */
public class LumosVectorStore implements VectorStore {
    /** The metadata key holding a document's text. */
    public static final String CONTENT_KEY = "spring_ai_content";
    /** The metadata key Spring AI reads a hit's distance from. */
    public static final String DISTANCE_KEY = "distance";

    private final EmbeddingModel embeddingModel;
    private final VectorCollection collection;

    /**
     * Opens the collection {@code name}, creating it with the model's dimensions if missing.
     *
     * @throws IllegalStateException if the collection exists with other dimensions than the model's, or the database fails
     */
    public LumosVectorStore(LumosDB db, EmbeddingModel embeddingModel, String name, Metric metric) {
        Objects.requireNonNull(db, "db");
        this.embeddingModel = Objects.requireNonNull(embeddingModel, "embeddingModel");
        try {
            var collections = db.vectors();
            int dimensions = embeddingModel.dimensions();
            if (collections.exists(name)) {
                this.collection = collections.open(name);
                if (collection.spec().dimensions() != dimensions) {
                    throw new IllegalStateException("the vector collection " + name + " holds " + collection.spec().dimensions()
                            + "-dimensional vectors, the embedding model makes " + dimensions + ": use another collection"
                            + " (lumos.vectorstore.collection) or the model the collection was filled with");
                }
            } else {
                this.collection = collections.create(name, VectorSpec.of(dimensions, metric).withTextField(CONTENT_KEY));
            }
        } catch (SQLException e) {
            throw failed("opening the vector collection " + name, e);
        }
    }

    @Override
    public String getName() {
        return "LumosVectorStore[" + collection.name() + "]";
    }

    /**
     * Embeds and stores the documents (replacing those with the same ids), in one write.
     *
     * @throws IllegalArgumentException for a document without text, or metadata using {@value #CONTENT_KEY}
     */
    @Override
    public void add(List<Document> documents) {
        Objects.requireNonNull(documents, "documents");
        if (documents.isEmpty()) {
            return;
        }
        List<String> texts = new ArrayList<>(documents.size());
        for (Document d : documents) {
            if (!d.isText() || d.getText() == null) {
                throw new IllegalArgumentException("document " + d.getId() + " has no text; LumosVectorStore stores text documents");
            }
            if (d.getMetadata().containsKey(CONTENT_KEY)) {
                throw new IllegalArgumentException("document " + d.getId() + " uses the metadata key " + CONTENT_KEY
                        + ", which LumosVectorStore keeps the document's text in");
            }
            texts.add(embeddingModel.getEmbeddingContent(d));
        }
        List<float[]> vectors = embeddingModel.embed(texts);
        List<VectorRecord> records = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            Document d = documents.get(i);
            Map<String, Object> metadata = new HashMap<>(d.getMetadata());
            metadata.put(CONTENT_KEY, d.getText());
            records.add(new VectorRecord(d.getId(), vectors.get(i), metadata));
        }
        try {
            collection.upsertAll(records);
        } catch (SQLException e) {
            throw failed("storing " + records.size() + " documents", e);
        }
    }

    @Override
    public void delete(List<String> ids) {
        try {
            collection.deleteAll(Objects.requireNonNull(ids, "ids"));
        } catch (SQLException e) {
            throw failed("deleting " + ids.size() + " documents", e);
        }
    }

    /**
     * Deletes the documents whose metadata match {@code filter}.
     *
     * @throws IllegalArgumentException for a filter Lumos-DB cannot express (naming the part)
     */
    @Override
    public void delete(Filter.Expression filter) {
        String text = FilterExpressionTranslator.translate(Objects.requireNonNull(filter, "filter")).toString();
        delete(collection.ids(text));
    }

    /**
     * The documents closest to the request's query among those its filter selects, best first, at most
     * {@code topK}, none below the similarity threshold.
     *
     * @throws IllegalArgumentException for a filter Lumos-DB cannot express (naming the part)
     */
    @Override
    public List<Document> similaritySearch(SearchRequest request) {
        Objects.requireNonNull(request, "request");
        var search = io.lumosdb.vector.SearchRequest.of(embeddingModel.embed(request.getQuery())).k(request.getTopK());
        if (request.hasFilterExpression()) {
            search = search.filter(FilterExpressionTranslator.translate(request.getFilterExpression())); // requests are immutable
        }
        List<VectorHit> hits;
        try {
            hits = collection.search(search);
        } catch (SQLException e) {
            throw failed("searching", e);
        }
        List<Document> documents = new ArrayList<>(hits.size());
        for (VectorHit hit : hits) {
            if (hit.score() < request.getSimilarityThreshold()) {
                continue;
            }
            Map<String, Object> metadata = new HashMap<>(hit.metadata());
            Object text = metadata.remove(CONTENT_KEY);
            metadata.put(DISTANCE_KEY, 1 - hit.score());
            documents.add(Document.builder().id(hit.id()).text(text == null ? "" : text.toString())
                    .metadata(metadata).score(hit.score()).build());
        }
        return documents;
    }

    /** The Lumos-DB collection behind the store ({@code getNativeClient()}'s answer). */
    public VectorCollection collection() {
        return collection;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getNativeClient() {
        return Optional.of((T) collection);
    }

    private IllegalStateException failed(String what, SQLException e) {
        return new IllegalStateException(what + " in the vector collection " + collection() + " failed: " + e.getMessage(), e);
    }
}
