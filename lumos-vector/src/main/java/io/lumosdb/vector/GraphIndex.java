package io.lumosdb.vector;

import com.github.jelmerk.hnswlib.core.ObjectSerializer;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import com.github.jelmerk.hnswlib.core.hnsw.SizeLimitExceededException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A collection's HNSW graph (hnswlib-core): grows without a fixed capacity, counts removals so the owner
 * can rebuild it when they pile up, and saves and loads snapshots.
 *
 * <p><b>Snapshots.</b> A header of our own (magic, format, collection id, dimensions, metric, M, the
 * change sequence the graph reflects, its size) followed by hnswlib's serialized graph, with ids and items
 * written by our own serializers. Loading checks the header against what the collection expects and reads
 * the graph through an {@link ObjectInputFilter} that admits only hnswlib's classes, ours, and the JDK
 * types they are made of: a replaced or corrupt file cannot make the JVM instantiate anything else. A
 * snapshot is written to a temporary file and moved into place, so a crash leaves the old one or the new.
 */
final class GraphIndex {
    private static final String MAGIC = "LUMOSVEC";
    private static final int FORMAT = 1;
    private static final int INITIAL_CAPACITY = 1_024;
    /** Exactly our classes a graph holds (not the whole package), hnswlib's, and the JDK types they are made of. */
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter("maxdepth=64;"
            + Distances.OneMinusDot.class.getName() + ";" + Distances.SquaredL2.class.getName() + ";"
            + IdSerializer.class.getName() + ";" + ItemSerializer.class.getName() + ";"
            + "com.github.jelmerk.hnswlib.core.**;java.lang.*;java.util.*;java.util.concurrent.**;!*");

    /** What a snapshot says of itself; the collection compares it with what it expects. */
    record Header(String collectionId, int dimensions, Metric metric, int m, long sequence, int size, int removed) {}

    /** A snapshot that must not be used (missing, corrupt, foreign, or from a newer state); the reason says which. */
    static final class SnapshotRejected extends Exception {
        private static final long serialVersionUID = 1L;

