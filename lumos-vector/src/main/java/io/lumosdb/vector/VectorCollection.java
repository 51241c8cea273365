package io.lumosdb.vector;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named set of vectors of one {@link VectorSpec}, with metadata, searchable by similarity, metadata
 * filter and keywords.
 *
 * <pre>{@code
 * VectorCollection docs = db.vectors().create("docs", VectorSpec.of(384, Metric.COSINE));
 * docs.upsert("d1", vector, Map.of("lang", "en", "year", 2024, "text", "kubernetes autoscaling"));
 * List<VectorHit> hits = docs.search(SearchRequest.of(query).k(10).filter("lang = 'en' AND year >= 2020"));
 * SearchPlan plan = docs.explain(SearchRequest.of(query).k(10).filter("lang = 'de'"));
 * docs.delete("d1");
 * }</pre>
 *
 * <p><b>Storage.</b> SQLite holds every vector, its metadata and the change sequence that wrote it
 * (table {@code vectors_<name>}), written in one transaction per call; the graph and a map of metadata
 * are kept in memory and updated after the commit, before the call returns, so a search sees every write
 * that returned before it began. The graph is saved as a snapshot (on {@link #snapshot()}, after a
 * compaction, and when the database closes) with the sequence it reflects; on open the snapshot is loaded
 * and later changes replayed from SQLite, or the graph is rebuilt when the snapshot cannot be trusted.
 *
 * <p><b>Deletes</b> leave a removed node in the graph; when removed nodes reach a fifth of the live ones
 * (and at least {@value CollectionSnapshots#COMPACT_MIN_REMOVED}), the graph is rebuilt from the live vectors, giving the
 * memory back. Writes wait while that runs; searches go on with the old graph.
 *
 * <p>Thread-safe: writes are serialized per collection, searches run concurrently with them.
 *
 * <p>The work is done by package-private parts that share a {@link CollectionState}: the write path
 * ({@link CollectionWriter}), the search path ({@link CollectionSearcher}, {@link KeywordSearcher}) and
 * compaction and snapshots ({@link CollectionSnapshots}); the graph itself is {@link GraphIndex}.
 */
public final class VectorCollection {
    private final CollectionState state;
    private final CollectionWriter writer;
    private final CollectionSearcher searcher;
    private final KeywordSearcher keywords;
    private final CollectionSnapshots snapshots;
    private boolean openedFromSnapshot;

    VectorCollection(CollectionTables tables, String collectionId, VectorSpec spec, VectorStorage storage, GraphIndex graph,
            long sequence, long snapshotSequence) {
        this.state = new CollectionState(tables, collectionId, spec, storage, graph, sequence, snapshotSequence);
        FilterCache filters = new FilterCache();
        this.snapshots = new CollectionSnapshots(state);
        this.writer = new CollectionWriter(state, snapshots);
        this.keywords = new KeywordSearcher(state, filters);
        this.searcher = new CollectionSearcher(state, filters, keywords);
    }

    /** The collection's name (lower case). */
    public String name() {
        return state.name();
    }

    public VectorSpec spec() {
        return state.spec;
    }

    /** The SQLite table holding the vectors, for SQL analytics: {@code id, embedding, metadata, seq}. */
    public String table() {
        return state.tables.vectors();
    }

    /** Vectors stored. */
    public int size() {
        return state.graph.size();
    }

    /** Whether {@code id} is searchable: in the graph, with its metadata. */
    public boolean contains(String id) {
        return state.metadata.containsKey(id) && state.graph.contains(id);
    }

    /**
     * The stored vector (as given, before any normalization) and metadata of {@code id}, from SQLite.
     *
     * @throws SQLException if SQLite cannot be read
     */
    public Optional<VectorRecord> get(String id) throws SQLException {
        CollectionState.requireId(id);
        return state.storage.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT embedding, metadata FROM " + state.tables.vectors() + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new VectorRecord(id, VectorBlobs.toVector(rs.getBytes(1)),
                            MetadataJson.read(rs.getString(2)))) : Optional.<VectorRecord>empty();
                }
            }
        });
    }

    /**
     * The stored vectors (as given) of those of {@code ids} that exist, read from SQLite in a few statements
     * (500 ids each) rather than one per id: for returning the vectors of search hits.
     *
     * @throws SQLException if SQLite cannot be read
     */
    public Map<String, float[]> vectors(Collection<String> ids) throws SQLException {
        List<String> wanted = List.copyOf(ids);
        wanted.forEach(CollectionState::requireId);
        Map<String, float[]> out = new java.util.HashMap<>();
        for (int from = 0; from < wanted.size(); from += 500) {
            List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + 500));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            state.storage.read(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT id, embedding FROM " + state.tables.vectors()
                        + " WHERE id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), VectorBlobs.toVector(rs.getBytes(2)));
                        }
                    }
                }
                return null;
            });
        }
        return out;
    }

    /** The metadata of {@code id} as held in memory, if it is stored. */
    public Optional<Map<String, Object>> metadata(String id) {
        return Optional.ofNullable(state.metadata.get(id));
    }

    /** Whether the last open loaded a snapshot (rather than rebuilding the graph). */
    boolean openedFromSnapshot() {
        return openedFromSnapshot;
    }

    void markOpenedFromSnapshot() {
        openedFromSnapshot = true;
    }

    /** Removed nodes the graph still holds (they go at the next compaction). */
    int removedInGraph() {
        return state.graph.removed();
    }

    /** Fills the metadata map from SQLite (at open). */
    void loadMetadata(Map<String, Map<String, Object>> loaded) {
        state.metadata.putAll(loaded);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Stores {@code vector} with {@code metadata} under {@code id}, replacing what was there.
     *
     * @throws IllegalArgumentException for a wrong dimension, NaN or infinity, a zero vector under cosine,
     *     or metadata that is not JSON-like; nothing is written
     * @throws SQLException if the database refuses the write; nothing is written
     */
    public void upsert(String id, float[] vector, Map<String, Object> metadata) throws SQLException {
        upsertAll(List.of(new VectorRecord(id, vector, metadata)));
    }

    /**
     * Stores many vectors in one transaction: the fast path for bulk loads. Either all are stored or none
     * (every record is checked before anything is written). A later record with an id already in the
     * batch replaces the earlier one.
     *
     * @throws IllegalArgumentException naming the first record at fault; nothing is written
     * @throws SQLException if the database refuses the write; nothing is written
     */
    public void upsertAll(List<VectorRecord> records) throws SQLException {
        writer.change(records, List.of(), SideWrite.NONE);
    }

    /**
     * Upserts {@code upserts}, deletes {@code deletes} and runs the caller's {@code also} work, all in one
     * SQLite transaction: either everything is committed or nothing is. For stores that keep their own rows
     * beside the vectors (agent memory keeps its typed table this way), so the two never disagree after a
     * crash. Upserts are checked as in {@link #upsertAll}; ids deleted that do not exist are ignored.
     *
     * <pre>{@code
     * docs.change(List.of(new VectorRecord("d2", v, meta)), List.of("d1"),
     *         new SideWrite(Set.of("doc_log"), c -> c.createStatement().executeUpdate("INSERT INTO doc_log ...")));
     * }</pre>
     *
     * @return the ids deleted (those that existed)
     * @throws IllegalArgumentException naming the first record at fault; nothing is written
     * @throws SQLException if the database refuses the write, or {@code also} throws; nothing is written
     */
    public List<String> change(List<VectorRecord> upserts, Collection<String> deletes, SideWrite also) throws SQLException {
        return writer.change(upserts, deletes, also);
    }

    /**
     * Deletes the vector {@code id}.
     *
     * @return whether it existed
     * @throws SQLException if the database refuses the write; nothing is deleted
     */
    public boolean delete(String id) throws SQLException {
        CollectionState.requireId(id);
        return !writer.change(List.of(), List.of(id), SideWrite.NONE).isEmpty();
    }

    /**
     * Deletes every vector whose id is in {@code ids}, in one transaction.
     *
     * @throws SQLException if the database refuses the write; nothing is deleted
     */
    public void deleteAll(Collection<String> ids) throws SQLException {
        writer.change(List.of(), ids, SideWrite.NONE);
    }

    // ---------------------------------------------------------------- compaction and snapshots

    /**
     * Rebuilds the graph from the live vectors now, giving back the memory of removed ones.
     *
     * @throws SQLException if the collection is closed
     */
    public void compact() throws SQLException {
        snapshots.compact();
    }

    /**
     * Saves the graph now, with the change sequence it reflects, so that the next open loads it instead of
     * rebuilding; then forgets the tombstones it covers.
     *
     * @throws SQLException if the tombstones cannot be pruned (the snapshot itself is saved)
     */
    public void snapshot() throws SQLException {
        snapshots.snapshot();
    }

    /** Saves a snapshot if anything changed since the last one, and refuses further writes. */
    void close() {
        snapshots.close();
    }

    // ---------------------------------------------------------------- search

    /**
     * The {@code k} vectors closest to the request's vector (that pass its filter), closest first; fused
     * with keyword ranks when the request has a text.
     *
     * @throws IllegalArgumentException for a query vector of the wrong shape, or an invalid filter
     * @throws SQLException if the keyword index cannot be read
     */
    public List<VectorHit> search(SearchRequest request) throws SQLException {
        return searcher.search(request);
    }

    /**
     * How {@link #search} would run {@code request}, and why; runs nothing.
     *
     * @throws IllegalArgumentException for an invalid filter
     */
    public SearchPlan explain(SearchRequest request) {
        return searcher.explain(request);
    }

    /**
     * The {@code k} best keyword matches (BM25 over the spec's text field, any of the words of {@code text})
     * whose metadata satisfies {@code filter}, best first. A hit's score is the BM25 relevance (higher is
     * better; it is comparable only within one search).
     *
     * @throws IllegalArgumentException for an invalid filter, or a collection without a text field
     * @throws SQLException if the keyword index cannot be read
     */
    public List<VectorHit> keywordSearch(String text, String filter, int k) throws SQLException {
        return keywords.keywordSearch(text, filter, k);
    }

    /**
     * Ids of the vectors whose metadata satisfies {@code filter} (the language of {@link SearchRequest#filter});
     * every id when it is null.
     *
     * @throws IllegalArgumentException for an invalid filter
     */
    public List<String> ids(String filter) {
        return searcher.ids(filter);
    }

    /**
     * The score of each of {@code ids} against {@code query}, as {@link #search} would report it (ids not
     * stored are left out): for re-ranking candidates found some other way, such as by keywords.
     *
     * @throws IllegalArgumentException for a query vector of the wrong shape
     */
    public Map<String, Double> scores(float[] query, Collection<String> ids) {
        return searcher.scores(query, ids);
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name() + ", " + state.spec + ", " + size() + " vectors]";
    }
}
