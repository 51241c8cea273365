package io.lumosdb.vector;

import java.util.Arrays;

/**
 * A heap of neighbours, each a {@code (distance, node)} pair packed into one long that orders by
 * distance, then node (Lucene's {@code NeighborQueue} does the same with its scores): no object per
 * neighbour, no comparator, and the packed keys double as the graph's sorted neighbour lists. Either the
 * nearest or the farthest neighbour is on top; grows as needed. Not thread-safe: one per search.
 *
 * <pre>{@code
 * NeighborQueue results = new NeighborQueue(true);       // farthest on top: the beam's worst to evict
 * results.push(NeighborQueue.pack(0.25f, 7));
 * float worst = NeighborQueue.distanceOf(results.peek());
 * }</pre>
 */
final class NeighborQueue {
    private final boolean farthestFirst;
    private long[] heap = new long[128];
    private int size;

    /** A queue with the farthest neighbour on top when {@code farthestFirst}, else the nearest. */
    NeighborQueue(boolean farthestFirst) {
        this.farthestFirst = farthestFirst;
    }

    /** {@code (distance, node)} as one long that orders by distance (as {@link Float#compare}), then node. */
    static long pack(float distance, int node) {
        int bits = Float.floatToIntBits(distance);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) sortable << 32) | (node & 0xffffffffL);
    }

    static float distanceOf(long key) {
        int sortable = (int) (key >> 32);
        return Float.intBitsToFloat(sortable ^ ((sortable >> 31) & 0x7fffffff));
    }

    static int nodeOf(long key) {
        return (int) key;
    }

    int size() {
        return size;
    }

    void clear() {
        size = 0;
    }

    /** The packed key on top (nearest or farthest, as constructed); the queue must not be empty. */
    long peek() {
        assert size > 0 : "peek on an empty queue";
        return farthestFirst ? ~heap[0] : heap[0];
    }

    void push(long key) {
        long value = farthestFirst ? ~key : key;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
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

    /** Removes and returns the key on top; the queue must not be empty. */
    long pop() {
        assert size > 0 : "pop on an empty queue";
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
        return farthestFirst ? ~top : top;
    }

    /** Empties the queue into a new array, nearest first. */
    long[] drainNearestFirst() {
        long[] out = new long[size];
        if (farthestFirst) {
            for (int i = out.length - 1; i >= 0; i--) {
                out[i] = pop();
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = pop();
            }
        }
        return out;
    }
}
