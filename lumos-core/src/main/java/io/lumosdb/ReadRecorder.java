package io.lumosdb;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the read path counts for the metrics, recorded without a shared write: each thread counts into a
 * slot of its own with plain (opaque) stores, and a scrape sums the slots. A read's time goes to a bucket
 * of a log-linear histogram (two buckets per power of two from 512 ns to 2^36 ns, about 69 s, then
 * +Inf), its series's time sum and maximum, its rows to its route, and one to its route's count for the
 * class of its reason ({@link RouteReasons}).
 *
 * <p>Why not Micrometer's timer on this path: it costs an atomic count, an atomic sum, a time-window
 * maximum that reads the clock, a binary search over the buckets and an atomic bucket increment, which
 * together came to half the time of a cached point lookup (docs/benchmarks.md, "Metrics overhead").
 * Here a read costs a thread-local lookup, a few shifts for the bucket and five stores to memory no other
 * thread writes.
 *
 * <p>Slots of threads that have ended are folded into a retired total at the next scrape, so counts never
 * go down. Past {@link #MAX_SLOTS} live threads, and on virtual threads (which come and go by the
 * million), reads count into one shared slot with atomic adds instead.
 */
final class ReadRecorder {
    /** Upper bounds of the buckets, in nanoseconds: 512, 768, 1024, 1536, ..., 2^36; then +Inf. */
    static final long[] UPPER_BOUNDS_NANOS;
    /** Buckets per series, +Inf included. */
    static final int BUCKETS;
    private static final int MIN_EXPONENT = 9;
    private static final int MAX_EXPONENT = 36;
    static final int MAX_SLOTS = 256;
    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    static {
        List<Long> bounds = new ArrayList<>();
        bounds.add(1L << MIN_EXPONENT);
        for (int e = MIN_EXPONENT; e < MAX_EXPONENT; e++) {
            bounds.add(3L << (e - 1));
            bounds.add(1L << (e + 1));
        }
        UPPER_BOUNDS_NANOS = bounds.stream().mapToLong(Long::longValue).toArray();
        BUCKETS = UPPER_BOUNDS_NANOS.length + 1;
    }

    private final int routes;
    private final int levels;
    // a slot's cells: [series][bucket] counts, then per series the time sum and the maximum, then rows per
    // route, then [reason][route] decisions; a series is route * levels + cache level
    private final int sumAt;
    private final int maxAt;
    private final int rowsAt;
    private final int decisionsAt;
    private final int width;
    private final Map<String, Integer> reasonIndex = new ConcurrentHashMap<>();
    private final ThreadLocal<Slot> own = ThreadLocal.withInitial(this::newSlot);
    private final List<Slot> live = new CopyOnWriteArrayList<>();
    private final Slot shared;
    /** Counts of the slots of ended threads; guarded by {@code this}. */
    private final long[] retired;

    /** A recorder of reads on {@code routes} routes at {@code levels} cache levels. */
    ReadRecorder(int routes, int levels) {
        this.routes = routes;
        this.levels = levels;
        int reasons = RouteReasons.ALL.size();
        int series = routes * levels;
        sumAt = series * BUCKETS;
        maxAt = sumAt + series;
        rowsAt = maxAt + series;
        decisionsAt = rowsAt + routes;
        width = decisionsAt + reasons * routes;
        shared = new Slot(new long[width], null);
        retired = new long[width];
    }

    /** The bucket of a read that took {@code nanos}: the first whose upper bound is at least that. */
    static int bucket(long nanos) {
        if (nanos <= 1L << MIN_EXPONENT) {
            return 0;
        }
        long w = nanos - 1;
        int exponent = 63 - Long.numberOfLeadingZeros(w); // 2^exponent <= w < 2^(exponent+1)
        if (exponent >= MAX_EXPONENT) {
            return BUCKETS - 1;
        }
        int upperHalf = (int) (w >>> (exponent - 1)) & 1;
        return 1 + 2 * (exponent - MIN_EXPONENT) + upperHalf;
    }

    /**
     * Counts a read on {@code route} answered at cache {@code level} in {@code nanos}, returning
     * {@code rows}, decided for {@code reason} (a text of the router's; its class is counted).
     */
    void record(int route, int level, long nanos, long rows, String reason) {
        Slot slot = own.get();
        long[] c = slot.cells;
        int series = route * levels + level;
        if (slot.owner == null) { // the shared slot
            int reasonClass = reasonClass(reason);
            CELLS.getAndAdd(c, series * BUCKETS + bucket(nanos), 1L);
            CELLS.getAndAdd(c, sumAt + series, nanos);
            CELLS.getAndAdd(c, rowsAt + route, rows);
            CELLS.getAndAdd(c, decisionsAt + reasonClass * routes + route, 1L);
            long max;
            while (nanos > (max = (long) CELLS.getVolatile(c, maxAt + series)) && !CELLS.compareAndSet(c, maxAt + series, max, nanos)) {
                Thread.onSpinWait();
            }
            return;
        }
        int reasonClass;
        if (reason == slot.lastReason) { // the same decision again: the usual case
            reasonClass = slot.lastReasonClass;
        } else {
            reasonClass = reasonClass(reason);
            slot.lastReason = reason;
            slot.lastReasonClass = reasonClass;
        }
        add(c, series * BUCKETS + bucket(nanos), 1L);
        add(c, sumAt + series, nanos);
        add(c, rowsAt + route, rows);
        add(c, decisionsAt + reasonClass * routes + route, 1L);
        if (nanos > (long) CELLS.getOpaque(c, maxAt + series)) {
            CELLS.setOpaque(c, maxAt + series, nanos);
        }
    }

