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

    ExpirySweeper(Sweep sweep, Duration every) {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lumos-memory-expiry");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        long ms = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                int n = sweep.run();
                if (n > 0) {
                    LOG.debug("forgot {} expired memories", n);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warn("expired memories could not be deleted (retried in {} ms): {}", ms, e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
