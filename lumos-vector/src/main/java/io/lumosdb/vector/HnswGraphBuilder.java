package io.lumosdb.vector;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Inserts nodes into an {@link HnswGraph} (Malkov &amp; Yashunin 2018, algorithm 1), on one thread or on
 * several at once.
 *
 * <pre>{@code
 * HnswGraphBuilder builder = new HnswGraphBuilder(graph, HnswGraphBuilder.DEFAULT_BEAM_WIDTH, HnswGraphBuilder.DEFAULT_SEED);
 * int node = builder.allocate("d1", 1L, vector);   // numbered, given a random level, pending
 * builder.insert(node);                             // linked: searches can reach it
 * }</pre>
 *
 * <p><b>Design</b>, following the paper and Lucene's {@code HnswGraphBuilder}:
 * <ul>
 *   <li>Levels are drawn from the paper's distribution, {@code floor(-ln(U) * mL)} with {@code mL = 1 / ln M},
 *       from a {@link SplittableRandom} seeded per graph, in the order nodes are allocated: the same
 *       inserts give the same levels.
 *   <li>A new node descends greedily to its own top level, then on each level from there to 0 searches
 *       with a beam of {@code beamWidth} (the paper's efConstruction), the previous level's results as
 *       entry points (as Lucene does), and keeps the neighbours chosen by the paper's heuristic
 *       (algorithm 4): a candidate is kept only if it is nearer to the new node than to every neighbour
 *       kept before it, which keeps links pointing in different directions and the graph navigable on
 *       clustered data. A new node keeps up to {@code M} on every level, as the paper's algorithm 1 and
 *       hnswlib do; its list then grows through links back up to the paper's M<sub>max0</sub> = 2M on
 *       level 0 and M<sub>max</sub> = M above. (Lucene gives a new node 2M on level 0 at once: measured
 *       at 100,000 × 384 that raised recall at a given ef, as a wider beam does, but rebuilding took 86 s
 *       against 56–69 s; docs/benchmarks-log.md, 2026-12-03.)
 *   <li>Each chosen neighbour gets a link back. When that overflows its list, the list drops its worst
 *       <em>non-diverse</em> member (the farthest one that is nearer to another member than to the
 *       owner), or else its farthest: Lucene's {@code findWorstNonDiverse}, which costs a few distances
 *       where rerunning the heuristic on the whole list costs up to M<sup>2</sup>.
 *   <li>Concurrent inserts (a parallel build) change a list only under its owner's lock and publish a
 *       new copy ({@link HnswGraph}); a node whose level tops the graph's is inserted under a lock of its
 *       own so the entry point only ever moves up.
 * </ul>
 */
final class HnswGraphBuilder {
    /** The paper's M: neighbours per node on the upper levels (2M on level 0). */
    static final int DEFAULT_M = VectorSpec.DEFAULT_M;
    /** The paper's efConstruction, Lucene's beamWidth: candidates considered when linking a new node. */
    static final int DEFAULT_BEAM_WIDTH = VectorSpec.DEFAULT_EF_CONSTRUCTION;
    /** Seed of the level generator. */
    static final long DEFAULT_SEED = 42;
    /** Fewer nodes than this are inserted on the calling thread: starting threads would cost more. */
    static final int PARALLEL_MIN = 512;

    /** Told how far a long insertion has got. */
    @FunctionalInterface
    interface Progress {
        void inserted(int done, int total);
    }

    private final HnswGraph graph;
    private final int beamWidth;
    private final double levelMultiplier;
    private final SplittableRandom random;
    private final Object entryLock = new Object();
    private final ThreadLocal<float[][]> vectors;
    private final ThreadLocal<long[]> merged;

    /**
     * A builder of {@code graph} keeping {@code beamWidth} candidates while linking a node, its levels
     * drawn from {@code seed}.
     */
    HnswGraphBuilder(HnswGraph graph, int beamWidth, long seed) {
        if (beamWidth < 1) {
            throw new IllegalArgumentException("beamWidth (efConstruction) must be positive, was " + beamWidth);
        }
        this.graph = graph;
        this.beamWidth = beamWidth;
        this.levelMultiplier = 1 / Math.log(Math.max(2, graph.m()));
        this.random = new SplittableRandom(seed);
        int dimensions = graph.dimensions();
        this.vectors = ThreadLocal.withInitial(() -> new float[2][dimensions]);
        int longest = graph.maxNeighbours(0) + 1;
        this.merged = ThreadLocal.withInitial(() -> new long[longest]);
    }

    /** Adds a {@code PENDING} node for {@code vector} (prepared) with a random level; it is not linked yet. */
    synchronized int allocate(String id, long version, float[] vector) {
        double u;
        do {
            u = random.nextDouble();
        } while (u == 0);
        int level = Math.min(HnswGraph.MAX_LEVEL, (int) (-Math.log(u) * levelMultiplier));
        return graph.allocate(id, version, vector, level);
    }

    /** Links {@code node} (allocated, not yet linked) into the graph. Safe to call from several threads at once. */
    void insert(int node) {
        int level = graph.level(node);
        HnswGraph.Entry entry = graph.entry();
        if (entry == null || level > entry.level()) {
            synchronized (entryLock) {
                entry = graph.entry();
                if (entry == null) {
                    graph.setEntry(new HnswGraph.Entry(node, level));
                    return;
                }
                if (level > entry.level()) {
                    link(node, level, entry);
                    graph.setEntry(new HnswGraph.Entry(node, level));
                    return;
                }
            }
        }
        link(node, level, entry);
    }

    private void link(int node, int level, HnswGraph.Entry entry) {
        float[][] scratch = vectors.get();
        float[] query = graph.copyVector(node, scratch[0]);
        long current = NeighborQueue.pack(graph.distance(query, entry.node()), entry.node());
        for (int l = entry.level(); l > level; l--) {
            current = HnswGraphSearcher.greedy(graph, query, current, l);
        }
        int top = Math.min(level, entry.level());
        long[][] chosen = new long[top + 1][];
        long[] entryPoints = {current};
        for (int l = top; l >= 0; l--) {
            long[] found = HnswGraphSearcher.searchLevel(graph, query, entryPoints, beamWidth, l);
            chosen[l] = diverse(node, found, graph.m(), scratch[1]);
            entryPoints = found;
        }
        synchronized (graph.lock(node)) {
            for (int l = 0; l <= top; l++) {
                graph.setNeighbours(node, l, chosen[l]);
            }
        }
        for (int l = 0; l <= top; l++) {
            for (long key : chosen[l]) {
                linkBack(NeighborQueue.nodeOf(key), l, node, NeighborQueue.distanceOf(key), scratch[1]);
            }
        }
    }

    /**
     * The paper's heuristic (algorithm 4, without extending or keeping pruned candidates): of
     * {@code candidates} (nearest first), up to {@code max} that are each nearer to {@code node} than to
     * any kept before.
     */
    private long[] diverse(int node, long[] candidates, int max, float[] scratch) {
        long[] kept = new long[Math.min(max, candidates.length)];
        int n = 0;
        for (int i = 0; i < candidates.length && n < kept.length; i++) {
            int candidate = NeighborQueue.nodeOf(candidates[i]);
            if (candidate == node) {
                continue;
            }
            float distance = NeighborQueue.distanceOf(candidates[i]);
            float[] v = graph.copyVector(candidate, scratch);
            boolean keep = true;
            for (int j = 0; j < n && keep; j++) {
                keep = graph.distance(v, NeighborQueue.nodeOf(kept[j])) > distance;
            }
            if (keep) {
                kept[n++] = candidates[i];
            }
        }
        return n == kept.length ? kept : Arrays.copyOf(kept, n);
    }

    /**
     * Adds {@code node} (at {@code distance}) to {@code owner}'s list on {@code level}, pruning it if full.
     * The list is merged in a per-thread buffer and copied once, only when it changes: a full list whose
     * worst non-diverse member would be the new link stays as it is.
     */
    private void linkBack(int owner, int level, int node, float distance, float[] scratch) {
        long key = NeighborQueue.pack(distance, node);
        long[] merged = this.merged.get();
        synchronized (graph.lock(owner)) {
            long[] list = graph.neighbours(owner, level);
            int at = Arrays.binarySearch(list, key);
            if (at >= 0) {
                return;
            }
            at = -at - 1;
            System.arraycopy(list, 0, merged, 0, at);
            merged[at] = key;
            System.arraycopy(list, at, merged, at + 1, list.length - at);
            int size = list.length + 1;
            int drop = size > graph.maxNeighbours(level) ? worstNonDiverse(merged, size, scratch) : -1;
            if (drop == at) {
                return;
            }
            long[] next = new long[drop < 0 ? size : size - 1];
            if (drop < 0) {
                System.arraycopy(merged, 0, next, 0, size);
            } else {
                System.arraycopy(merged, 0, next, 0, drop);
                System.arraycopy(merged, drop + 1, next, drop, size - drop - 1);
            }
            graph.setNeighbours(owner, level, next);
        }
    }

    /**
     * The index of the farthest of the first {@code size} members of {@code list} (nearest first) that is
     * nearer to a member before it than to the list's owner; the last index if every member is diverse.
     */
    private int worstNonDiverse(long[] list, int size, float[] scratch) {
        for (int i = size - 1; i > 0; i--) {
            float distance = NeighborQueue.distanceOf(list[i]);
            float[] v = graph.copyVector(NeighborQueue.nodeOf(list[i]), scratch);
            for (int j = 0; j < i; j++) {
                if (graph.distance(v, NeighborQueue.nodeOf(list[j])) <= distance) {
                    return i;
                }
            }
        }
        return size - 1;
    }

    /**
     * Links {@code nodes} (allocated, not linked), on {@code threads} threads of our own (named
     * {@code lumos-hnsw-build-N}, ended when done) when there are at least {@value #PARALLEL_MIN} of them.
     *
     * @throws InterruptedException if interrupted; the nodes linked so far stay linked, the others unreachable
     */
    void insertAll(int[] nodes, int threads, Progress progress) throws InterruptedException {
        int every = Math.max(1_000, nodes.length / 20);
        if (threads < 2 || nodes.length < PARALLEL_MIN) {
            for (int i = 0; i < nodes.length; i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted after linking " + i + " of " + nodes.length + " nodes");
                }
                insert(nodes[i]);
                if ((i + 1) % every == 0) {
                    progress.inserted(i + 1, nodes.length);
                }
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] workers = new Thread[Math.min(threads, nodes.length / (PARALLEL_MIN / 2))];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                try {
                    int i;
                    while (failure.get() == null && !Thread.currentThread().isInterrupted() && (i = next.getAndIncrement()) < nodes.length) {
                        insert(nodes[i]);
                        if ((i + 1) % every == 0) {
                            progress.inserted(i + 1, nodes.length);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "lumos-hnsw-build-" + w);
            workers[w].setDaemon(true);
            workers[w].start();
        }
        try {
            for (Thread t : workers) {
                t.join();
            }
        } catch (InterruptedException e) {
            for (Thread t : workers) {
                t.interrupt();
            }
            for (Thread t : workers) {
                t.join(); // each stops after the node it is linking: no half-linked list is left behind
            }
            throw e;
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }
}
