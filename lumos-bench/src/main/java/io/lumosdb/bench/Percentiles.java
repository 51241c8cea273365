package io.lumosdb.bench;

/** Percentiles of sorted nanosecond timings, in milliseconds. */
final class Percentiles {
    private Percentiles() {}

    /** The {@code p} (0..1) percentile of {@code sorted} nanoseconds, in milliseconds; 0 when empty. */
    static double ms(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }
}
