package io.lumosdb.jdbc;

import io.lumosdb.LumosDB;
import io.lumosdb.Transaction;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One transaction of a connection in manual-commit mode, kept open across the caller's statements until
 * {@code commit()} or {@code rollback()}.
 *
 * <p><b>Why a thread.</b> The facade's transactions are scoped ({@link LumosDB#transaction} runs work and commits
 * when it returns) and owned by the thread that runs them: the write lock is a {@code ReentrantLock}, and the
 * transaction handle is valid only on its thread. JDBC's transaction is open-ended and may be driven from any thread
 * that holds the connection. So the work of {@code db.transaction} runs on a thread of its own ("lumos-jdbc tx ..."),
 * which takes the connection's statements one at a time from a queue of one, and returns (commit) or throws
 * (rollback) when told. Every statement of the transaction therefore runs on SQLite's writer inside
 * {@code BEGIN IMMEDIATE} and sees the transaction's own writes, as {@link Transaction} promises; a hand-off costs
 * two thread switches per statement.
 */
final class ManualTransaction {
    /** A statement run inside the transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }

    private static final AtomicLong THREADS = new AtomicLong();

    /** Thrown by the work to roll back; never leaves this class. */
    private static final class RollbackRequested extends Exception {
        private static final long serialVersionUID = 1L;

        RollbackRequested() {
            super("rollback requested by the JDBC connection", null, false, false);
        }
    }

    private enum End { COMMIT, ROLLBACK }

    private record Task(Work<?> work, End end, CompletableFuture<Object> done) {}

    private final BlockingQueue<Task> tasks = new ArrayBlockingQueue<>(1);
    private final Thread worker;
    private boolean finished; // guarded by this: no task is accepted once the worker is done
    private Task endTask;

    ManualTransaction(LumosDB db) {
        this.worker = new Thread(() -> runTransaction(db), "lumos-jdbc tx " + db.directory().getFileName() + " #" + THREADS.incrementAndGet());
        worker.setDaemon(true);
        worker.start();
    }

    private void runTransaction(LumosDB db) {
        SQLException failure = null;
        try {
            db.transaction(tx -> {
                while (true) {
                    Task task = tasks.take();
                    if (task.end() == End.COMMIT) {
                        endTask = task;
                        return null;
                    }
                    if (task.end() == End.ROLLBACK) {
                        endTask = task;
                        throw new RollbackRequested();
                    }
                    try {
                        task.done().complete(task.work().run(tx));
                    } catch (SQLException | RuntimeException e) {
                        task.done().completeExceptionally(e); // the statement failed; the transaction stays open
                    }
                }
            });
        } catch (SQLException e) {
            if (!(e.getCause() instanceof RollbackRequested)) {
                failure = e;
            }
        } finally {
            synchronized (this) {
                finished = true;
            }
            Task end = endTask;
            SQLException why = failure != null ? failure
                    : new SQLTransientException("the transaction has ended; run the statement again", "25000");
            for (Task t; (t = tasks.poll()) != null; ) {
                t.done().completeExceptionally(why);
            }
            if (end != null) {
                if (failure == null) {
                    end.done().complete(null);
                } else {
                    end.done().completeExceptionally(failure);
                }
            }
        }
    }

    /** Runs {@code work} in the transaction, on its thread; a failure leaves the transaction open. */
    <T> T run(Work<T> work) throws SQLException {
        @SuppressWarnings("unchecked")
        T result = (T) await(submit(new Task(work, null, new CompletableFuture<>())));
        return result;
    }

    /** Commits; the transaction is over whatever happens. */
    void commit() throws SQLException {
        await(submit(new Task(null, End.COMMIT, new CompletableFuture<>())));
    }

    /** Rolls back; the transaction is over whatever happens. */
    void rollback() throws SQLException {
        await(submit(new Task(null, End.ROLLBACK, new CompletableFuture<>())));
    }

    private synchronized CompletableFuture<Object> submit(Task task) throws SQLException {
        if (finished) {
            throw new SQLNonTransientConnectionException("the transaction could not begin or has ended (" + worker.getName() + ")", "08003");
        }
        if (!tasks.offer(task)) {
            throw new SQLTransientException("a statement of this connection's transaction is still running on another"
                    + " thread; a JDBC connection runs one statement at a time", "25000");
        }
        return task.done();
    }

    private static Object await(CompletableFuture<Object> done) throws SQLException {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while waiting for a statement of the transaction", "25000", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException s) {
                throw s;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new SQLException("the transaction's statement failed: " + cause, cause);
        }
    }
}
