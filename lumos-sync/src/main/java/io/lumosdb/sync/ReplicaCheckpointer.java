package io.lumosdb.sync;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints the DuckDB replica on a thread and connection of its own, when the applier asks
 * ({@link #request}) after every {@value ChangeApplier#CHECKPOINT_AFTER} applied changes: the deleted
 * old versions and the appended rows leave DuckDB's WAL for compressed row groups, so scans stay as fast
 * as on a fresh copy, and the apply worker does not stop for it. Checkpointed in the worker's own
 * commit, a checkpoint stalled every reader waiting for fresh data and every change behind it (30-70 ms
 * each under the mixed load; docs/benchmarks-log.md).
 *
 * <p>DuckDB refuses a checkpoint at once while another connection's write transaction is open (the
 * worker's, between its first statement and its commit): a refused one is tried again every
 * {@value #RETRY_MILLIS} ms, up to {@value #ATTEMPTS} times, which under a steady apply lands between two
 * of the worker's transactions; then it is logged at debug level and left to the next request. Requests
 * never queue: one made while a checkpoint runs makes one more afterwards. The thread starts at the first
 * request.
 */
final class ReplicaCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /** Attempts per request. */
    static final int ATTEMPTS = 100;
    /** The pause between two attempts of one request. */
    static final long RETRY_MILLIS = 5;

    private final DuckDBConnection replica;
    private final Object signal = new Object();
    private boolean requested; // guarded by signal
    private boolean closed; // guarded by signal
    private Thread thread; // guarded by signal
    private DuckDBConnection connection; // the thread's, opened with it

    /** Checkpoints the database that {@code replica}, the replica's own connection, belongs to. */
    ReplicaCheckpointer(DuckDBConnection replica) {
        this.replica = replica;
    }

    /**
     * Asks for a checkpoint soon; returns at once. The thread, named after the calling thread with
     * {@code " checkpoint"}, and its connection start with the first request; if DuckDB cannot open the
     * connection, that is logged and the next request tries again.
     */
    void request() {
        synchronized (signal) {
            if (closed) {
                return;
            }
            if (thread == null) {
                try {
                    connection = replica.duplicate();
                } catch (SQLException e) {
                    LOG.warn("no connection for DuckDB checkpoints; the next request tries again: {}", e.getMessage());
                    return;
                }
                Thread t = new Thread(this::run, Thread.currentThread().getName() + " checkpoint");
                t.setDaemon(true);
                thread = t;
                t.start();
            }
            requested = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (true) {
            synchronized (signal) {
                while (!requested && !closed) {
                    try {
                        signal.wait();
                    } catch (InterruptedException e) {
                        return; // close() interrupts only after setting closed
                    }
                }
                if (closed) {
                    return;
                }
                requested = false;
            }
            checkpoint();
        }
    }

    /** One request's attempts; returns early when closed. */
    private void checkpoint() {
        for (int attempt = 1; ; attempt++) {
            try {
                Sql.exec(connection, "CHECKPOINT");
                return;
            } catch (SQLException e) {
                if (attempt == ATTEMPTS) {
                    LOG.debug("DuckDB refused {} checkpoints in a row; the next request tries again (the data is in its WAL): {}",
                            ATTEMPTS, e.getMessage());
                    return;
                }
            }
            synchronized (signal) {
                if (closed) {
                    return;
                }
                try {
                    signal.wait(RETRY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Stops the thread, waiting up to 30 s for a checkpoint under way, and closes its connection. */
    @Override
    public void close() throws SQLException {
        Thread t;
        synchronized (signal) {
            closed = true;
            signal.notifyAll();
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("the DuckDB checkpoint did not end within 30 s; its connection is left to close with the database");
            return;
        }
        connection.close();
    }
}
