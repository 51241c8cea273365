package io.lumosdb.vector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A collection's graph on disk ({@code <dir>/vectors/<name>.hnsw}): our own versioned binary layout with a
 * checksum, read field by field into a new {@link HnswGraph}. Nothing in it is Java-serialized, so a
 * replaced file can at worst be refused, never make the JVM instantiate a class.
 *
 * <pre>{@code
 * GraphSnapshot.save(index, file, new GraphSnapshot.Header(id, 384, Metric.COSINE, 16, sequence, live, removed));
 * GraphSnapshot.Loaded loaded = GraphSnapshot.load(file, spec, expected);  // or SnapshotRejected: rebuild from SQLite
 * }</pre>
 *
 * <p><b>Format 2</b>, little-endian; a string is its UTF-8 length (int) and bytes:
 * <pre>
 * magic "LUMOSHNW" (8 bytes), format (int, 2)
 * header: collection id (string), dimensions (int), metric (string), M (int), change sequence (long),
 *         live nodes (int), removed nodes (int), nodes (int), entry node (int, -1 when empty), entry level (int)
 * each node, numbered from 0: state (byte: 0 live, 2 removed), top level (byte), version (long), id (string),
 *         vector (dimensions floats), then for each level 0..top: neighbours (int), their keys (longs:
 *         distance and node, {@link NeighborQueue#pack}), nearest first
 * CRC-32C of all the above (int)
 * </pre>
 * Loading checks the header against the collection (its id, dimensions, metric, M, and a sequence not
 * ahead of the database), every count against what the file can hold, every neighbour against the nodes
 * and levels there are, the live ids for duplicates, and the checksum; any failure is a
 * {@link SnapshotRejected} naming it, and the collection rebuilds the graph from SQLite. Format 1 (a header
 * of ours around hnswlib-core's Java-serialized graph) is recognised and refused the same way.
 *
 * <p>A snapshot is written to a temporary file and moved into place, so a crash leaves the old one or the new.
 */
final class GraphSnapshot {
    static final int FORMAT = 2;
    private static final byte[] MAGIC = "LUMOSHNW".getBytes(StandardCharsets.US_ASCII);
    /** How format 1 began: {@code writeUTF("LUMOSVEC")}. */
    private static final byte[] FORMAT_1_MAGIC = {0, 8, 'L', 'U', 'M', 'O', 'S', 'V', 'E', 'C'};
    /** Ids are at most 1,024 characters, at most 3 UTF-8 bytes each. */
    private static final int MAX_ID_BYTES = 3 * 1_024;

    private GraphSnapshot() {}

    /** What a snapshot says of itself; the collection compares it with what it expects. */
    record Header(String collectionId, int dimensions, Metric metric, int m, long sequence, int size, int removed) {}

    /** A graph read from a snapshot, and the header it was saved with. */
    record Loaded(GraphIndex index, Header header) {}

    /** A snapshot that must not be used (missing, corrupt, foreign, old, or from a newer state); the reason says which. */
    static final class SnapshotRejected extends Exception {
        private static final long serialVersionUID = 1L;

        SnapshotRejected(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** Writes {@code index}'s graph to {@code file} (through a temporary file). Under the owner's write lock. */
    static void save(GraphIndex index, Path file, Header header) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        HnswGraph graph = index.graph();
        try (ChecksummedFile.Writer out = new ChecksummedFile.Writer(tmp)) {
            out.putBytes(MAGIC);
            out.putInt(FORMAT);
            out.putString(header.collectionId());
            out.putInt(header.dimensions());
            out.putString(header.metric().name());
            out.putInt(header.m());
            out.putLong(header.sequence());
            out.putInt(header.size());
            out.putInt(header.removed());
            int nodes = graph.size();
            HnswGraph.Entry entry = graph.entry();
            out.putInt(nodes);
            out.putInt(entry == null ? -1 : entry.node());
            out.putInt(entry == null ? 0 : entry.level());
            float[] vector = new float[graph.dimensions()];
            for (int node = 0; node < nodes; node++) {
                int level = graph.level(node);
                out.putByte(graph.isLive(node) ? HnswGraph.LIVE : HnswGraph.DELETED);
                out.putByte(level);
                out.putLong(graph.version(node));
                out.putString(graph.id(node));
                out.putFloats(graph.copyVector(node, vector));
                for (int l = 0; l <= level; l++) {
                    long[] neighbours = graph.neighbours(node, l);
                    out.putInt(neighbours.length);
                    out.putLongs(neighbours);
                }
            }
            out.finish();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads a snapshot made for the collection {@code expected} describes.
     *
     * @throws SnapshotRejected if the file is missing, unreadable, damaged, of another format, foreign,
     *     built with other settings, or ahead of the database
     */
    static Loaded load(Path file, VectorSpec spec, Header expected) throws SnapshotRejected {
        if (!Files.isRegularFile(file)) {
            throw new SnapshotRejected("no snapshot at " + file, null);
        }
        rejectOtherFormats(file);
        try (ChecksummedFile.Reader in = new ChecksummedFile.Reader(file)) {
            in.getBytes(MAGIC.length, "the magic number");
            int format = in.getInt("the format");
            if (format != FORMAT) {
                throw new SnapshotRejected(file + " has snapshot format " + format + "; this version reads format " + FORMAT, null);
            }
            Header header = header(in, file, expected);
            HnswGraph graph = nodes(in, spec, header, file);
            in.finish();
            return new Loaded(GraphIndex.restored(spec, graph), header);
        } catch (SnapshotRejected e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SnapshotRejected(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Refuses a file that does not begin with our magic number, naming format 1 when it is that. */
    private static void rejectOtherFormats(Path file) throws SnapshotRejected {
        byte[] start = new byte[FORMAT_1_MAGIC.length];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(start, 0, start.length);
        } catch (IOException e) {
            throw new SnapshotRejected(file + " cannot be read: " + e, e);
        }
        if (n == start.length && Arrays.equals(start, FORMAT_1_MAGIC)) {
            throw new SnapshotRejected(file + " is a snapshot of format 1 (hnswlib-core's Java-serialized graph),"
                    + " which this version no longer reads", null);
        }
        if (n < MAGIC.length || !Arrays.equals(Arrays.copyOf(start, MAGIC.length), MAGIC)) {
            throw new SnapshotRejected(file + " is not a Lumos-DB vector snapshot", null);
        }
    }

    /** Reads the header and checks it against {@code expected} (sequence: at most expected's). */
    private static Header header(ChecksummedFile.Reader in, Path file, Header expected) throws IOException, SnapshotRejected {
        String collectionId = in.getString(256, "the collection id");
        int dimensions = in.getInt("the dimensions");
        String metric = in.getString(64, "the metric");
        Header h = new Header(collectionId, dimensions, Arrays.stream(Metric.values()).filter(x -> x.name().equals(metric))
                .findFirst().orElse(null), in.getInt("M"), in.getLong("the sequence"), in.getInt("the live count"),
                in.getInt("the removed count"));
        if (!h.collectionId().equals(expected.collectionId())) {
            throw new SnapshotRejected(file + " belongs to another collection (id " + h.collectionId() + ")", null);
        }
        if (h.dimensions() != expected.dimensions() || h.metric() != expected.metric() || h.m() != expected.m()) {
            throw new SnapshotRejected(file + " was built with other settings (" + h.dimensions() + " dimensions, "
                    + metric + ", M " + h.m() + ")", null);
        }
        if (h.sequence() > expected.sequence()) {
            throw new SnapshotRejected(file + " reflects change " + h.sequence() + " but the database holds changes only up to "
                    + expected.sequence(), null);
        }
        return h;
    }

    /** Reads the nodes into a new graph and checks that they form one. */
    private static HnswGraph nodes(ChecksummedFile.Reader in, VectorSpec spec, Header header, Path file) throws IOException {
        int nodes = in.getInt("the node count");
        int entryNode = in.getInt("the entry node");
        int entryLevel = in.getInt("the entry level");
        long vectorBytes = 4L * spec.dimensions();
        if (nodes < 0 || nodes * vectorBytes > in.payloadSize()) {
            throw new IOException("it claims " + nodes + " nodes, more than its " + in.payloadSize() + " bytes can hold");
        }
        HnswGraph graph = new HnswGraph(spec.dimensions(), spec.metric(), spec.m());
        float[] vector = new float[spec.dimensions()];
        Set<String> live = new HashSet<>();
        for (int node = 0; node < nodes; node++) {
            int state = in.getByte("a node's state");
            int level = in.getByte("a node's level");
            if ((state != HnswGraph.LIVE && state != HnswGraph.DELETED) || level > HnswGraph.MAX_LEVEL) {
                throw new IOException("node " + node + " has state " + state + " and level " + level);
            }
            long version = in.getLong("a node's version");
            String id = in.getString(MAX_ID_BYTES, "a node's id");
            in.getFloats(vector, "a node's vector");
            graph.allocate(id, version, vector, level);
            for (int l = 0; l <= level; l++) {
                int count = in.getInt("a neighbour count");
                if (count < 0 || count > graph.maxNeighbours(l)) {
                    throw new IOException("node " + node + " has " + count + " neighbours on level " + l + ", over "
                            + graph.maxNeighbours(l));
                }
                graph.setNeighbours(node, l, in.getLongs(count, "a neighbour list"));
            }
            if (state == HnswGraph.LIVE && !live.add(id)) {
                throw new IOException("id '" + id + "' is live in two nodes");
            }
            graph.setState(node, (byte) state);
        }
        if (live.size() != header.size() || nodes - live.size() != header.removed()) {
            throw new IOException("it holds " + live.size() + " live and " + (nodes - live.size()) + " removed nodes; its header says "
                    + header.size() + " and " + header.removed());
        }
        checkLinks(graph, file);
        if (nodes > 0) {
            if (entryNode < 0 || entryNode >= nodes || graph.level(entryNode) != entryLevel) {
                throw new IOException("its entry point (node " + entryNode + ", level " + entryLevel + ") is not a node of that level");
            }
            graph.setEntry(new HnswGraph.Entry(entryNode, entryLevel));
        }
        return graph;
    }

    /** Every neighbour is another node that reaches the level it is linked on; every list is sorted. */
    private static void checkLinks(HnswGraph graph, Path file) throws IOException {
        int nodes = graph.size();
        for (int node = 0; node < nodes; node++) {
            for (int l = 0; l <= graph.level(node); l++) {
                long previous = Long.MIN_VALUE;
                for (long key : graph.neighbours(node, l)) {
                    int n = NeighborQueue.nodeOf(key);
                    if (n < 0 || n >= nodes || n == node || graph.level(n) < l || key <= previous) {
                        throw new IOException("node " + node + " of " + file.getFileName() + " links to node " + n
                                + " on level " + l + ", which is not a valid neighbour there");
                    }
                    previous = key;
                }
            }
        }
    }
}
