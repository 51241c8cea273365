package io.lumosdb.vector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vector collections of one database: create, open, list, drop.
 *
 * <pre>{@code
 * VectorCollections vectors = db.vectors();
 * VectorCollection docs = vectors.create("docs", VectorSpec.of(384, Metric.COSINE));
 * VectorCollection again = vectors.open("docs");          // the same object while the database is open
 * List<String> names = vectors.names();
 * vectors.drop("docs");
 * }</pre>
 *
 * <p>Opening a collection loads its graph snapshot and replays the changes made after it; if the snapshot
 * is missing, unreadable, from another collection or ahead of the database, the graph is rebuilt from the
 * vectors in SQLite (progress is logged), and the database keeps serving meanwhile.
 */
public final class VectorCollections implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VectorCollections.class);

    private final VectorStorage storage;
    private final Map<String, VectorCollection> open = new ConcurrentHashMap<>();
    private volatile boolean registryReady;

    private VectorCollections(VectorStorage storage) {
        this.storage = storage;
    }

    /**
     * The vectors held by the collections open in this process (each {@link VectorCollection#size()}),
     * without opening any: for an index-size gauge.
     */
    public long openVectors() {
        long n = 0;
        for (VectorCollection c : open.values()) {
            n += c.size();
        }
        return n;
    }

    /** The collections kept through {@code storage}. */
    public static VectorCollections open(VectorStorage storage) {
        return new VectorCollections(java.util.Objects.requireNonNull(storage, "storage"));
    }

    private void ensureRegistry() throws SQLException {
        if (registryReady) {
            return;
        }
        boolean exists = storage.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE name IN (?, ?)")) {
                ps.setString(1, CollectionTables.REGISTRY);
                ps.setString(2, CollectionTables.DELETES);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 2;
                }
            }
        });
        if (!exists) {
            storage.write(Set.of(), true, c -> {
                try (var st = c.createStatement()) {
                    st.execute(CollectionTables.registryDdl());
                    st.execute(CollectionTables.deletesDdl());
                }
                return null;
            });
        }
        registryReady = true;
    }

    /**
     * Creates a collection.
     *
     * @throws IllegalArgumentException for an invalid name, or if a collection of that name exists
     * @throws SQLException if the database refuses; nothing is created
     */
    public synchronized VectorCollection create(String name, VectorSpec spec) throws SQLException {
        java.util.Objects.requireNonNull(spec, "spec");
        CollectionTables tables = new CollectionTables(name);
        ensureRegistry();
        if (registered(tables).isPresent()) {
            throw new IllegalArgumentException("a vector collection named '" + tables.name() + "' exists; open it, or drop it first");
        }
        String id = UUID.randomUUID().toString();
        storage.write(Set.of(tables.vectors()), true, c -> {
            try (var st = c.createStatement()) {
                st.execute(tables.vectorsDdl(spec.dimensions()));
                if (spec.textField() != null) {
                    st.execute(tables.keywordsDdl());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + CollectionTables.REGISTRY
                    + "(name, id, dimensions, metric, m, ef_construction, ef, text_field, last_seq, created)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
                ps.setString(1, tables.name());
                ps.setString(2, id);
                ps.setInt(3, spec.dimensions());
                ps.setString(4, spec.metric().name());
                ps.setInt(5, spec.m());
                ps.setInt(6, spec.efConstruction());
                ps.setInt(7, spec.ef());
                ps.setString(8, spec.textField());
                ps.setString(9, Instant.now().toString());
                ps.executeUpdate();
            }
            return null;
        });
        VectorCollection collection = new VectorCollection(tables, id, spec, storage, GraphIndex.empty(spec), 0, -1);
        open.put(tables.name(), collection);
        return collection;
    }

    /**
     * Opens an existing collection (the same object while the database stays open).
     *
     * @throws IllegalArgumentException if there is no collection of that name
     */
    public synchronized VectorCollection open(String name) throws SQLException {
        CollectionTables tables = new CollectionTables(name);
        VectorCollection c = open.get(tables.name());
        if (c != null) {
            return c;
        }
        ensureRegistry();
        java.util.Optional<Registered> found = registered(tables);
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no vector collection named '" + tables.name() + "'; the collections are "
                    + namesOrNone());
        }
        Registered r = found.get();
        c = load(tables, r);
        open.put(tables.name(), c);
        return c;
    }

    /** Whether a collection of that name exists. */
    public boolean exists(String name) throws SQLException {
        CollectionTables tables = new CollectionTables(name);
        ensureRegistry();
        return open.containsKey(tables.name()) || registered(tables).isPresent();
    }

    /** The collections' names, sorted. */
    public List<String> names() throws SQLException {
        ensureRegistry();
        return storage.read(c -> {
            List<String> names = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + CollectionTables.REGISTRY + " ORDER BY name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        });
    }

    private String namesOrNone() throws SQLException {
        List<String> names = names();
        return names.isEmpty() ? "none" : names.toString();
    }

    /**
     * Drops a collection: its table, keyword index, tombstones and snapshot.
     *
     * @throws IllegalArgumentException if there is no collection of that name
     */
    public synchronized void drop(String name) throws SQLException {
        CollectionTables tables = new CollectionTables(name);
        ensureRegistry();
        if (registered(tables).isEmpty()) {
            throw new IllegalArgumentException("no vector collection named '" + tables.name() + "'");
        }
        VectorCollection c = open.remove(tables.name());
        if (c != null) {
            c.close();
        }
        storage.write(Set.of(tables.vectors()), true, conn -> {
            try (var st = conn.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + tables.vectors());
                st.execute("DROP TABLE IF EXISTS " + tables.keywords());
            }
            for (String sql : new String[] {"DELETE FROM " + CollectionTables.REGISTRY + " WHERE name = ?",
                    "DELETE FROM " + CollectionTables.DELETES + " WHERE collection = ?"}) {
                try (PreparedStatement ps = conn.prepareStatement(sql)) {
                    ps.setString(1, tables.name());
                    ps.executeUpdate();
                }
            }
            return null;
        });
        try {
            java.nio.file.Files.deleteIfExists(CollectionState.snapshotFile(storage, tables));
        } catch (java.io.IOException e) {
            LOG.warn("the snapshot of dropped collection {} could not be deleted: {}", tables.name(), e.toString());
        }
    }

    /** Saves the snapshot of every open collection that changed since its last one. */
    public void snapshotAll() throws SQLException {
        for (VectorCollection c : open.values()) {
            c.snapshot();
        }
    }

    /** Saves every open collection's snapshot (if changed) and closes them. */
    @Override
    public synchronized void close() {
        open.values().forEach(VectorCollection::close);
        open.clear();
    }

    // ---------------------------------------------------------------- registry and loading

    private record Registered(String id, VectorSpec spec, long lastSequence) {}

    private java.util.Optional<Registered> registered(CollectionTables tables) throws SQLException {
        return storage.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, dimensions, metric, m, ef_construction, ef, text_field,"
                    + " last_seq FROM " + CollectionTables.REGISTRY + " WHERE name = ?")) {
                ps.setString(1, tables.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return java.util.Optional.<Registered>empty();
                    }
                    VectorSpec spec = new VectorSpec(rs.getInt(2), Metric.valueOf(rs.getString(3)), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getString(7));
                    return java.util.Optional.of(new Registered(rs.getString(1), spec, rs.getLong(8)));
                }
            }
        });
    }

    private VectorCollection load(CollectionTables tables, Registered r) throws SQLException {
        long t0 = System.nanoTime();
        GraphSnapshot.Header expected = new GraphSnapshot.Header(r.id(), r.spec().dimensions(), r.spec().metric(), r.spec().m(),
                r.lastSequence(), 0, 0);
        java.nio.file.Path file = CollectionState.snapshotFile(storage, tables);
        GraphIndex graph;
        long from;
        try {
            GraphSnapshot.Loaded loaded = GraphSnapshot.load(file, r.spec(), expected);
            graph = loaded.index();
            from = loaded.header().sequence();
        } catch (GraphSnapshot.SnapshotRejected e) {
            LOG.info("vector collection {}: {}; rebuilding its graph from SQLite", tables.name(), e.getMessage());
            graph = null;
            from = 0;
        }
        boolean fromSnapshot = graph != null;
        long since = from;
        Replay replay = storage.read(c -> replay(c, tables, r.spec(), since));
        int threads = Runtime.getRuntime().availableProcessors();
        try {
            if (graph == null) {
                graph = GraphIndex.build(r.spec(), replay.upserts(), threads,
                        (done, total) -> LOG.info("vector collection {}: rebuilding, {} of {} vectors", tables.name(), done, total));
            } else {
                for (Map.Entry<String, Long> d : replay.deletes().entrySet()) {
                    graph.remove(d.getKey(), d.getValue());
                }
                graph.addAll(replay.upserts(), threads);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while " + (fromSnapshot ? "replaying changes into" : "rebuilding")
                    + " vector collection " + tables.name(), "57014", e);
        }
        VectorCollection c = new VectorCollection(tables, r.id(), r.spec(), storage, graph, r.lastSequence(),
                replay.upserts().isEmpty() && replay.deletes().isEmpty() ? from : -1);
        c.loadMetadata(replay.metadata());
        if (fromSnapshot) {
            c.markOpenedFromSnapshot();
        }
        LOG.info("vector collection {} open: {} vectors ({} changes after the snapshot) in {} ms", tables.name(), graph.size(),
                replay.upserts().size() + replay.deletes().size(), (System.nanoTime() - t0) / 1_000_000);
        return c;
    }

    private record Replay(List<IndexedVector> upserts, Map<String, Long> deletes, Map<String, Map<String, Object>> metadata) {}

    /** Vectors written after {@code since}, ids deleted after it, and every vector's metadata: one snapshot of SQLite. */
    private static Replay replay(Connection c, CollectionTables tables, VectorSpec spec, long since) throws SQLException {
        boolean outer = c.getAutoCommit();
        c.setAutoCommit(false); // one read transaction: the reads agree
        try {
            List<IndexedVector> upserts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, embedding, seq FROM " + tables.vectors()
                    + " WHERE seq > ? ORDER BY seq")) {
                ps.setLong(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        float[] v = Distances.prepare(VectorBlobs.toVector(rs.getBytes(2)), spec.dimensions(), spec.metric(),
                                "stored vector '" + rs.getString(1) + "'");
                        upserts.add(new IndexedVector(rs.getString(1), v, rs.getLong(3)));
                    }
                }
            }
            Map<String, Long> deletes = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, seq FROM " + CollectionTables.DELETES
                    + " WHERE collection = ? AND seq > ?")) {
                ps.setString(1, tables.name());
                ps.setLong(2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deletes.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return new Replay(upserts, deletes, readMetadata(c, tables));
        } finally {
            c.commit();
            c.setAutoCommit(outer);
        }
    }

    private static Map<String, Map<String, Object>> readMetadata(Connection c, CollectionTables tables) throws SQLException {
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
        return "VectorCollections" + open.keySet();
    }
}
