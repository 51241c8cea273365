package io.lumosdb.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress line for long imports and exports, redrawn in place on a terminal's stderr (never on a pipe, so
 * scripts and logs see none): with a known total a bar, the share done, the rows, the rate and the time left;
 * without one, the rows, the rate and the time so far. Redrawn at most ten times a second.
 *
 * <pre>
 * [=============&gt;      ]  68%  680,000 / 1,000,000 rows  212,455 rows/s  ETA 0:02
 * </pre>
 */
final class ProgressBar {
    private static final int WIDTH = 24;
    private final PrintWriter err;
    private final boolean shown;
    private final long start = System.nanoTime();
    private long total = -1;
    private long lastDrawn;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean shown) {
        this.err = err;
        this.shown = shown;
    }

    /** The rows there will be in all, once known; negative for unknown. */
    void total(long total) {
        this.total = total;
    }

    /** {@code done} rows so far. */
    void update(long done) {
        long now = System.nanoTime();
        if (!shown || now - lastDrawn < 100_000_000L) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        err.print("\r" + line(done, (now - start) / 1e9) + "  ");
        err.flush();
    }

    /** Ends the line, if one was drawn. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    /** The progress line for {@code done} rows after {@code seconds}. */
    String line(long done, double seconds) {
        double rate = done / Math.max(seconds, 1e-3);
        if (total <= 0) {
            return String.format(Locale.ROOT, "%,d rows  %,.0f rows/s  %s", done, rate, clock(seconds));
        }
        double share = Math.min(1.0, done / (double) total);
        int filled = (int) (share * WIDTH);
        String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
        double left = rate > 0 ? Math.max(0, total - done) / rate : 0;
        return String.format(Locale.ROOT, "[%s] %3.0f%%  %,d / %,d rows  %,.0f rows/s  ETA %s", bar, 100 * share, done, total, rate,
                clock(left));
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