    private static void add(long[] cells, int i, long n) {
        CELLS.setOpaque(cells, i, (long) CELLS.getOpaque(cells, i) + n); // one writer: this slot's thread
    }

    /**
     * The index of {@code reason}'s class in {@link RouteReasons#ALL}, worked out once per reason text (the
     * router keeps one decision per statement text, so the same strings come again). Bounded like the router.
     */
    private int reasonClass(String reason) {
        Integer i = reasonIndex.get(reason);
        if (i == null) {
            i = Math.max(0, RouteReasons.ALL.indexOf(RouteReasons.classOf(reason)));
            if (reasonIndex.size() >= 4_096) {
                reasonIndex.clear();
            }
            reasonIndex.put(reason, i);
        }
        return i;
    }

    private Slot newSlot() {
        Thread t = Thread.currentThread();
        if (isVirtual(t)) {
            return shared;
        }
        synchronized (this) {
            if (live.size() >= MAX_SLOTS) {
                foldEnded();
                if (live.size() >= MAX_SLOTS) {
                    return shared;
                }
            }
            Slot slot = new Slot(new long[width], new WeakReference<>(t));
            live.add(slot);
            return slot;
        }
    }

    /** Everything recorded so far, summed over the threads. */
    synchronized Totals totals() {
        foldEnded();
        long[] sum = retired.clone();
        addInto(sum, shared.cells);
        for (Slot s : live) {
            addInto(sum, s.cells);
        }
        return new Totals(sum);
    }

    /**
     * The largest read time of each series since the last call, and resets them: a thread's read that
     * races the reset may keep its value for one call more, which a maximum over a time window allows.
     */
    synchronized long[] drainMaxima() {
        int series = routes * levels;
        long[] max = new long[series];
        for (int i = 0; i < series; i++) {
            max[i] = Math.max(retired[maxAt + i], (long) CELLS.getAndSet(shared.cells, maxAt + i, 0L));
            retired[maxAt + i] = 0;
            for (Slot s : live) {
                max[i] = Math.max(max[i], (long) CELLS.getAndSet(s.cells, maxAt + i, 0L));
            }
        }
        return max;
    }

    private void addInto(long[] sum, long[] cells) {
        for (int i = 0; i < width; i++) {
            if (i >= maxAt && i < rowsAt) {
                sum[i] = Math.max(sum[i], (long) CELLS.getOpaque(cells, i));
            } else {
                sum[i] += (long) CELLS.getOpaque(cells, i);
            }
        }
    }

    /** Moves the counts of slots whose thread has ended into {@link #retired}; their thread writes no more. */
    private void foldEnded() {
        List<Slot> ended = new ArrayList<>();
        for (Iterator<Slot> it = live.iterator(); it.hasNext();) {
            Slot s = it.next();
            Thread t = s.owner.get();
            if (t == null || !t.isAlive()) { // Thread.isAlive() false: its last writes happened-before this
                ended.add(s);
            }
        }
        for (Slot s : ended) {
            addInto(retired, s.cells);
            live.remove(s);
        }
    }

    private static boolean isVirtual(Thread t) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(t);
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isVirtualHandle() {
        try { // Thread.isVirtual() exists from Java 21; this library builds for 17
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static final class Slot {
        final long[] cells;
        /** The thread that writes this slot; null for the shared slot. */
        final WeakReference<Thread> owner;
        /** The last reason text this slot's thread recorded, and its class (the owner's only). */
        String lastReason;
        int lastReasonClass;

        Slot(long[] cells, WeakReference<Thread> owner) {
            this.cells = cells;
            this.owner = owner;
        }
    }

    /** A sum of every slot at one moment. */
    final class Totals {
        private final long[] cells;

        private Totals(long[] cells) {
            this.cells = cells;
        }

        /** Reads of {@code route} at cache {@code level} in bucket {@code bucket} (not cumulative). */
        long bucketCount(int route, int level, int bucket) {
            return cells[(route * levels + level) * BUCKETS + bucket];
        }

        long count(int route, int level) {
            long n = 0;
            for (int b = 0; b < BUCKETS; b++) {
                n += bucketCount(route, level, b);
            }
            return n;
        }

        long sumNanos(int route, int level) {
            return cells[sumAt + route * levels + level];
        }

        long rows(int route) {
            return cells[rowsAt + route];
        }

        long decisions(int reasonClass, int route) {
            return cells[decisionsAt + reasonClass * routes + route];
        }
    }
}
