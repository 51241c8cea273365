package io.lumosdb.vector;

import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.eclipse.collections.api.list.primitive.MutableIntList;

/**
 * The nearest-neighbour walk over an hnswlib-core graph, written for speed: the same algorithm as
 * hnswlib's {@code findNearest} (greedy descent through the upper layers, then a beam of width
 * {@code breadth} on layer 0, removed nodes walked through but never returned), with primitive queues
 * of {@code (distance, node)} packed into longs, a per-thread visited set cleared by a generation count,
 * our distance kernel called directly on {@code float[]}, and each node's links copied out under its
 * monitor (the lock hnswlib's writers take) so that no distance is computed while holding it.
 *
 * <p>hnswlib's own search allocates a boxed {@code Float} and a pair object for every distance, orders
 * them through comparators, and borrows its visited set from a shared pool: about half its time at 100k
 * vectors. The graph's fields are private, so they are read through method handles made once; if the
 * hnswlib on the class path is not laid out as 1.2.1 is, {@link #available()} is false and the owner
 * uses hnswlib's search instead (and says so in the log).
 */
final class GraphSearch {
    private static final MethodHandle NODES;        // (HnswIndex) -> AtomicReferenceArray
    private static final MethodHandle ENTRY_POINT;  // (HnswIndex) -> Node
    private static final MethodHandle CONNECTIONS;  // (Node) -> MutableIntList[]
    private static final MethodHandle ITEM;         // (Node) -> item
    private static final MethodHandle DELETED;      // (Node) -> boolean
    private static final MethodHandle ID;           // (Node) -> int
    private static final String UNAVAILABLE;

    static {
        MethodHandle nodes = null;
        MethodHandle entry = null;
        MethodHandle connections = null;
        MethodHandle item = null;
        MethodHandle deleted = null;
        MethodHandle id = null;
        String why = null;
        try {
            Class<?> node = Class.forName(HnswIndex.class.getName() + "$Node");
            MethodHandles.Lookup index = MethodHandles.privateLookupIn(HnswIndex.class, MethodHandles.lookup());
            MethodHandles.Lookup nodeLookup = MethodHandles.privateLookupIn(node, MethodHandles.lookup());
            nodes = getter(index, HnswIndex.class, "nodes", AtomicReferenceArray.class, HnswIndex.class, AtomicReferenceArray.class);
            entry = getter(index, HnswIndex.class, "entryPoint", node, HnswIndex.class, Object.class);
            connections = getter(nodeLookup, node, "connections", MutableIntList[].class, Object.class, MutableIntList[].class);
            item = getter(nodeLookup, node, "item", Object.class, Object.class, Object.class);
            deleted = getter(nodeLookup, node, "deleted", boolean.class, Object.class, boolean.class);
            id = getter(nodeLookup, node, "id", int.class, Object.class, int.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            why = e.toString();
        }
        NODES = nodes;
        ENTRY_POINT = entry;
        CONNECTIONS = connections;
        ITEM = item;
        DELETED = deleted;
        ID = id;
        UNAVAILABLE = why;
        if (why != null) {
            org.slf4j.LoggerFactory.getLogger(GraphSearch.class).warn(
                    "hnswlib-core is not laid out as 1.2.1 is ({}): vector searches use hnswlib's own, slower walk", why);
        }
    }

    private static MethodHandle getter(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> declared,
            Class<?> as, Class<?> returns) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(name);
        if (f.getType() != declared) {
            throw new NoSuchFieldException(owner.getName() + "." + name + " is a " + f.getType().getName());
        }
        return lookup.unreflectGetter(f).asType(MethodType.methodType(returns, as));
    }

    private GraphSearch() {}

    /** Whether the graph's fields were found (hnswlib-core laid out as 1.2.1 is). */
    static boolean available() {
        return UNAVAILABLE == null;
    }