        SnapshotRejected(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private final VectorSpec spec;
    private final HnswIndex<String, float[], IndexedVector, Float> hnsw;
    /** The graph's vectors by node id, for the walks. */
    private final NodeVectors nodeVectors = new NodeVectors();
    private int removed; // under the owner's write lock
    /** The live vectors by id, kept equal to the graph's by every write: exact scans read it without a lock. */
    private final ConcurrentHashMap<String, IndexedVector> byId = new ConcurrentHashMap<>();

    private GraphIndex(VectorSpec spec, HnswIndex<String, float[], IndexedVector, Float> hnsw) {
        this.spec = spec;
        this.hnsw = hnsw;
        refreshAll();
    }

    /** Makes the map hold exactly the graph's live vectors (after a load or a parallel build). */
    private void refreshAll() {
        for (IndexedVector v : hnsw.items()) {
            byId.put(v.id(), v);
        }
    }

    /** Makes the map hold what the graph holds for {@code id} after a write. */
    private void refresh(String id) {
        Optional<IndexedVector> held = hnsw.get(id);
        if (held.isPresent()) {
            byId.put(id, held.get());
        } else {
            byId.remove(id);
        }
    }

    static GraphIndex empty(VectorSpec spec, int expectedSize) {
        HnswIndex<String, float[], IndexedVector, Float> hnsw = HnswIndex
                .newBuilder(spec.dimensions(), Distances.function(spec.metric()), Math.max(INITIAL_CAPACITY, expectedSize))
                .withM(spec.m()).withEfConstruction(spec.efConstruction()).withEf(1).withRemoveEnabled()
                .withCustomSerializers(new IdSerializer(), new ItemSerializer())
                .build();
        return new GraphIndex(spec, hnsw);
    }

    /** Adds or replaces a vector (a lower version than the one held is ignored). Under the owner's write lock. */
    void add(IndexedVector v) {
        if (hnsw.size() + removed + 1 >= hnsw.getMaxItemCount()) {
            grow(hnsw.size() + removed + 1);
        }
        boolean replacing = byId.containsKey(v.id());
        boolean added;
        try {
            added = hnsw.add(v);
        } catch (SizeLimitExceededException e) {
            grow(hnsw.getMaxItemCount() + 1); // our count of held slots was low: grow and go on
            added = hnsw.add(v);
        }
        if (added) {
            byId.put(v.id(), v); // not added: an older version than the one held, which stays
            if (replacing) {
                removed++; // hnswlib replaces by removing the old node, which keeps its slot
            }
        }
    }

    /** Makes room for at least {@code slots} nodes, doubling: capacity grows, never a fixed maximum. */
    private void grow(int slots) {
        hnsw.resize(Math.max(slots, Math.max(INITIAL_CAPACITY, hnsw.getMaxItemCount() * 2)));
    }

    /**
     * Adds or replaces many vectors, on {@code threads} threads (hnswlib's own, named, ended when done)
     * when there are enough of them to be worth it. Under the owner's write lock.
     */
    void addAll(List<IndexedVector> vectors, int threads) throws InterruptedException {
        if (vectors.size() < 512 || threads < 2) {
            vectors.forEach(this::add);
            return;
        }
        java.util.Map<String, IndexedVector> last = new java.util.LinkedHashMap<>();
        for (IndexedVector v : vectors) {
            last.put(v.id(), v); // a later record of one id replaces an earlier one
        }
        for (IndexedVector v : last.values()) {
            if (byId.containsKey(v.id())) {
                removed++;
            }
        }
        int needed = hnsw.size() + removed + last.size() + 1;
        if (needed >= hnsw.getMaxItemCount()) {
            grow(needed);
        }
        try {
            hnsw.addAll(last.values(), threads, (done, max) -> { }, Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            // a worker failed (e.g. the slot count was low); hnswlib stops the others: add what is missing one by one
            for (IndexedVector v : last.values()) {
                IndexedVector held = hnsw.get(v.id()).orElse(null);
                if (held == null || held.version() < v.version()) {
                    add(v);
                }
            }
        }
        last.keySet().forEach(this::refresh);
    }

    /** Removes a vector; true if it was there. Under the owner's write lock. */
    boolean remove(String id, long version) {
        boolean done = hnsw.remove(id, version);
        if (done) {
            removed++;
            byId.remove(id);
        }
        return done;
    }

    /**
     * The {@code breadth} nearest vectors, closest first. hnswlib searches with {@code max(ef, k)}
     * candidates; the graph's own ef is 1, so the breadth asked for is the ef of this search: per query,
     * with no shared setting to race on.
     */
    GraphSearch.Found nearest(float[] query, int breadth) {
        if (GraphSearch.available()) {
            return GraphSearch.nearest(hnsw, nodeVectors, spec.metric(), query, breadth);
        }
        List<SearchResult<IndexedVector, Float>> found = hnsw.findNearest(query, breadth);
        IndexedVector[] items = new IndexedVector[found.size()];
        float[] distances = new float[found.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = found.get(i).item();
            distances[i] = found.get(i).distance();
        }
        return new GraphSearch.Found(items, distances);
    }

    Optional<IndexedVector> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The vector held for {@code id}, or null: no lock (hnswlib's own lookup takes its global lock). */
    IndexedVector vector(String id) {
        return byId.get(id);
    }

    Collection<IndexedVector> items() {
        return new ArrayList<>(byId.values());
    }

    /** Live vectors. */
    int size() {
        return byId.size();
    }

    /** Vectors removed or replaced since this graph was built: their slots and links are still held. */
    int removed() {
        return removed;
    }

    /** A new graph holding {@code items}, built on {@code threads} threads (hnswlib's own, named). */
    static GraphIndex build(VectorSpec spec, Collection<IndexedVector> items, int threads,
            com.github.jelmerk.hnswlib.core.ProgressListener progress) throws InterruptedException {
        GraphIndex index = empty(spec, items.size() + INITIAL_CAPACITY);
        index.hnsw.addAll(items, Math.max(1, threads), progress, Math.max(1_000, items.size() / 20));
        index.refreshAll();
        return index;
    }

    // ---------------------------------------------------------------- snapshots

    void save(Path file, Header header) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            DataOutputStream data = new DataOutputStream(out);
            data.writeUTF(MAGIC);
            data.writeInt(FORMAT);
            data.writeUTF(header.collectionId());
            data.writeInt(header.dimensions());
            data.writeUTF(header.metric().name());
            data.writeInt(header.m());
            data.writeLong(header.sequence());
            data.writeInt(header.size());
            data.writeInt(header.removed());
            data.flush();
            hnsw.save(out); // closes the stream
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads the header of {@code file} and checks it against {@code expected} (sequence: at most expected's). */
    static Header readHeader(DataInputStream data, Path file, Header expected) throws IOException, SnapshotRejected {
        if (!MAGIC.equals(data.readUTF())) {
            throw new SnapshotRejected(file + " is not a Lumos-DB vector snapshot", null);
        }
        int format = data.readInt();
        if (format != FORMAT) {
            throw new SnapshotRejected(file + " has snapshot format " + format + ", not " + FORMAT, null);
        }
        Header h = new Header(data.readUTF(), data.readInt(), Metric.valueOf(data.readUTF()), data.readInt(), data.readLong(),
                data.readInt(), data.readInt());
        if (!h.collectionId().equals(expected.collectionId())) {
            throw new SnapshotRejected(file + " belongs to another collection (id " + h.collectionId() + ")", null);
        }
        if (h.dimensions() != expected.dimensions() || h.metric() != expected.metric() || h.m() != expected.m()) {
            throw new SnapshotRejected(file + " was built with other settings (" + h.dimensions() + " dimensions, "
                    + h.metric() + ", M " + h.m() + ")", null);
        }
        if (h.sequence() > expected.sequence()) {
            throw new SnapshotRejected(file + " reflects change " + h.sequence() + " but the database holds changes only up to "
                    + expected.sequence(), null);
        }
        return h;
    }

    /**
     * Loads a snapshot made for the collection {@code expected} describes.
     *
     * @return the graph and the header it was saved with
     * @throws SnapshotRejected if the file is missing, unreadable, foreign, or ahead of the database
     */
    static Loaded load(Path file, VectorSpec spec, Header expected) throws SnapshotRejected {
        if (!Files.isRegularFile(file)) {
            throw new SnapshotRejected("no snapshot at " + file, null);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Header header = readHeader(new DataInputStream(in), file, expected);
            ObjectInputStream objects = new ObjectInputStream(in);
            objects.setObjectInputFilter(ALLOWED);
            Object graph = objects.readObject();
            if (!(graph instanceof HnswIndex<?, ?, ?, ?> index)) {
                throw new SnapshotRejected(file + " holds a " + graph.getClass().getName() + ", not a graph", null);
            }
            @SuppressWarnings("unchecked")
            HnswIndex<String, float[], IndexedVector, Float> typed = (HnswIndex<String, float[], IndexedVector, Float>) index;
            if (typed.getDimensions() != spec.dimensions() || typed.size() != header.size()) {
                throw new SnapshotRejected(file + " is inconsistent: its graph holds " + typed.size() + " vectors of "
                        + typed.getDimensions() + " dimensions, its header says " + header.size(), null);
            }
            typed.setEf(1); // the search breadth is the k each search asks for (see nearest)
            GraphIndex loaded = new GraphIndex(spec, typed);
            loaded.removed = header.removed(); // slots still held by removed nodes
            return new Loaded(loaded, header);
        } catch (SnapshotRejected e) {
            throw e;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new SnapshotRejected(file + " cannot be read: " + e, e);
        }
    }

    record Loaded(GraphIndex index, Header header) {}

    // ---------------------------------------------------------------- serializers of ids and items

    /** Ids as modified UTF-8. */
    static final class IdSerializer implements ObjectSerializer<String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(String id, ObjectOutput out) throws IOException {
            out.writeUTF(id);
        }

        @Override
        public String read(ObjectInput in) throws IOException {
            return in.readUTF();
        }
    }

    /** Items as id, version, length and floats: no Java serialization of our objects. */
    static final class ItemSerializer implements ObjectSerializer<IndexedVector> {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(IndexedVector item, ObjectOutput out) throws IOException {
            out.writeUTF(item.id());
            out.writeLong(item.version());
            float[] v = item.vector();
            out.writeInt(v.length);
            for (float x : v) {
                out.writeFloat(x);
            }
        }

        @Override
        public IndexedVector read(ObjectInput in) throws IOException {
            String id = in.readUTF();
            long version = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > 65_536) {
                throw new IOException("a vector of " + n + " dimensions in a snapshot");
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = in.readFloat();
            }
            return new IndexedVector(id, v, version);
        }
    }
}
