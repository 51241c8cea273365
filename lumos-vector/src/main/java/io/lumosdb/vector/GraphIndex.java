package io.lumosdb.vector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * A collection's HNSW graph seen by id: the {@link HnswGraph}, its {@link HnswGraphBuilder}, and the
 * live node of each id. Grows without a fixed capacity and counts removed nodes so that the owner can
 * rebuild it when they pile up ({@link #rebuilt}).
 *
 * <pre>{@code
 * GraphIndex index = GraphIndex.empty(spec);
 * index.addAll(List.of(new IndexedVector("d1", prepared, 1L)), 2);
 * HnswGraphSearcher.Found found = index.nearest(query, 100, null, Integer.MAX_VALUE);
 * String first = index.id(found.nodes()[0]);
 * }</pre>
 *
 * <p><b>Updates and deletes.</b> A new vector for an id is a new node; the old node is marked
 * {@link HnswGraph#DELETED} and stays in the graph, walked through but never returned, until the next
 * rebuild (hnswlib and Lucene do the same: removing a node from a proximity graph would cut paths through
 * it). New nodes are linked while {@link HnswGraph#PENDING} and made live together once linked, each
 * after its old node is retired, and a search looks at the state of its results once more at the end:
 * it never returns an id twice (a walk that met the old node live, then the new one, drops the old), and
 * never a half-linked node.
 *
 * <p>Writes come from one thread at a time (the owner's write lock; a batch is linked on several threads
 * by the builder); searches and lookups run concurrently with them without locks.
 */
final class GraphIndex {
    private final VectorSpec spec;
    private final HnswGraph graph;
    private final HnswGraphBuilder builder;
    /** The live node of each id: exact scans and lookups read it without a lock. */
    private final ConcurrentHashMap<String, Integer> nodes = new ConcurrentHashMap<>();
    private int removed; // under the owner's write lock

    private GraphIndex(VectorSpec spec, HnswGraph graph) {
        this.spec = spec;
        this.graph = graph;
        // a restored graph continues with levels of its own, not a replay of the ones its first nodes drew
        this.builder = new HnswGraphBuilder(graph, spec.efConstruction(), HnswGraphBuilder.DEFAULT_SEED + graph.size());
    }

    static GraphIndex empty(VectorSpec spec) {
        return new GraphIndex(spec, new HnswGraph(spec.dimensions(), spec.metric(), spec.m()));
    }

    /** An index over a graph read from a snapshot: its live nodes are the ids it holds. */
    static GraphIndex restored(VectorSpec spec, HnswGraph graph) {
        GraphIndex index = new GraphIndex(spec, graph);
        for (int node = 0; node < graph.size(); node++) {
            if (graph.isLive(node)) {
                index.nodes.put(graph.id(node), node);
            } else {
                index.removed++;
            }
        }
        return index;
    }

    /** A new graph holding {@code items}, linked on {@code threads} threads. */
    static GraphIndex build(VectorSpec spec, Collection<IndexedVector> items, int threads, HnswGraphBuilder.Progress progress)
            throws InterruptedException {
        GraphIndex index = empty(spec);
        index.addAll(new ArrayList<>(items), threads, progress);
        return index;
    }

    /** A new graph holding this one's live vectors only (compaction), linked on {@code threads} threads. */
    GraphIndex rebuilt(int threads, HnswGraphBuilder.Progress progress) throws InterruptedException {
        GraphIndex index = empty(spec);
        float[] vector = new float[spec.dimensions()];
        List<String> ids = new ArrayList<>(nodes.size());
        List<Integer> added = new ArrayList<>(nodes.size());
        for (int node = 0; node < graph.size(); node++) {
            if (graph.isLive(node)) {
                String id = graph.id(node);
                ids.add(id);
                added.add(index.builder.allocate(id, graph.version(node), graph.copyVector(node, vector)));
            }
        }
        int[] linked = added.stream().mapToInt(Integer::intValue).toArray();
        index.builder.insertAll(linked, threads, progress);
        for (int i = 0; i < linked.length; i++) {
            index.graph.setState(linked[i], HnswGraph.LIVE);
            index.nodes.put(ids.get(i), linked[i]);
        }
        return index;
    }

    /** Adds or replaces one vector (an older version than the one held is ignored). Under the owner's write lock. */
    void add(IndexedVector v) {
        List<IndexedVector> newer = newer(List.of(v));
        if (!newer.isEmpty()) {
            int node = builder.allocate(v.id(), v.version(), v.vector());
            builder.insert(node);
            publish(newer, new int[] {node});
        }
    }

    /**
     * Adds or replaces many vectors (a later one of an id replaces an earlier one; an older version than
     * the one held is ignored), linked on {@code threads} threads. Under the owner's write lock.
     *
     * @throws InterruptedException if interrupted: none of the batch is searchable then
     */
    void addAll(List<IndexedVector> vectors, int threads) throws InterruptedException {
        addAll(vectors, threads, (done, total) -> { });
    }

    private void addAll(List<IndexedVector> vectors, int threads, HnswGraphBuilder.Progress progress) throws InterruptedException {
        List<IndexedVector> newer = newer(vectors);
        int[] added = new int[newer.size()];
        for (int i = 0; i < added.length; i++) {
            IndexedVector v = newer.get(i);
            added[i] = builder.allocate(v.id(), v.version(), v.vector());
        }
        try {
            builder.insertAll(added, threads, progress);
        } catch (InterruptedException e) {
            for (int node : added) {
                graph.setState(node, HnswGraph.DELETED); // linked or not, never returned; gone at the next rebuild
            }
            removed += added.length;
            throw e;
        }
        publish(newer, added);
    }

    /** The last vector of each id in {@code vectors} that is newer than the one held. */
    private List<IndexedVector> newer(List<IndexedVector> vectors) {
        Map<String, IndexedVector> last = new LinkedHashMap<>();
        for (IndexedVector v : vectors) {
            last.put(v.id(), v);
        }
        List<IndexedVector> out = new ArrayList<>(last.size());
        for (IndexedVector v : last.values()) {
            Integer held = nodes.get(v.id());
            if (held == null || graph.version(held) < v.version()) {
                out.add(v);
            }
        }
        return out;
    }

    /** Makes the linked nodes live, each after retiring the node its id had. */
    private void publish(List<IndexedVector> vectors, int[] added) {
        for (int i = 0; i < added.length; i++) {
            String id = vectors.get(i).id();
            Integer old = nodes.get(id);
            if (old != null) {
                graph.setState(old, HnswGraph.DELETED);
                removed++;
            }
            graph.setState(added[i], HnswGraph.LIVE);
            nodes.put(id, added[i]);
        }
    }

    /** Removes a vector unless the one held is newer than {@code version}; true if it was there. Under the owner's write lock. */
    boolean remove(String id, long version) {
        Integer node = nodes.get(id);
        if (node == null || graph.version(node) > version) {
            return false;
        }
        graph.setState(node, HnswGraph.DELETED);
        nodes.remove(id);
        removed++;
        return true;
    }

    /**
     * The {@code beamWidth} live nodes nearest to {@code query} (prepared) that {@code filter} accepts
     * (all when null), nearest first; see {@link HnswGraphSearcher#search}.
     */
    HnswGraphSearcher.Found nearest(float[] query, int beamWidth, IntPredicate filter, int visitLimit) {
        return HnswGraphSearcher.search(graph, query, beamWidth, filter, visitLimit);
    }

    /** The id of a node a search returned. */
    String id(int node) {
        return graph.id(node);
    }

    /** The graph distance from {@code query} (prepared) to the vector held for {@code id}; NaN if none. */
    float distance(float[] query, String id) {
        Integer node = nodes.get(id);
        return node == null ? Float.NaN : graph.distance(query, node);
    }

    boolean contains(String id) {
        return nodes.containsKey(id);
    }

    /** Live vectors. */
    int size() {
        return nodes.size();
    }

    /** Nodes in the graph, live or not: node numbers are below it. */
    int nodeCount() {
        return graph.size();
    }

    /** Nodes removed or replaced since this graph was built: their slots and links are still held. */
    int removed() {
        return removed;
    }

    /** The graph itself, for snapshots. */
    HnswGraph graph() {
        return graph;
    }
}