    /** Why {@link #available()} is false, or null. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    /** The result of a walk: items and their distances, closest first. */
    record Found(IndexedVector[] items, float[] distances) {
        int size() {
            return items.length;
        }
    }

    private static final Found NONE = new Found(new IndexedVector[0], new float[0]);
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * The {@code breadth} live vectors nearest to {@code query} (prepared), closest first; {@code vectors}
     * is this graph's node vectors, filled on the way.
     */
    static Found nearest(HnswIndex<String, float[], IndexedVector, Float> hnsw, NodeVectors vectors, Metric metric,
            float[] query, int breadth) {
        try {
            return new Walk(hnsw, vectors, metric == Metric.L2, query).run(Math.max(1, breadth));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) { // the method handles declare Throwable; field reads throw nothing else
            throw new IllegalStateException(e);
        }
    }

    /** One walk: the graph, the query, and where to find vectors by node id. */
    private static final class Walk {
        private final HnswIndex<String, float[], IndexedVector, Float> hnsw;
        private final NodeVectors vectors;
        private final float[][] cached;
        private final boolean l2;
        private final float[] q;
        private AtomicReferenceArray<?> nodes;

        Walk(HnswIndex<String, float[], IndexedVector, Float> hnsw, NodeVectors vectors, boolean l2, float[] q) throws Throwable {
            this.hnsw = hnsw;
            this.vectors = vectors;
            this.cached = vectors.array();
            this.l2 = l2;
            this.q = q;
            this.nodes = (AtomicReferenceArray<?>) NODES.invokeExact(hnsw);
        }

        Found run(int ef) throws Throwable {
            Object current = (Object) ENTRY_POINT.invokeExact(hnsw);
            if (current == null) {
                return NONE;
            }
            Scratch s = SCRATCH.get();
            float currentDistance = distance(vector(current));
            MutableIntList[] levels = (MutableIntList[]) CONNECTIONS.invokeExact(current);
            for (int level = levels.length - 1; level > 0; level--) {
                boolean changed = true;
                while (changed) {
                    changed = false;
                    int n = s.links(current, level);
                    for (int i = 0; i < n; i++) {
                        float[] v = vector(s.links[i]);
                        if (v == null) {
                            continue;
                        }
                        float d = distance(v);
                        if (d < currentDistance) {
                            currentDistance = d;
                            current = node(s.links[i]);
                            changed = true;
                        }
                    }
                }
            }
            // layer 0: a beam of width ef
            s.begin(nodes.length());
            LongHeap candidates = s.candidates;
            LongHeap results = s.results; // worst first: keys are negated
            int entryId = (int) ID.invokeExact(current);
            s.visit(entryId);
            float bound;
            if (!(boolean) DELETED.invokeExact(current)) {
                results.push(~pack(currentDistance, entryId));
                candidates.push(pack(currentDistance, entryId));
                bound = currentDistance;
            } else {
                candidates.push(pack(Float.POSITIVE_INFINITY, entryId));
                bound = Float.POSITIVE_INFINITY;
            }
            while (candidates.size() > 0) {
                long next = candidates.pop();
                if (distanceOf(next) > bound) {
                    break;
                }
                Object node = node(idOf(next));
                if (node == null) {
                    continue;
                }
                int n = s.links(node, 0);
                for (int i = 0; i < n; i++) {
                    int id = s.links[i];
                    if (!s.visit(id)) {
                        continue;
                    }
                    float[] v = vector(id);
                    if (v == null) {
                        continue;
                    }
                    float d = distance(v);
                    if (results.size() < ef || d < bound) {
                        long key = pack(d, id);
                        candidates.push(key);
                        if (!(boolean) DELETED.invokeExact(node(id))) {
                            results.push(~key);
                            if (results.size() > ef) {
                                results.pop();
                            }
                        }
                        if (results.size() > 0) {
                            bound = distanceOf(~results.peek());
                        }
                    }
                }
            }
            int size = results.size();
            IndexedVector[] items = new IndexedVector[size];
            float[] distances = new float[size];
            for (int i = size - 1; i >= 0; i--) {
                long key = ~results.pop();
                items[i] = (IndexedVector) (Object) ITEM.invokeExact(node(idOf(key)));
                distances[i] = distanceOf(key);
            }
            return new Found(items, distances);
        }

