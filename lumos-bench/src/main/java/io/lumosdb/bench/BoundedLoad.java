package io.lumosdb.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed loop bounded in count and time: {@code threads} named threads call an operation back to back
 * until {@code maxCalls} calls have been made or {@code seconds} have passed, whichever comes first, and the
 * latency of each call is kept. The first failure stops every thread and is rethrown. Used on both sides of
 * {@link ServerLoadRunner}: the embedded calls in the server's JVM and the HTTP requests in the client's.
 */
final class BoundedLoad {
    /** One call; {@code i} numbers the calls from 0, so each can pick its input deterministically. */
    interface Call {
        void run(long i) throws Exception;
    }

    /** What a run achieved: calls completed, wall seconds, and the median and 99th percentile latency. */
    record Outcome(long calls, double seconds, double p50Ms, double p99Ms) {
        double perSecond() {
            return calls / seconds;
        }

        /** {@code calls seconds p50 p99}, one line, for the client to hand its figures to the runner. */
        String line() {
            return String.format(Locale.ROOT, "%d %.6f %.6f %.6f", calls, seconds, p50Ms, p99Ms);
        }

        /** Reads {@link #line()} back. */
        static Outcome parse(String line) {
            String[] f = line.trim().split(" ");
            return new Outcome(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]));
        }
    }

    private BoundedLoad() {}

    static Outcome run(String name, int threads, long maxCalls, double seconds, Call call) throws Exception {
        if (threads < 1 || maxCalls < 1 || maxCalls > 50_000_000 || !(seconds > 0)) {
            throw new IllegalArgumentException("a bounded load needs threads >= 1, 1 to 50,000,000 calls and seconds > 0, was "
                    + threads + ", " + maxCalls + ", " + seconds);
        }
        long[] nanos = new long[(int) maxCalls];
        AtomicLong issued = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                while (!stop.get()) {
                    long i = issued.getAndIncrement();
                    if (i >= maxCalls || System.nanoTime() - deadline > 0) {
                        return;
                    }
                    long s = System.nanoTime();
                    try {
                        call.run(i);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        stop.set(true);
                        return;
                    }
                    nanos[(int) done.getAndIncrement()] = System.nanoTime() - s;
                }
            }, name + "-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        long[] sorted = Arrays.copyOf(nanos, (int) done.get());
        Arrays.sort(sorted);
        return new Outcome(sorted.length, took, Percentiles.ms(sorted, 0.50), Percentiles.ms(sorted, 0.99));
    }
}
