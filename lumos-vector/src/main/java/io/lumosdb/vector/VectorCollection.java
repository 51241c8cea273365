package io.lumosdb.vector;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * (and at least {@value #COMPACT_MIN_REMOVED}), the graph is rebuilt from the live vectors, giving the
 * memory back. Writes wait while that runs; searches go on with the old graph.
 *
 * <p>Thread-safe: writes are serialized per collection, searches run concurrently with them.
 */
public final class VectorCollection {
    private static final Logger LOG = LoggerFactory.getLogger(VectorCollection.class);
    static final int COMPACT_MIN_REMOVED = 1_000;
    /** A keyword search under a filter that an index narrows to at most this many ids is run over those ids only. */
    static final int KEYWORDS_WITHIN_IDS = 5_000;
    /**
     * Keyword search within ids lets FTS5 evaluate the MATCH once per id only when the collection is at least
     * this many times larger than the ids: one evaluation per id cost about 0.15 ms, the whole MATCH about
     * 0.5 ms, on 2,000 memories (54 ids: 8 ms against 0.5 ms).
     */
    static final long PER_ID_MATCH_SHARE = 500;
    private static final int RRF_K = SearchRequest.DEFAULT_RRF_K;

    private final CollectionTables tables;
    private final String collectionId;
    private final VectorSpec spec;
    private final VectorStorage storage;
    private final SearchPlanner planner;
    private final MetadataStore metadata = new MetadataStore();
    private final Map<String, MetadataFilter> filters = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile GraphIndex graph;
    /** Counts writes applied to memory: remembered filter matches are valid while it stands still. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;
    private long sequence; // last change applied to the graph; under writeLock
    private long snapshotSequence;
    private boolean openedFromSnapshot;

    VectorCollection(CollectionTables tables, String collectionId, VectorSpec spec, VectorStorage storage, GraphIndex graph,
            long sequence, long snapshotSequence) {
        this.tables = tables;
        this.collectionId = collectionId;
        this.spec = spec;
        this.storage = storage;
        this.planner = new SearchPlanner(spec.metric());
        this.graph = graph;
        this.sequence = sequence;
        this.snapshotSequence = snapshotSequence;
    }

    /** The collection's name (lower case). */
    public String name() {
        return tables.name();
    }

    public VectorSpec spec() {
        return spec;
    }

    /** The SQLite table holding the vectors, for SQL analytics: {@code id, embedding, metadata, seq}. */
    public String table() {
        return tables.vectors();
    }

    /** Vectors stored. */
    public int size() {
        return graph.size();
    }

    /** Whether {@code id} is searchable: in the graph, with its metadata. */
    public boolean contains(String id) {
        return metadata.containsKey(id) && graph.get(id).isPresent();
    }

    /**
     * The stored vector (as given, before any normalization) and metadata of {@code id}, from SQLite.
     *
     * @throws SQLException if SQLite cannot be read
     */
    public java.util.Optional<VectorRecord> get(String id) throws SQLException {
        requireId(id);
        return storage.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT embedding, metadata FROM " + tables.vectors() + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? java.util.Optional.of(new VectorRecord(id, VectorBlobs.toVector(rs.getBytes(1)),
                            MetadataJson.read(rs.getString(2)))) : java.util.Optional.<VectorRecord>empty();
                }
            }
        });
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
        return graph.removed();
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
        change(records, List.of(), SideWrite.NONE);
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
    public List<String> change(List<VectorRecord> upserts, java.util.Collection<String> deletes, SideWrite also)
            throws SQLException {
        Objects.requireNonNull(upserts, "upserts");
        Objects.requireNonNull(deletes, "deletes");
        Objects.requireNonNull(also, "also");
        List<Prepared> batch = new ArrayList<>(upserts.size());
        for (VectorRecord r : upserts) {
            requireId(r.id());
            float[] prepared = Distances.prepare(r.vector(), spec.dimensions(), spec.metric(), "vector of '" + r.id() + "'");
            String json = MetadataJson.write(r.metadata(), r.id());
            Object text = spec.textField() == null ? null : r.metadata().get(spec.textField());
            batch.add(new Prepared(r.id(), r.vector().clone(), prepared, json, text instanceof String s ? s : null));
        }
        java.util.Set<String> upserted = new java.util.HashSet<>();
        batch.forEach(p -> upserted.add(p.id()));
        List<String> toDelete = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(deletes)) {
            requireId(id);
            if (!upserted.contains(id)) {
                toDelete.add(id);
            }
        }
        if (batch.isEmpty() && toDelete.isEmpty() && also == SideWrite.NONE) {
            return List.of();
        }
        java.util.Set<String> written = new java.util.HashSet<>(also.tables());
        written.add(tables.vectors());
        lockForWrite();
        try {
            long first = sequence + 1;
            List<String> deleted = storage.write(written, false, c -> {
                List<Long> rows = new ArrayList<>();
                List<String> existing = new ArrayList<>();
                for (String id : toDelete) {
                    Long row = rowidOf(c, id);
                    if (row != null) {
                        rows.add(row);
                        existing.add(id);
                    }
                }
                int n = batch.size() + existing.size();
                if (n > 0) {
                    long base = reserve(c, n);
                    if (base + 1 != first) {
                        throw new SQLException("collection " + name() + " was changed by another program (sequence " + base
                                + ", expected " + (first - 1) + "); reopen the database", "40001");
                    }
                }
                writeRows(c, batch, first);
                for (int i = 0; i < existing.size(); i++) {
                    deleteRow(c, existing.get(i), rows.get(i), first + batch.size() + i);
                }
                also.work().run(c);
                return existing;
            });
            List<IndexedVector> added = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Prepared p = batch.get(i);
                added.add(new IndexedVector(p.id(), p.prepared(), first + i));
                metadata.put(p.id(), MetadataJson.read(p.json()));
            }
            sequence = first + batch.size() + deleted.size() - 1;
            try {
                graph.addAll(added, Runtime.getRuntime().availableProcessors());
            } catch (InterruptedException e) {
                writes.incrementAndGet();
                Thread.currentThread().interrupt(); // stored in SQLite; the graph catches up at the next open
                throw new SQLException("interrupted while indexing; the vectors are stored and are indexed at the next open",
                        "57014", e);
            } finally {
                for (int i = 0; i < deleted.size(); i++) {
                    graph.remove(deleted.get(i), first + batch.size() + i);
                    metadata.remove(deleted.get(i));
                }
            }
            writes.incrementAndGet();
            compactIfDue();
            return deleted;
        } finally {
            writeLock.unlock();
        }
    }

    private record Prepared(String id, float[] original, float[] prepared, String json, String text) {}

    private long reserve(Connection c, int n) throws SQLException {
        long base;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM " + CollectionTables.REGISTRY + " WHERE name = ?")) {
            ps.setString(1, name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("collection " + name() + " was dropped", "42S02");
                }
                base = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + CollectionTables.REGISTRY + " SET last_seq = ? WHERE name = ?")) {
            ps.setLong(1, base + n);
            ps.setString(2, name());
            ps.executeUpdate();
        }
        return base;
    }

    private void writeRows(Connection c, List<Prepared> batch, long first) throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement("INSERT INTO " + tables.vectors() + "(id, embedding, metadata, seq)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET embedding = excluded.embedding,"
                + " metadata = excluded.metadata, seq = excluded.seq");
                PreparedStatement rowid = c.prepareStatement("SELECT rowid FROM " + tables.vectors() + " WHERE id = ?");
                PreparedStatement undelete = c.prepareStatement("DELETE FROM " + CollectionTables.DELETES
                        + " WHERE collection = ? AND id = ?");
                PreparedStatement keywords = spec.textField() == null ? null : c.prepareStatement(
                        "INSERT OR REPLACE INTO " + tables.keywords() + "(rowid, text) VALUES (?, ?)");
                PreparedStatement noKeywords = spec.textField() == null ? null : c.prepareStatement(
                        "DELETE FROM " + tables.keywords() + " WHERE rowid = ?")) {
            for (int i = 0; i < batch.size(); i++) {
                Prepared p = batch.get(i);
                upsert.setString(1, p.id());
                upsert.setBytes(2, VectorBlobs.toBytes(p.original()));
                upsert.setString(3, p.json());
                upsert.setLong(4, first + i);
                upsert.executeUpdate();
                undelete.setString(1, name());
                undelete.setString(2, p.id());
                undelete.executeUpdate();
                if (keywords != null) {
                    rowid.setString(1, p.id());
                    long row;
                    try (ResultSet rs = rowid.executeQuery()) {
                        rs.next();
                        row = rs.getLong(1);
                    }
                    if (p.text() != null) {
                        keywords.setLong(1, row);
                        keywords.setString(2, p.text());
                        keywords.executeUpdate();
                    } else {
                        noKeywords.setLong(1, row);
                        noKeywords.executeUpdate();
                    }
                }
            }
        }
    }

    /**
     * Deletes the vector {@code id}.
     *
     * @return whether it existed
     * @throws SQLException if the database refuses the write; nothing is deleted
     */
    public boolean delete(String id) throws SQLException {
        requireId(id);
        return !change(List.of(), List.of(id), SideWrite.NONE).isEmpty();
    }

    /**
     * Deletes every vector whose id is in {@code ids}, in one transaction.
     *
     * @throws SQLException if the database refuses the write; nothing is deleted
     */
    public void deleteAll(java.util.Collection<String> ids) throws SQLException {
        change(List.of(), ids, SideWrite.NONE);
    }

    /**
     * Ids of the vectors whose metadata satisfies {@code filter} (the language of {@link SearchRequest#filter});
     * every id when it is null.
     *
     * @throws IllegalArgumentException for an invalid filter
     */
    public List<String> ids(String filter) {
        MetadataFilter f = filter(filter == null || filter.isBlank() ? null : filter);
        List<String> out = new ArrayList<>();
        if (f == null) {
            out.addAll(metadata.all().keySet());
            return out;
        }
        MetadataStore.Narrowed candidates = metadata.candidates(f);
        if (candidates != null) {
            for (String id : candidates.ids()) {
                Map<String, Object> meta = metadata.get(id);
                if (meta != null && f.matches(meta)) {
                    out.add(id);
                }
            }
            return out;
        }
        metadata.all().forEach((id, meta) -> {
            if (f.matches(meta)) {
                out.add(id);
            }
        });
        return out;
    }

    /**
     * The score of each of {@code ids} against {@code query}, as {@link #search} would report it (ids not
     * stored are left out): for re-ranking candidates found some other way, such as by keywords.
     *
     * @throws IllegalArgumentException for a query vector of the wrong shape
     */
    public Map<String, Double> scores(float[] query, java.util.Collection<String> ids) {
        float[] q = Distances.prepare(Objects.requireNonNull(query, "query"), spec.dimensions(), spec.metric(), "the query vector");
        GraphIndex g = graph;
        Map<String, Double> out = new HashMap<>();
        for (String id : ids) {
            g.get(id).ifPresent(v -> out.put(id, spec.metric().score(Distances.distance(spec.metric(), q, v.vector()))));
        }
        return out;
    }

    /** The metadata of {@code id} as held in memory, if it is stored. */
    public java.util.Optional<Map<String, Object>> metadata(String id) {
        return java.util.Optional.ofNullable(metadata.get(id));
    }

    private Long rowidOf(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT rowid FROM " + tables.vectors() + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private void deleteRow(Connection c, String id, long row, long seq) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM " + tables.vectors() + " WHERE rowid = ?")) {
            del.setLong(1, row);
            del.executeUpdate();
        }
        if (spec.textField() != null) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM " + tables.keywords() + " WHERE rowid = ?")) {
                del.setLong(1, row);
                del.executeUpdate();
            }
        }
        try (PreparedStatement tomb = c.prepareStatement("INSERT OR REPLACE INTO " + CollectionTables.DELETES
                + "(collection, id, seq) VALUES (?, ?, ?)")) {
            tomb.setString(1, name());
            tomb.setString(2, id);
            tomb.setLong(3, seq);
            tomb.executeUpdate();
        }
    }

    private static void requireId(String id) {
        if (id == null || id.isEmpty() || id.length() > 1_024) {
            throw new IllegalArgumentException("a vector id must be 1 to 1,024 characters, was "
                    + (id == null ? "null" : id.length() + " characters"));
        }
    }

    private void lockForWrite() throws SQLException {
        writeLock.lock();
        if (closed) {
            writeLock.unlock();
            throw new java.sql.SQLNonTransientConnectionException("collection " + name() + " is closed", "08003");
        }
    }

    // ---------------------------------------------------------------- compaction and snapshots

    /** Rebuilds the graph from the live vectors when removed nodes pile up; under the write lock. */
    private void compactIfDue() {
        GraphIndex g = graph;
        if (g.removed() >= COMPACT_MIN_REMOVED && g.removed() * 5 >= g.size()) {
            compactNow();
        }
    }

    /** Rebuilds the graph from the live vectors now, giving back the memory of removed ones. */
    public void compact() throws SQLException {
        lockForWrite();
        try {
            compactNow();
        } finally {
            writeLock.unlock();
        }
    }

    private void compactNow() {
        GraphIndex old = graph;
        long t0 = System.nanoTime();
        try {
            graph = GraphIndex.build(spec, old.items(), Runtime.getRuntime().availableProcessors(), (done, max) ->
                    LOG.debug("compacting {}: {} of {} vectors", name(), done, max));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("compaction of {} interrupted; the old graph stays", name());
            return;
        }
        LOG.info("compacted vector collection {}: {} live vectors, {} removed dropped, in {} ms", name(), graph.size(),
                old.removed(), (System.nanoTime() - t0) / 1_000_000);
        try {
            snapshotNow();
        } catch (IOException | SQLException e) {
            LOG.warn("snapshot of {} after compaction failed (it is rebuilt or replayed at the next open): {}", name(), e.toString());
        }
    }

    /**
     * Saves the graph now, with the change sequence it reflects, so that the next open loads it instead of
     * rebuilding; then forgets the tombstones it covers.
     *
     * @throws SQLException if the tombstones cannot be pruned (the snapshot itself is saved)
     */
    public void snapshot() throws SQLException {
        lockForWrite();
        try {
            snapshotNow();
        } catch (IOException e) {
            throw new SQLException("cannot save the snapshot of collection " + name() + ": " + e, "58030", e);
        } finally {
            writeLock.unlock();
        }
    }

    private void snapshotNow() throws IOException, SQLException {
        if (sequence == snapshotSequence && java.nio.file.Files.exists(snapshotFile())) {
            return;
        }
        GraphIndex g = graph;
        g.save(snapshotFile(), new GraphIndex.Header(collectionId, spec.dimensions(), spec.metric(), spec.m(), sequence, g.size(),
                g.removed()));
        snapshotSequence = sequence;
        long covered = sequence;
        storage.write(Set.of(), false, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CollectionTables.DELETES
                    + " WHERE collection = ? AND seq <= ?")) {
                ps.setString(1, name());
                ps.setLong(2, covered);
                return ps.executeUpdate();
            }
        });
    }

    Path snapshotFile() {
        return snapshotFile(storage, tables);
    }

    static Path snapshotFile(VectorStorage storage, CollectionTables tables) {
        return storage.directory().resolve("vectors").resolve(tables.name() + ".hnsw");
    }

    /** Saves a snapshot if anything changed since the last one, and refuses further writes. */
    void close() {
        writeLock.lock();
        try {
            if (!closed) {
                try {
                    snapshotNow();
                } catch (IOException | SQLException | RuntimeException e) {
                    LOG.warn("snapshot of {} at close failed (the next open replays or rebuilds): {}", name(), e.toString());
                }
                closed = true;
            }
        } finally {
            writeLock.unlock();
        }
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
        Objects.requireNonNull(request, "request");
        float[] query = Distances.prepare(request.vector(), spec.dimensions(), spec.metric(), "the query vector");
        MetadataFilter filter = filter(request.filter());
        GraphIndex g = graph;
        if (request.text() == null) {
            List<SearchPlanner.Ranked> ranked = planner.run(plan(g, filter, request.k(), request), g, metadata, filter, query,
                    request.k(), writes.get());
            List<VectorHit> hits = new ArrayList<>(ranked.size());
            for (SearchPlanner.Ranked r : ranked) {
                Map<String, Object> meta = metadata.get(r.id());
                hits.add(new VectorHit(r.id(), spec.metric().score(r.distance()), meta == null ? Map.of() : meta));
            }
            return hits;
        }
        return hybrid(request, query, filter, g);
    }

    /**
     * How {@link #search} would run {@code request}, and why; runs nothing.
     *
     * @throws IllegalArgumentException for an invalid filter
     */
    public SearchPlan explain(SearchRequest request) {
        Objects.requireNonNull(request, "request");
        MetadataFilter filter = filter(request.filter());
        int k = request.text() == null ? request.k() : fusionDepth(request.k());
        SearchPlan plan = plan(graph, filter, k, request);
        if (request.text() == null) {
            return plan;
        }
        return new SearchPlan(plan.strategy(), plan.reason() + "; fused by reciprocal rank (k=" + RRF_K + ") with the "
                + fusionDepth(request.k()) + " best keyword (BM25) matches of '" + request.text() + "' in field "
                + spec.textField(), plan.estimatedSelectivity(), plan.estimatedMatches(), plan.candidates());
    }

    private SearchPlan plan(GraphIndex g, MetadataFilter filter, int k, SearchRequest request) {
        int ef = request.efOverride() != null ? request.efOverride() : spec.ef();
        return planner.plan(g, metadata, filter, k, ef, writes.get());
    }

    private MetadataFilter filter(String text) {
        if (text == null) {
            return null;
        }
        MetadataFilter f = filters.get(text);
        if (f == null) {
            f = MetadataFilter.compile(text);
            if (filters.size() >= 1_000) {
                filters.clear();
            }
            filters.put(text, f);
        }
        return f;
    }

    private static int fusionDepth(int k) {
        return Math.max(50, 4 * k);
    }

    private List<VectorHit> hybrid(SearchRequest request, float[] query, MetadataFilter filter, GraphIndex g) throws SQLException {
        requireTextField();
        int depth = fusionDepth(request.k());
        List<SearchPlanner.Ranked> byVector = planner.run(plan(g, filter, depth, request), g, metadata, filter, query, depth,
                writes.get());
        List<Scored> byText = keywordMatches(request.text(), filter, depth);
        Map<String, Double> fused = new LinkedHashMap<>();
        for (int i = 0; i < byVector.size(); i++) {
            fused.merge(byVector.get(i).id(), request.vectorWeight() / (RRF_K + i + 1), Double::sum);
        }
        for (int i = 0; i < byText.size(); i++) {
            fused.merge(byText.get(i).id(), request.textWeight() / (RRF_K + i + 1), Double::sum);
        }
        List<Map.Entry<String, Double>> ordered = new ArrayList<>(fused.entrySet());
        ordered.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        List<VectorHit> hits = new ArrayList<>(request.k());
        for (Map.Entry<String, Double> e : ordered) {
            Map<String, Object> meta = metadata.get(e.getKey());
            if (meta != null) {
                hits.add(new VectorHit(e.getKey(), e.getValue(), meta));
                if (hits.size() == request.k()) {
                    break;
                }
            }
        }
        return hits;
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
        Objects.requireNonNull(text, "text");
        requireTextField();
        if (k < 1 || k > 10_000) {
            throw new IllegalArgumentException("k must be 1 to 10,000, was " + k);
        }
        List<VectorHit> hits = new ArrayList<>();
        for (Scored s : keywordMatches(text, filter(filter == null || filter.isBlank() ? null : filter), k)) {
            Map<String, Object> meta = metadata.get(s.id());
            if (meta != null) {
                hits.add(new VectorHit(s.id(), s.score(), meta));
            }
        }
        return hits;
    }

    private void requireTextField() {
        if (spec.textField() == null) {
            throw new IllegalArgumentException("collection " + name() + " has no text field; create it with"
                    + " VectorSpec.withTextField(...) to search by keywords");
        }
    }

    private record Scored(String id, double score) {}

    /** The best keyword matches (BM25) that pass the filter, best first. */
    private List<Scored> keywordMatches(String text, MetadataFilter filter, int wanted) throws SQLException {
        String match = ftsQuery(text);
        if (match == null) {
            return List.of();
        }
        List<Scored> out = new ArrayList<>();
        MetadataStore.Narrowed narrowed = filter == null ? null : metadata.candidates(filter);
        // a filter an index narrows to few ids: the keyword search runs over those ids only
        String within = narrowed != null && narrowed.ids().size() <= KEYWORDS_WITHIN_IDS ? MetadataJson.array(narrowed.ids()) : null;
        // FTS5 takes "rowid IN (...)" as one MATCH evaluation per id; "+rowid" keeps it to one evaluation,
        // filtered after: cheaper unless the ids are a tiny share of the collection
        boolean matchPerId = narrowed != null && (long) narrowed.ids().size() * PER_ID_MATCH_SHARE <= size();
        int limit = filter == null || within != null ? wanted : wanted * 4;
        while (true) {
            int asked = limit;
            List<Scored> found = storage.read(c -> {
                List<Scored> rows = new ArrayList<>();
                String fts = tables.keywords();
                try (PreparedStatement ps = c.prepareStatement("SELECT v.id, -bm25(" + fts + ") AS score FROM " + fts + " JOIN "
                        + tables.vectors() + " v ON v.rowid = " + fts + ".rowid WHERE " + fts + " MATCH ?"
                        + (within != null ? " AND " + (matchPerId ? "" : "+") + fts + ".rowid IN (SELECT rowid FROM " + tables.vectors()
                                + " WHERE id IN (SELECT value FROM json_each(?)))" : "") + " ORDER BY score DESC LIMIT ?")) {
                    int p = 1;
                    ps.setString(p++, match);
                    if (within != null) {
                        ps.setString(p++, within);
                    }
                    ps.setInt(p, asked);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Scored(rs.getString(1), rs.getDouble(2)));
                        }
                    }
                }
                return rows;
            });
            out.clear();
            for (Scored s : found) {
                Map<String, Object> meta = metadata.get(s.id());
                if (meta != null && (filter == null || filter.matches(meta))) {
                    out.add(s);
                    if (out.size() == wanted) {
                        return out;
                    }
                }
            }
            if (found.size() < asked) {
                return out; // every keyword match was seen
            }
            limit *= 4;
        }
    }

    /** The words of {@code text}, each quoted, OR-ed: FTS5 syntax in the text cannot do anything else. */
    static String ftsQuery(String text) {
        StringBuilder q = new StringBuilder();
        for (String word : text.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                q.append(q.length() == 0 ? "" : " OR ").append('"').append(word.replace("\"", "\"\"")).append('"');
            }
        }
        return q.length() == 0 ? null : q.toString();
    }

    // ---------------------------------------------------------------- loading

    /** Fills the metadata map from SQLite (at open). */
    void loadMetadata(Map<String, Map<String, Object>> loaded) {
        metadata.putAll(loaded);
    }

    static Map<String, Map<String, Object>> readMetadata(Connection c, CollectionTables tables) throws SQLException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, metadata FROM " + tables.vectors());
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), MetadataJson.read(rs.getString(2)));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "VectorCollection[" + name() + ", " + spec + ", " + size() + " vectors]";
    }
}