        /** Node {@code id}, re-reading the array when a resize has replaced it since the walk began. */
        private Object node(int id) throws Throwable {
            Object node = id < nodes.length() ? nodes.get(id) : null;
            if (node == null) {
                nodes = (AtomicReferenceArray<?>) NODES.invokeExact(hnsw);
                node = id < nodes.length() ? nodes.get(id) : null;
            }
            return node;
        }

        /** Node {@code id}'s vector, from the dense array when filled, else from the node (then filled); null if no such node. */
        private float[] vector(int id) throws Throwable {
            float[] v = NodeVectors.get(cached, id);
            if (v == null) {
                Object node = node(id);
                if (node == null) {
                    return null;
                }
                v = ((IndexedVector) (Object) ITEM.invokeExact(node)).vector();
                vectors.put(id, v);
            }
            return v;
        }

        private float[] vector(Object node) throws Throwable {
            return vector((int) ID.invokeExact(node));
        }

        private float distance(float[] v) {
            return l2 ? Distances.squaredL2(q, v) : 1f - Distances.dot(q, v);
        }
    }

    /** {@code (distance, id)} as one long that orders by distance, then id. */
    static long pack(float distance, int id) {
        int bits = Float.floatToIntBits(distance);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (id & 0xffffffffL);
    }

    static float distanceOf(long key) {
        int sortable = (int) (key >> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    static int idOf(long key) {
        return (int) key;
    }

    /** A thread's reusable state: visited marks, both queues, and a buffer of links. */
    private static final class Scratch {
        private int[] marks = new int[0];
        private int generation;
        private int[] links = new int[64];
        final LongHeap candidates = new LongHeap();
        final LongHeap results = new LongHeap();

        void begin(int capacity) {
            if (marks.length < capacity) {
                marks = new int[capacity];
                generation = 0;
            }
            if (++generation == 0) { // wrapped: every mark is stale again
                java.util.Arrays.fill(marks, 0);
                generation = 1;
            }
            candidates.clear();
            results.clear();
        }

        /** Marks {@code id} visited; false if it already was (or lies beyond the marks, added since). */
        boolean visit(int id) {
            if (id >= marks.length) {
                marks = java.util.Arrays.copyOf(marks, Math.max(id + 1, marks.length * 2));
            }
            if (marks[id] == generation) {
                return false;
            }
            marks[id] = generation;
            return true;
        }

        /** Copies the links of {@code node} at {@code level} into {@link #links} under its monitor; returns how many. */
        int links(Object node, int level) throws Throwable {
            MutableIntList[] levels = (MutableIntList[]) CONNECTIONS.invokeExact(node);
            if (level >= levels.length) {
                return 0;
            }
            synchronized (node) {
                MutableIntList list = levels[level];
                int n = list.size();
                if (links.length < n) {
                    links = new int[Math.max(n, links.length * 2)];
                }
                for (int i = 0; i < n; i++) {
                    links[i] = list.get(i);
                }
                return n;
            }
        }
    }

    /** A binary min-heap of longs that grows as needed. */
    static final class LongHeap {
        private long[] heap = new long[128];
        private int size;

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        long peek() {
            return heap[0];
        }

        void push(long value) {
            if (size == heap.length) {
                heap = java.util.Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                long p = heap[parent];
                if (p <= value) {
                    break;
                }
                heap[i] = p;
                i = parent;
            }
            heap[i] = value;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                long c = heap[child];
                int right = child + 1;
                if (right < size && heap[right] < c) {
                    child = right;
                    c = heap[right];
                }
                if (last <= c) {
                    break;
                }
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}
