package io.lumosdb.memory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes expired memories periodically on one named daemon thread, {@code lumos-memory-expiry}. */
final class ExpirySweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpirySweeper.class);

    @FunctionalInterface
    interface Sweep {
        int run() throws SQLException;
    }

    private final ScheduledThreadPoolExecutor timer;
    private final Object sweeps = new Object();
    private long started;
    private long finished;

    ExpirySweeper(Sweep sweep, Duration every) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lumos-memory-expiry");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            synchronized (sweeps) {
                started++;
            }
            try {
                int n = sweep.run();
                if (n > 0) {
                    LOG.debug("forgot {} expired memories", n);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("expired memories could not be deleted (retried in {} ms): {}", ms, e.toString());
            } finally {
                synchronized (sweeps) {
                    finished++;
                    sweeps.notifyAll();
                }
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Waits until a sweep that began after this call has finished; false on timeout. */
    boolean awaitSweep(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (sweeps) {
            long target = started + 1;
            while (finished < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                sweeps.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
