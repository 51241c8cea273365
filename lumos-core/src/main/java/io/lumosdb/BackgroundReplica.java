package io.lumosdb;

import io.lumosdb.engine.DuckEngine;
import io.lumosdb.engine.PoolUsage;
import io.lumosdb.sync.Replica;
import io.lumosdb.sync.SyncStatus;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DuckDB side of a database (the engine and its {@link Replica}), opened on a daemon thread of its own
 * after the database has opened, so that a database opens at once and SQLite answers while DuckDB starts.
 *
 * <p>Why: loading DuckDB's native library (a 70 MB file unpacked from its jar at every start), opening its
 * file and checking it against SQLite took about two thirds of a shell's 2.7 s start-up, for a first
 * statement that, more often than not, SQLite answers. Until the replica is open, the router sends every
 * automatic read to SQLite (as it does for a table whose copy is not finished), writes are captured by the
 * triggers already in SQLite's file and applied when the worker starts, and a read that must run on DuckDB
 * (forced, or DuckDB-only syntax) waits for the open ({@link #await}) and then for its freshness, as before.
 * DDL through {@code update} waits for the open before it takes the write lock, so the new table gets its
 * capture triggers (and type checks) at once, as before. DDL that commits while the replica is still not open (in
 * a transaction, which cannot know before its work runs whether it holds DDL, nor wait for the opening
 * while it holds the write lock the opening needs; or after the wait timed out) gives the tables it
 * created or altered their capture triggers at once, in SQLite, which needs no DuckDB; the opening's
 * reconcile then copies them whole. See {@link WritePath#captureBeforeOpen}.
 * What must fail at open still does: a DuckDB file another process holds ({@link DuckEngine#checkNotHeld});
 * and the file work that needs no DuckDB (a torn or damaged file moved aside, an unsynced session's
 * writes flushed) is done before the thread starts ({@link DuckEngine#prepareFile}).
 *
 * <p>{@link #close()} asks the thread to stop and waits for it: it stops between steps (after the library
 * loaded, after the file opened, before the replica is checked), never leaving a half-opened file behind,
 * and what it opened is closed. The library's load is never cut short: its unpacked copy would be left in
 * the temporary directory.
 */
final class BackgroundReplica implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LumosDB.class);

    /** The open replica: DuckDB and the replica that feeds it. */
    record Parts(DuckEngine duck, Replica replica) {}

    /** The steps that open the replica, run on the background thread; see {@link DatabaseOpener}. */
    interface Opening {
        /** Opens and {@link #publish publishes} the parts; returns null, having closed what it opened, if {@link #cancelled()}. */
        Parts open(BackgroundReplica replica) throws SQLException;

        /** Undoes what the database's open prepared for this opening, which will never run. */
        void abandon();
    }

    private final CompletableFuture<Parts> opened = new CompletableFuture<>();
    private volatile Parts parts;
    private volatile boolean cancelled;
    /** The opening's thread, once started; volatile: {@link #await} reads it unlocked (on it, it must not wait for itself). */
    private volatile Thread thread;
    private String threadName;
    private Opening opening;

    /**
     * Starts the opening on a daemon thread named {@code threadName}, now, or with {@code onFirstUse} when
     * something first needs the replica ({@link #await}, {@link #awaitSettled}, {@link #startNow}).
     */
    synchronized void start(String threadName, Opening opening, boolean onFirstUse) {
        this.threadName = threadName;
        this.opening = opening;
        if (!onFirstUse) {
            startNow();
        }
    }

    /** Starts the opening if it has not started (nor been cancelled). */
    synchronized void startNow() {
        if (thread == null && opening != null && !cancelled) {
            Opening o = opening;
            thread = new Thread(() -> run(o), threadName);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run(Opening opening) {
        try {
            Parts p = opening.open(this);
            if (p == null) {
                opened.completeExceptionally(closedWhileOpening());
            } else {
                opened.complete(p);
            }
        } catch (SQLException | RuntimeException | Error e) {
            if (!cancelled) {
                LOG.warn("the DuckDB replica could not be opened; reads run on SQLite: {}", e.toString());
            }
            opened.completeExceptionally(e);
        }
    }

    /** Makes the open parts visible to reads and routing; called by the opening before it refreshes the schema. */
    void publish(Parts p) {
        this.parts = p;
    }

    /** Whether {@link #close()} asked the opening to stop. */
    boolean cancelled() {
        return cancelled;
    }

    /** The open parts, if the replica is open now; never waits. */
    Optional<Parts> now() {
        return Optional.ofNullable(parts);
    }

    /**
     * The open parts, waiting up to {@code timeout} for the opening.
     *
     * @throws SQLTimeoutException if the replica has not opened within {@code timeout}
     * @throws SQLException the opening's failure, or if the database closed meanwhile
     */
    Parts await(Duration timeout) throws SQLException {
        Parts p = parts;
        // published parts are handed out once the opening has ended, having started the replica's worker (a fresh
        // read before that would find no worker to wait for), or to the opening itself, which publishes them first
        if (p != null && (opened.isDone() || Thread.currentThread() == thread)) {
            return p;
        }
        startNow();
        try {
            return opened.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SQLTimeoutException("the DuckDB replica did not open within " + timeout.toMillis() + " ms", "HYT00", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for the DuckDB replica to open", "08001", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String state = cause instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "08001";
            throw new SQLException("the DuckDB replica could not be opened: " + cause.getMessage(), state, cause);
        }
    }

    /**
     * Waits up to {@code timeout} for the opening to end, however it ends: for DDL, which is best run once
     * the replica can give a new table its triggers. Never fails; a wait interrupted keeps the interrupt.
     */
    void awaitSettled(Duration timeout) {
        if (parts != null) {
            return;
        }
        startNow();
        try {
            opened.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("DDL goes on before the DuckDB replica opened: {}", e.toString());
        }
    }

    /** Why no replica serves a table now, if it is not open; empty once it is. */
    Optional<String> whyNotOpen() {
        if (parts != null) {
            return Optional.empty();
        }
        if (opened.isCompletedExceptionally()) {
            try {
                opened.join();
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                return Optional.of("the DuckDB replica could not be opened (" + cause.getMessage() + ")");
            }
        }
        return Optional.of("the DuckDB replica is still opening");
    }

    // ---------------------------------------------------------------- what the facade reads of it

    boolean isReplicated(String table) {
        Parts p = parts;
        return p != null && p.replica().isReplicated(table);
    }

    /**
     * Why {@code table} has no replica. While the replica opens, none is given (unless the opening failed):
     * the router decides as it will once the replica is open, and a read it sends to DuckDB waits for it.
     */
    Optional<String> whyNotReplicated(String table) {
        Parts p = parts;
        if (p != null) {
            return p.replica().whyNotReplicated(table);
        }
        return opened.isCompletedExceptionally() ? whyNotOpen() : Optional.empty();
    }

    /** Whether a DuckDB read may need to wait for the opening (it has not published the replica yet). */
    boolean opening() {
        return parts == null;
    }

    Set<String> replicatedTables() {
        Parts p = parts;
        return p == null ? Set.of() : p.replica().replicatedTables();
    }

    /** Wakes the replica's worker after a commit, if it runs (it catches up by itself when it starts). */
    void committed() {
        Parts p = parts;
        if (p != null) {
            p.replica().committed();
        }
    }

    /**
     * After DDL: brings the replicated tables in line now, if the replica is open; returns whether it is.
     * If not, the opening's reconcile does, and the caller gives new tables their capture triggers
     * ({@link Replica#captureBeforeOpen}). Under the facade's write lock, which {@link #publish} needs:
     * the answer holds until the lock is released.
     */
    boolean reconcile() throws SQLException {
        Parts p = parts;
        if (p != null) {
            p.replica().reconcile();
        }
        return p != null;
    }

    long tablesCopied() {
        Parts p = parts;
        return p == null ? 0 : p.replica().tablesCopied();
    }

    /** The replica's status; fails while it is not open. */
    SyncStatus status() throws SQLException {
        Parts p = parts;
        if (p == null) {
            throw new SQLTransientConnectionException(whyNotOpen().orElse("the DuckDB replica is not open"), "08001");
        }
        return p.replica().status();
    }

    PoolUsage readerUsage(int maxReaders) {
        Parts p = parts;
        return p == null ? new PoolUsage(0, 0, 0, maxReaders) : p.duck().readerUsage();
    }

    private static SQLException closedWhileOpening() {
        return new SQLTransientConnectionException("the database was closed while its DuckDB replica was opening", "08003");
    }

    /**
     * Stops the opening (waiting for its current step) and closes the replica's worker and DuckDB. Call it
     * without holding the facade's write lock: the opening takes it to check the replica.
     */
    @Override
    public void close() throws SQLException {
        cancelled = true;
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            boolean interrupted = false;
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the opening ends by itself; closing must not leave it half done
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        boolean neverStarted;
        synchronized (this) {
            neverStarted = thread == null && opening != null;
        }
        opened.completeExceptionally(closedWhileOpening()); // no effect if it completed
        if (neverStarted) {
            opening.abandon();
        }
        Parts p = parts;
        parts = null;
        if (p == null) {
            return;
        }
        SQLException failure = null;
        for (AutoCloseable part : new AutoCloseable[] {p.replica(), p.duck()}) { // the replica's worker first
            try {
                part.close();
            } catch (Exception e) {
                SQLException f = e instanceof SQLException s ? s : new SQLException("closing " + part + " failed: " + e, e);
                if (failure == null) {
                    failure = f;
                } else {
                    failure.addSuppressed(f);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "replica" + (parts != null ? "" : " (" + whyNotOpen().orElse("") + ")");
    }
}
