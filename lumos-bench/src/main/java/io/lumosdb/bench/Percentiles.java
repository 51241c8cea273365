package io.lumosdb.bench;

import java.util.Arrays;

/** Percentiles of nanosecond timings: of sorted ones in milliseconds, and the median. */
final class Percentiles {
    private Percentiles() {}

    /** The {@code p} (0..1) percentile of {@code sorted} nanoseconds, in milliseconds; 0 when empty. */
    static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    /** The median of unsorted nanosecond timings (the upper one of an even count), in nanoseconds. */
    static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
