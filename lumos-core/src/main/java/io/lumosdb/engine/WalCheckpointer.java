package io.lumosdb.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SQLite's WAL checkpoints on a thread of their own, so that no commit waits for one.
 *
 * <p>By default the commit that takes the WAL past 1,000 pages runs the checkpoint itself, flushes to
 * the disk included, and everything queued behind SQLite's write lock waits with it: the next writes,
 * and the replica's worker, which raises its high-water marks with a short write. On a VM whose flushes
 * now and then take 100-300 ms, those commits made the freshness lag's tail. Here the writer's
 * auto-checkpoint is off, and a thread named {@code <database> sqlite-checkpointer} watches the
 * WAL-index ({@link CommitWatch}, a memory read) every {@value #POLL_MILLIS} ms. Once
 * {@value #CHECKPOINT_PAGES} pages wait (SQLite's own threshold), it runs a {@code PASSIVE} checkpoint on
 * its own connection, which copies what it can and blocks neither readers nor writers. The next commit
 * after a complete checkpoint starts the WAL over. That is SQLite's own behaviour, moved off the commit:
 * its auto-checkpoint is PASSIVE too, and a reader that keeps an old snapshot open keeps the WAL growing
 * in both cases.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** Pages waiting in the WAL that start a checkpoint: SQLite's default {@code wal_autocheckpoint}. */
    static final int CHECKPOINT_PAGES = 1_000;
    static final long POLL_MILLIS = 20;

    private final Connection connection;
    private final CommitWatch wal;
    private final Thread thread;
    private volatile boolean running = true;
    /** Guards {@link #checkpoints}; {@link #awaitCheckpointAfter} waits on it. */
    private final Object checkpointed = new Object();
    private long checkpoints;

    private WalCheckpointer(Connection connection, CommitWatch wal, String threadName) {
        this.connection = connection;
        this.wal = wal;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    /**
     * Starts checkpointing the database of {@code writer} (whose auto-checkpoint it turns off) on
     * {@code connection}, which it owns from now on.
     */
    static WalCheckpointer start(Connection writer, Connection connection, CommitWatch wal, String threadName) throws SQLException {
        try (Statement st = writer.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = 0");
        }
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint = 0");
        }
        WalCheckpointer checkpointer = new WalCheckpointer(connection, wal, threadName);
        checkpointer.thread.start();
        return checkpointer;
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (running && wal.framesNotCheckpointed() >= CHECKPOINT_PAGES) {
                checkpoint();
            }
        }
    }

    /** Runs one checkpoint; a failure is logged, and the next poll tries again. */
    private void checkpoint() {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            synchronized (checkpointed) {
                checkpoints++;
                checkpointed.notifyAll();
            }
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint failed; it is tried again: {}", e.getMessage());
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // a failing database is not hammered
        }
    }

    /** Checkpoints run so far. */
    long checkpointsRun() {
        synchronized (checkpointed) {
            return checkpoints;
        }
    }

    /**
     * Waits until a checkpoint after the first {@code seen} has run, at most {@code timeoutNanos};
     * returns whether one has.
     */
    boolean awaitCheckpointAfter(long seen, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (checkpointed) {
            long left;
            while (checkpoints <= seen && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(checkpointed, left);
            }
            return checkpoints > seen;
        }
    }

    /** Stops the thread, waiting for a checkpoint under way, and closes the connection. */
    @Override
    public void close() throws SQLException {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
