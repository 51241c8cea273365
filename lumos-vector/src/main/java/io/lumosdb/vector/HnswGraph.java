package io.lumosdb.vector;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The storage of a hierarchical navigable small world graph (Malkov &amp; Yashunin, "Efficient and robust
 * approximate nearest neighbor search using Hierarchical Navigable Small World graphs", 2018): nodes
 * numbered densely from 0, each with its vector, id, version, state and a sorted neighbour list per
 * level. It only stores; {@link HnswGraphBuilder} inserts and {@link HnswGraphSearcher} walks, as
 * Lucene splits {@code OnHeapHnswGraph}, {@code HnswGraphBuilder} and {@code HnswGraphSearcher}.
 *
 * <pre>{@code
 * HnswGraph graph = new HnswGraph(384, Metric.COSINE, 16);
 * int node = graph.allocate("d1", 1L, vector, 0);   // pending: walked through, never returned
 * new HnswGraphBuilder(graph, 200, 42).insert(node);
 * graph.setState(node, HnswGraph.LIVE);
 * }</pre>
 *
 * <p><b>Layout.</b> Vectors live in flat {@code float[]} pages (about 4 MiB each), node {@code n} at
 * offset {@code (n & mask) * dimensions} of page {@code n >>> bits}: a distance costs one load of the
 * page from a small directory and then the floats, with no object per vector. Neighbour lists are
 * {@code long[]} of {@code (distance, node)} keys ({@link NeighborQueue#pack}), nearest first, so a list
 * knows its members' distances to its owner without computing them again.
 *
 * <p><b>Concurrency.</b> Any number of threads search while writers insert (several writers at once in a
 * parallel build). A neighbour list is never changed in place: a writer copies it, changes the copy
 * under the owner's (striped) lock and publishes it with release semantics; readers load lists with
 * acquire semantics and never lock. A node's vector, id, version and own lists are written before any
 * list that names it is published, so a reader that meets a node sees all of it. Node states are read
 * and written the same way. Vectors are never changed once written: a new vector for an id is a new node.
 */
final class HnswGraph {
    /** A node being inserted: walked through, never returned, not yet counted. */
    static final byte PENDING = 1;
    /** A node searches may return. */
    static final byte LIVE = 0;
    /** A removed or replaced node: kept, and walked through, until the graph is rebuilt. */
    static final byte DELETED = 2;
    /**
     * The highest level a node may have. With the paper's level distribution ({@code mL = 1 / ln M}) a
     * level above 16 at M = 16 has probability 16<sup>-16</sup>; the cap only guards the snapshot reader.
     */
    static final int MAX_LEVEL = 30;

    private static final int NODE_PAGE_BITS = 10;
    private static final int NODE_PAGE = 1 << NODE_PAGE_BITS;
    private static final int NODE_MASK = NODE_PAGE - 1;
    private static final int LOCK_STRIPES = 1 << 10;
    /** Floats in a full vector page, about 4 MiB. */
    private static final int VECTOR_PAGE_FLOATS = 1 << 20;
    private static final int FIRST_VECTOR_PAGE_NODES = 16;
    private static final long[] NO_LINKS = new long[0];
    private static final VarHandle LIST = MethodHandles.arrayElementVarHandle(long[][].class);
    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(byte[].class);

    /** The node a search starts from, on the graph's top level. */
    record Entry(int node, int level) {}

    /** Ids, versions, states and neighbour lists of {@value #NODE_PAGE} nodes. */
    private static final class NodePage {
        final long[][] level0 = new long[NODE_PAGE][];
        final long[][][] upper = new long[NODE_PAGE][][]; // levels 1..top of each node, null for level 0 only
        final String[] ids = new String[NODE_PAGE];
        final long[] versions = new long[NODE_PAGE];
        final byte[] states = new byte[NODE_PAGE];
    }

    private final int dimensions;
    private final Metric metric;
    private final int m;
    private final int vectorPageBits;
    private final int vectorPageMask;
    private final Object[] locks = new Object[LOCK_STRIPES];
    /** Replaced (never changed in place) when it grows: a reader's copy stays right for the nodes it holds. */
    private volatile float[][] vectorPages = new float[0][];
    private volatile NodePage[] nodePages = new NodePage[0];
    private volatile int size;
    private volatile Entry entry;

    /**
     * An empty graph of {@code dimensions}-long vectors compared by {@code metric}, with up to {@code m}
     * neighbours a node on the upper levels and {@code 2m} on level 0 (the paper's M and M<sub>max0</sub>).
     */
    HnswGraph(int dimensions, Metric metric, int m) {
        this.dimensions = dimensions;
        this.metric = metric;
        this.m = m;
        int nodesPerPage = Integer.highestOneBit(Math.max(1, VECTOR_PAGE_FLOATS / dimensions));
        this.vectorPageBits = Math.min(14, Integer.numberOfTrailingZeros(nodesPerPage));
        this.vectorPageMask = (1 << vectorPageBits) - 1;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    int dimensions() {
        return dimensions;
    }

    Metric metric() {
        return metric;
    }

    /** The paper's M: neighbours a node keeps on levels above 0. */
    int m() {
        return m;
    }

    /** Neighbours a node keeps on {@code level}: 2M on level 0, M above (the paper's M<sub>max0</sub> and M<sub>max</sub>). */
    int maxNeighbours(int level) {
        return level == 0 ? 2 * m : m;
    }

    /** Nodes allocated, live or not. */
    int size() {
        return size;
    }

    Entry entry() {
        return entry;
    }

    void setEntry(Entry e) {
        entry = e;
    }

    /**
     * Adds a node holding a copy of {@code vector}, {@code PENDING}, with no neighbours on levels 0 to
     * {@code level}; returns its number. Nodes are numbered in the order of these calls.
     */
    synchronized int allocate(String id, long version, float[] vector, int level) {
        if (vector.length != dimensions) {
            throw new IllegalArgumentException("a vector of " + vector.length + " dimensions in a graph of " + dimensions);
        }
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("level " + level + " is outside 0 to " + MAX_LEVEL);
        }
        int node = size;
        if (node == Integer.MAX_VALUE) {
            throw new IllegalStateException("the graph holds " + node + " nodes, the most it can number; compact it");
        }
        NodePage[] pages = nodePages;
        int page = node >>> NODE_PAGE_BITS;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, page + 1);
            pages[page] = new NodePage();
            nodePages = pages;
        }
        float[] floats = vectorPageFor(node);
        System.arraycopy(vector, 0, floats, (node & vectorPageMask) * dimensions, dimensions);
        NodePage p = pages[page];
        int slot = node & NODE_MASK;
        p.ids[slot] = id;
        p.versions[slot] = version;
        STATE.setRelease(p.states, slot, PENDING);
        if (level > 0) {
            long[][] upper = new long[level][];
            Arrays.fill(upper, NO_LINKS);
            p.upper[slot] = upper;
        }
        LIST.setRelease(p.level0, slot, NO_LINKS);
        size = node + 1;
        return node;
    }

    /** The page that holds {@code node}'s vector, grown (copied and republished) to hold it; under the monitor. */
    private float[] vectorPageFor(int node) {
        float[][] pages = vectorPages;
        int page = node >>> vectorPageBits;
        int slot = node & vectorPageMask;
        if (page < pages.length && (slot + 1) * dimensions <= pages[page].length) {
            return pages[page];
        }
        float[][] grown = Arrays.copyOf(pages, Math.max(pages.length, page + 1));
        int full = vectorPageMask + 1;
        int held = grown[page] == null ? 0 : grown[page].length / dimensions;
        int nodes = Math.min(full, Math.max(slot + 1, Math.max(FIRST_VECTOR_PAGE_NODES, 2 * held)));
        grown[page] = grown[page] == null ? new float[nodes * dimensions] : Arrays.copyOf(grown[page], nodes * dimensions);
        vectorPages = grown;
        return grown[page];
    }

    /** The distance between {@code query} (prepared) and {@code node}'s vector. */
    float distance(float[] query, int node) {
        float[] page = vectorPages[node >>> vectorPageBits];
        return Distances.distance(metric, query, page, (node & vectorPageMask) * dimensions);
    }

    /** Copies {@code node}'s vector into {@code into} (at least {@link #dimensions()} long); returns it. */
    float[] copyVector(int node, float[] into) {
        float[] page = vectorPages[node >>> vectorPageBits];
        System.arraycopy(page, (node & vectorPageMask) * dimensions, into, 0, dimensions);
        return into;
    }

    /** {@code node}'s neighbours on {@code level} (at most its own level): packed keys, nearest first. Do not modify. */
    long[] neighbours(int node, int level) {
        NodePage p = nodePages[node >>> NODE_PAGE_BITS];
        int slot = node & NODE_MASK;
        if (level == 0) {
            return (long[]) LIST.getAcquire(p.level0, slot);
        }
        return (long[]) LIST.getAcquire(p.upper[slot], level - 1);
    }

    /** Publishes {@code node}'s new neighbour list on {@code level}; the caller holds {@link #lock(int) lock(node)}. */
    void setNeighbours(int node, int level, long[] neighbours) {
        assert neighbours.length <= maxNeighbours(level) : neighbours.length + " neighbours on level " + level;
        NodePage p = nodePages[node >>> NODE_PAGE_BITS];
        int slot = node & NODE_MASK;
        LIST.setRelease(level == 0 ? p.level0 : p.upper[slot], level == 0 ? slot : level - 1, neighbours);
    }

    /** The lock a writer holds while it replaces {@code node}'s neighbour lists (striped: shared with other nodes). */
    Object lock(int node) {
        return locks[node & (LOCK_STRIPES - 1)];
    }

    /** The top level of {@code node}. */
    int level(int node) {
        long[][] upper = nodePages[node >>> NODE_PAGE_BITS].upper[node & NODE_MASK];
        return upper == null ? 0 : upper.length;
    }

    String id(int node) {
        return nodePages[node >>> NODE_PAGE_BITS].ids[node & NODE_MASK];
    }

    long version(int node) {
        return nodePages[node >>> NODE_PAGE_BITS].versions[node & NODE_MASK];
    }

    byte state(int node) {
        return (byte) STATE.getAcquire(nodePages[node >>> NODE_PAGE_BITS].states, node & NODE_MASK);
    }

    boolean isLive(int node) {
        return state(node) == LIVE;
    }

    void setState(int node, byte state) {
        STATE.setRelease(nodePages[node >>> NODE_PAGE_BITS].states, node & NODE_MASK, state);
    }
}
