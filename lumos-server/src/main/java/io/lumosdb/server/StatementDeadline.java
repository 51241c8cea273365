package io.lumosdb.server;

import io.lumosdb.LumosDB;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a statement for at most its deadline: when the deadline passes, a named timer thread cancels the
 * query the request's thread is running ({@link LumosDB#cancel}), again every 50 ms until it returns (a
 * cancel that arrives while the statement is being handed to the engine may miss it). The request then
 * fails with {@link Expired}, a 408. Writes are not cancelled: SQLite's writer runs them to their commit.
 *
 * <p>A read run under a {@link Ticket} (its request id and the key that sent it) can also be cancelled by
 * its client: {@code DELETE /v1/queries/{requestId}} from the same key or an admin key calls
 * {@link #cancel}, which cancels the statement the same way (every 50 ms until it returns); the request
 * then fails with {@link Cancelled}, a 409. The database is left as it was: a read changes nothing, and
 * both engines abandon an interrupted statement cleanly (SQLite's {@code sqlite3_interrupt}, DuckDB's
 * {@code Statement.cancel()}).
 */
final class StatementDeadline implements AutoCloseable {
    /** The statement ran past its deadline and was cancelled. */
    static final class Expired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Expired(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The statement was cancelled by its client. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Who may cancel a running statement, and by which name: the request's id and the key's id. */
    record Ticket(String requestId, String owner) {}

    /** A statement running under a ticket. */
    private static final class Running {
        final String owner;
        final Thread worker;
        final AtomicBoolean cancelled = new AtomicBoolean();
        private ScheduledFuture<?> canceller; // guarded by this
        private boolean done; // guarded by this

        Running(String owner, Thread worker) {
            this.owner = owner;
            this.worker = worker;
        }
    }

    /** Work that runs one statement. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private final LumosDB db;
    private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
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
        return run(timeoutMs, null, work);
    }

    /**
     * Runs {@code work} for at most {@code timeoutMs}, cancellable by {@code ticket}'s owner (null: by the
     * deadline only).
     *
     * @throws ApiProblem 409 if a statement runs under the same request id already
     */
    <T> T run(long timeoutMs, Ticket ticket, Work<T> work) throws SQLException {
        Thread worker = Thread.currentThread();
        Running mine = null;
        if (ticket != null) {
            mine = new Running(ticket.owner(), worker);
            if (running.putIfAbsent(ticket.requestId(), mine) != null) {
                throw ApiProblem.conflict("a statement is running under request id '" + ticket.requestId()
                        + "' already; give each request its own X-Request-Id");
            }
        }
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> cancel = timer.scheduleAtFixedRate(() -> {
            fired.set(true);
            db.cancel(worker);
        }, timeoutMs, 50, TimeUnit.MILLISECONDS);
        try {
            return work.run();
        } catch (SQLException | RuntimeException e) {
            if (mine != null && mine.cancelled.get()) {
                throw new Cancelled("the statement was cancelled by its client (DELETE /v1/queries/" + ticket.requestId() + ")", e);
            }
            if (fired.get()) {
                throw new Expired("the statement ran longer than its timeout of " + timeoutMs + " ms (timeoutMs) and was cancelled", e);
            }
            throw e;
        } finally {
            cancel.cancel(false);
            if (mine != null) {
                running.remove(ticket.requestId(), mine);
                synchronized (mine) {
                    mine.done = true; // no canceller starts after this, and a started one stops: the thread goes on to other work
                    if (mine.canceller != null) {
                        mine.canceller.cancel(false);
                    }
                }
            }
            Thread.interrupted(); // a cancel must not leave the request thread interrupted
        }
    }

    /**
     * Cancels the statement running under {@code requestId} if {@code who} sent it or is an admin.
     *
     * @return whether such a statement was running (false also when it belongs to another key: a caller
     *     learns nothing of other keys' requests)
     */
    boolean cancel(String requestId, Principal who) {
        Running r = running.get(requestId);
        if (r == null || !(r.owner.equals(who.name()) || who.role() == Role.ADMIN)) {
            return false;
        }
        synchronized (r) {
            if (!r.done && r.cancelled.compareAndSet(false, true)) {
                r.canceller = timer.scheduleAtFixedRate(() -> db.cancel(r.worker), 0, 50, TimeUnit.MILLISECONDS);
            }
        }
        return true;
    }

    /** How many statements run under a ticket now. */
    int running() {
        return running.size();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
