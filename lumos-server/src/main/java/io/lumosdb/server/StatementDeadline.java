package io.lumosdb.server;

import io.lumosdb.LumosDB;
import java.sql.SQLException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a statement for at most its deadline: when the deadline passes, a named timer thread cancels the
 * query the request's thread is running ({@link LumosDB#cancel}), again every 50 ms until it returns (a
 * cancel that arrives while the statement is being handed to the engine may miss it). The request then
 * fails with {@link Expired}, a 408. Writes are not cancelled: SQLite's writer runs them to their commit.
 */
final class StatementDeadline implements AutoCloseable {
    /** The statement ran past its deadline and was cancelled. */
    static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Expired(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Work that runs one statement. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private final LumosDB db;
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "lumos-server statement-deadline");
        t.setDaemon(true);
        return t;
    });

    StatementDeadline(LumosDB db) {
        this.db = db;
        // every statement schedules its cancel and almost all finish first: a cancelled cancel leaves the queue
        // at once, rather than staying until its deadline (30 s of requests, each sifted through on every schedule)
        timer.setRemoveOnCancelPolicy(true);
    }

    <T> T run(long timeoutMs, Work<T> work) throws SQLException {
        Thread worker = Thread.currentThread();
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> cancel = timer.scheduleAtFixedRate(() -> {
            fired.set(true);
            db.cancel(worker);
        }, timeoutMs, 50, TimeUnit.MILLISECONDS);
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            if (fired.get()) {
                throw new Expired("the statement ran longer than its timeout of " + timeoutMs + " ms (timeoutMs) and was cancelled", e);
            }
            throw e;
        } finally {
            cancel.cancel(false);
            Thread.interrupted(); // a cancel must not leave the request thread interrupted
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
