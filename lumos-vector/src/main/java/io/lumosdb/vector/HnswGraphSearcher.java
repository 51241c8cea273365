package io.lumosdb.vector;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Searches an {@link HnswGraph}: a greedy descent through the upper levels to the node nearest the
 * query, then a beam search on level 0 keeping the {@code beamWidth} nearest accepted nodes (Malkov &amp;
 * Yashunin 2018, algorithms 2 and 5; Lucene's {@code HnswGraphSearcher}). The builder uses the same beam
 * on every level to find a new node's neighbours.
 *
 * <pre>{@code
 * Found found = HnswGraphSearcher.search(graph, query, 100, node -> tenantOf(node).equals("acme"), 20_000);
 * if (found.stoppedEarly()) { ... }                        // more than 20,000 visited: scan exactly instead
 * }</pre>
 *
 * <p><b>Filters are applied during the walk</b>, as Lucene does: a node the filter rejects (or a removed
 * or pending one) is still walked through, so the graph stays navigable, but it never enters the
 * results; the beam's bound is that of accepted nodes only, so the walk widens by itself until it holds
 * {@code beamWidth} of them. The filter is asked only about nodes near enough to enter the beam. The walk
 * stops early once it has computed {@code visitLimit} distances: the caller then compares the matches
 * exactly (bounded work, full recall).
 *
 * <p><b>The hot loop</b> allocates nothing: {@code (distance, node)} pairs packed into longs in two
 * primitive heaps, a per-thread bitset of visited nodes cleared word by word, neighbour lists read as
 * published (no copy, no lock), and the distance kernel called on the graph's flat pages.
 */
final class HnswGraphSearcher {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final Found NONE = new Found(new int[0], new float[0], false);

    private HnswGraphSearcher() {}

    /** Nodes found and their distances, nearest first; {@code stoppedEarly} when the visit limit cut the walk short. */
    record Found(int[] nodes, float[] distances, boolean stoppedEarly) {
        int size() {
            return nodes.length;
        }
    }

    /**
     * The {@code beamWidth} live nodes nearest to {@code query} (prepared as the graph's vectors are) that
     * {@code filter} accepts (every live node when it is null), nearest first.
     *
     * @param visitLimit distances the walk may compute on level 0 before it gives up ({@code stoppedEarly})
     */
    static Found search(HnswGraph graph, float[] query, int beamWidth, IntPredicate filter, int visitLimit) {
        HnswGraph.Entry entry = graph.entry();
        if (entry == null) {
            return NONE;
        }
        int node = entry.node();
        float distance = graph.distance(query, node);
        for (int level = entry.level(); level > 0; level--) {
            long best = greedy(graph, query, NeighborQueue.pack(distance, node), level);
            node = NeighborQueue.nodeOf(best);
            distance = NeighborQueue.distanceOf(best);
        }
        Scratch s = SCRATCH.get();
        s.begin();
        long key = NeighborQueue.pack(distance, node);
        s.visit(node);
        s.candidates.push(key);
        if (accepted(graph, node, filter)) {
            s.results.push(key);
        }
        boolean stopped = beam(graph, query, 0, Math.max(1, beamWidth), false, filter, visitLimit, s);
        long[] nearest = s.results.drainNearestFirst();
        int[] nodes = new int[nearest.length];
        float[] distances = new float[nearest.length];
        int found = 0;
        for (long result : nearest) {
            int n = NeighborQueue.nodeOf(result);
            // A writer may have replaced or removed a node since the walk accepted it. Replacing retires the
            // old node before the new one goes live, so once a search has seen the new node live, this
            // second look sees the old one retired: an id is never returned twice.
            if (graph.isLive(n)) {
                nodes[found] = n;
                distances[found++] = NeighborQueue.distanceOf(result);
            }
        }
        return found == nodes.length
                ? new Found(nodes, distances, stopped)
                : new Found(Arrays.copyOf(nodes, found), Arrays.copyOf(distances, found), stopped);
    }

    /**
     * The nearest node to {@code query} on {@code level} reachable by always moving to a nearer
     * neighbour from {@code start} (a packed key): the paper's search with ef = 1 on the upper levels.
     */
    static long greedy(HnswGraph graph, float[] query, long start, int level) {
        int node = NeighborQueue.nodeOf(start);
        float distance = NeighborQueue.distanceOf(start);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (long key : graph.neighbours(node, level)) {
                int n = NeighborQueue.nodeOf(key);
                float d = graph.distance(query, n);
                if (d < distance) {
                    distance = d;
                    node = n;
                    moved = true;
                }
            }
        }
        return NeighborQueue.pack(distance, node);
    }

    /**
     * The {@code beamWidth} nodes nearest to {@code query} on {@code level}, in any state, starting from
     * {@code entryPoints} (packed keys with their distances to the query): the builder's search (the
     * paper's SEARCH-LAYER with ef = efConstruction). Packed keys, nearest first.
     */
    static long[] searchLevel(HnswGraph graph, float[] query, long[] entryPoints, int beamWidth, int level) {
        Scratch s = SCRATCH.get();
        s.begin();
        for (long key : entryPoints) {
            if (s.visit(NeighborQueue.nodeOf(key))) {
                s.candidates.push(key);
                s.results.push(key);
                if (s.results.size() > beamWidth) {
                    s.results.pop();
                }
            }
        }
        beam(graph, query, level, beamWidth, true, null, Integer.MAX_VALUE, s);
        return s.results.drainNearestFirst();
    }

    private static boolean accepted(HnswGraph graph, int node, IntPredicate filter) {
        return graph.isLive(node) && (filter == null || filter.test(node));
    }

    /**
     * The beam search proper, from the candidates and results already in {@code s}: true if it stopped
     * at {@code visitLimit}. With {@code anyNode}, every node may enter the results (the builder's case).
     */
    private static boolean beam(HnswGraph graph, float[] query, int level, int beamWidth, boolean anyNode, IntPredicate filter,
            int visitLimit, Scratch s) {
        NeighborQueue candidates = s.candidates;
        NeighborQueue results = s.results; // farthest on top
        float bound = results.size() >= beamWidth ? NeighborQueue.distanceOf(results.peek()) : Float.POSITIVE_INFINITY;
        int visited = 1;
        while (candidates.size() > 0) {
            long next = candidates.pop();
            if (NeighborQueue.distanceOf(next) > bound) {
                break; // the nearest unexpanded candidate is farther than every result: nothing nearer is reachable
            }
            for (long link : graph.neighbours(NeighborQueue.nodeOf(next), level)) {
                int n = NeighborQueue.nodeOf(link);
                if (!s.visit(n)) {
                    continue;
                }
                if (++visited > visitLimit) {
                    return true;
                }
                float d = graph.distance(query, n);
                if (d < bound) { // bound is infinite until the beam is full
                    long key = NeighborQueue.pack(d, n);
                    candidates.push(key);
                    if (anyNode || accepted(graph, n, filter)) {
                        results.push(key);
                        if (results.size() > beamWidth) {
                            results.pop();
                        }
                        if (results.size() >= beamWidth) {
                            bound = NeighborQueue.distanceOf(results.peek());
                        }
                    }
                }
            }
        }
        return false;
    }

    /** A thread's reusable state: both queues and the visited bitset. */
    private static final class Scratch {
        final NeighborQueue candidates = new NeighborQueue(false);
        final NeighborQueue results = new NeighborQueue(true);
        private long[] words = new long[1_024];
        private int[] touched = new int[256];
        private int touchedCount;

        /** Clears the queues and the visited marks of the last search (only the words it touched). */
        void begin() {
            candidates.clear();
            results.clear();
            for (int i = 0; i < touchedCount; i++) {
                words[touched[i]] = 0;
            }
            touchedCount = 0;
        }

        /** Marks {@code node} visited; false if it already was. */
        boolean visit(int node) {
            int word = node >>> 6;
            if (word >= words.length) {
                words = Arrays.copyOf(words, Math.max(word + 1, words.length * 2));
            }
            long w = words[word];
            long bit = 1L << node;
            if ((w & bit) != 0) {
                return false;
            }
            if (w == 0) {
                if (touchedCount == touched.length) {
                    touched = Arrays.copyOf(touched, touchedCount * 2);
                }
                touched[touchedCount++] = word;
            }
            words[word] = w | bit;
            return true;
        }
    }
}
