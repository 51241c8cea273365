package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The recorder behind the read metrics on a Prometheus registry: buckets, exact counts across threads. */
class ReadRecorderTest {
    @Property(tries = 2000)
    void aRead_fallsInTheFirstBucketWhoseBoundHoldsIt(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long nanos) {
        int b = ReadRecorder.bucket(nanos);
        long[] bounds = ReadRecorder.UPPER_BOUNDS_NANOS;
        if (b < bounds.length) {
            assertTrue(bounds[b] >= nanos, nanos + " ns is at most bucket " + b + "'s bound " + bounds[b]);
        } else {
            assertEquals(ReadRecorder.BUCKETS - 1, b);
            assertTrue(nanos > bounds[bounds.length - 1], nanos + " ns goes to +Inf only past the last bound");
        }
        if (b > 0 && b < bounds.length) {
            assertTrue(bounds[b - 1] < nanos, nanos + " ns is above the previous bound " + bounds[b - 1]);
        }
    }

    @Test
    void theBounds_riseByHalfPowersOfTwo_from512nsTo2pow36() {
        long[] bounds = ReadRecorder.UPPER_BOUNDS_NANOS;
        assertEquals(512, bounds[0]);
        assertEquals(768, bounds[1]);
        assertEquals(1024, bounds[2]);
        assertEquals(1L << 36, bounds[bounds.length - 1]);
        for (int i = 1; i < bounds.length; i++) {
            assertTrue(bounds[i] > bounds[i - 1]);
        }
    }

    @Test
    void moreLiveThreadsThanSlots_shareOne_andNoReadIsLost() throws Exception {
        ReadRecorder recorder = new ReadRecorder(2, 3);
        int threads = ReadRecorder.MAX_SLOTS + 40;
        int reads = 25;
        CountDownLatch allStarted = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                recorder.record(1, 2, 1_000 + n, 1, "a reason of no known class");
                allStarted.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int k = 1; k < reads; k++) {
                    recorder.record(1, 2, 1_000 + n, 1, "a reason of no known class");
                }
            }, "recorder-test-" + i);
            t.start();
            started.add(t);
        }
        assertTrue(allStarted.await(2, TimeUnit.MINUTES));
        release.countDown();
        for (Thread t : started) {
            t.join(TimeUnit.MINUTES.toMillis(2));
            assertFalse(t.isAlive());
        }
        ReadRecorder.Totals totals = recorder.totals();
        assertEquals((long) threads * reads, totals.count(1, 2));
        assertEquals((long) threads * reads, totals.rows(1));
        assertEquals(0, totals.count(0, 2) + totals.count(1, 0));
        long expectedSum = 0;
        for (int n = 0; n < threads; n++) {
            expectedSum += (1_000L + n) * reads;
        }
        assertEquals(expectedSum, totals.sumNanos(1, 2));
        assertEquals(1_000L + threads - 1, recorder.drainMaxima()[1 * 3 + 2], "the slowest read");
        assertEquals(0, recorder.drainMaxima()[1 * 3 + 2], "drained");
        assertEquals((long) threads * reads, recorder.totals().count(1, 2), "ended threads' counts kept after folding");
    }
}
