package io.lumosdb.sync;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply worker: a named daemon thread that applies the log as commits arrive. A commit wakes it at
 * once ({@link #committed}); it also looks every {@value #IDLE_POLL_MILLIS} ms for other programs' writes
 * and schema changes. Under a stream of commits it gathers them for up to {@value #GATHER_MILLIS} ms per
 * batch, unless a reader waits. A failing batch is retried with backoff; every {@value #REPAIR_AFTER}
 * failures the table at fault is copied again; a damaged DuckDB block makes it copy every table at once.
 */
final class ReplicaWorker {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /**
     * How long the worker gathers further commits after a batch, when no reader waits: one DuckDB
     * transaction per few milliseconds instead of one per commit, which on a small machine leaves the
     * cores to the writers.
     */
    static final long GATHER_MILLIS = 5;
    /** How often the idle worker looks for other programs' writes and schema changes. */
    static final long IDLE_POLL_MILLIS = 500;
    /** Failed attempts after which the table at fault is copied again from SQLite. */
    static final int REPAIR_AFTER = 3;
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ReplicaState state;
    private final ReplicaCatalog catalog;
    private final ChangeApplier applier;
    private final ReplicaVerifier verifier;
    private final CorruptionRepair corruption;

    private final Object wake = new Object();
    private volatile boolean signalled;
    /** The worker waits for work (not gathering): only then does a commit need to wake it. */
    private volatile boolean idleWaiting;
    /** Readers are waiting for the worker: it applies at once instead of gathering commits. */
    private boolean urgent;
    private volatile Thread thread;
    private volatile boolean running;

    ReplicaWorker(ReplicaState state, ReplicaCatalog catalog, ChangeApplier applier, ReplicaVerifier verifier,
            CorruptionRepair corruption) {
        this.state = state;
        this.catalog = catalog;
        this.applier = applier;
        this.verifier = verifier;
        this.corruption = corruption;
    }

    synchronized void start(String threadName) {
        if (thread != null) {
            return;
        }
        running = true;
        Thread t = new Thread(this::run, threadName);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    boolean started() {
        return thread != null;
    }

    /** A write committed: wake the worker, unless it is already on its way (no lock on the writer's hot path). */
    void committed() {
        if (state.pendingSinceNanos.get() == 0) {
            state.pendingSinceNanos.compareAndSet(0, System.nanoTime());
        }
        if (signalled) {
            return;
        }
        synchronized (wake) {
            signalled = true;
            if (idleWaiting) {
                wake.notifyAll();
            }
        }
    }

    /** A reader waits: apply at once, without gathering. */
    void wakeUrgently() {
        synchronized (wake) {
            signalled = true;
            urgent = true;
            wake.notifyAll();
        }
    }

    private void run() {
        long passStart = System.nanoTime();
        while (running) {
            passStart = System.nanoTime();
            try {
                if (state.corruption != null) {
                    corruption.rebuild();
                }
                if (state.needsCatchUp) {
                    catalog.reconcile();
                    applier.apply();
                    verifier.checkAfterOpen();
                    state.needsCatchUp = false;
                } else if (catalog.schemaChangedElsewhere()) {
                    catalog.reconcile();
                }
                long before = state.appliedWork;
                passStart = System.nanoTime();
                applier.apply();
                if (state.consecutiveFailures > 0) {
                    LOG.info("DuckDB replica recovered after {} failed attempts", state.consecutiveFailures);
                }
                state.consecutiveFailures = 0;
                state.failure = null;
                if (markCaughtUpIfIdle()) {
                    state.locked(() -> {
                        applier.pruneIfDue(false);
                        applier.checkpointIfDue();
                        return null;
                    });
                }
                state.progressed();
                if (state.appliedWork != before) {
                    state.passTimed(state.appliedWork - before, passStart, System.nanoTime(), null);
                    state.applied();
                    gather();
                }
                awaitSignal(IDLE_POLL_MILLIS);
            } catch (SQLException e) {
                // a failed statement leaves DuckDB's transaction aborted: nothing else would run on it. Under the
                // lock: once the failed pass let go of it, a writer's reconcile may be using the same connection
                state.lock.lock();
                try {
                    state.rollbackQuietly(e);
                } finally {
                    state.lock.unlock();
                }
                if (!running) {
                    // close() interrupted the batch: nothing of it was committed, and the log keeps it for the next open
                    LOG.debug("the replica worker stopped during a batch: {}", e.getMessage());
                    break;
                }
                if (CorruptionRepair.isCorruption(e) && state.corruption == null) {
                    state.corruption = e; // copied again at once: retrying reads the same damaged block
                    continue;
                }
                state.failure = e;
                state.consecutiveFailures++;
                state.passTimed(0, passStart, System.nanoTime(), e);
                LOG.warn("applying to the DuckDB replica failed (attempt {}): {}", state.consecutiveFailures, e.getMessage());
                state.progressed();
                if (state.consecutiveFailures % REPAIR_AFTER == 0) {
                    repair(e);
                }
                pause(Math.min(MAX_BACKOFF_MILLIS, 10L << Math.min(20, state.consecutiveFailures)));
            } catch (RuntimeException e) {
                state.failure = new SQLException("the replica worker failed unexpectedly: " + e, e);
                state.consecutiveFailures++;
                LOG.error("the replica worker failed unexpectedly", e);
                pause(MAX_BACKOFF_MILLIS);
            }
        }
    }

    /** Records that the replica is caught up, if it is; returns whether it is. */
    private boolean markCaughtUpIfIdle() throws SQLException {
        long now = System.nanoTime();
        long since = state.pendingSinceNanos.get();
        // a damaged file a read reported meanwhile is repaired first: until then the replica is not caught up
        boolean caughtUp = state.corruption == null && state.locked(() -> ChangeCapture.lastIssuedSequence(state.sqlite)
                <= state.appliedSequence && applier.tablesWithAppends().isEmpty() && applier.scansDone() && state.corruption == null);
        if (caughtUp) {
            state.caughtUpAtNanos = now; // everything committed before `now` is applied
            if (since != 0) {
                state.pendingSinceNanos.compareAndSet(since, 0);
            }
        }
        return caughtUp;
    }

    /** Copies the failing table again from SQLite, or reconciles everything if no table is named. */
    private void repair(SQLException e) {
        Optional<String> table = e instanceof ReplicaException re ? re.table() : Optional.empty();
        try {
            ReplicatedTable shape = table.map(state.replicated::get).orElse(null);
            if (shape != null) {
                LOG.warn("copying table {} again from SQLite to repair the replica", shape.name());
                state.locked(() -> {
                    catalog.recopy(shape);
                    return null;
                });
            } else {
                catalog.reconcile();
            }
        } catch (SQLException repairFailure) {
            e.addSuppressed(repairFailure);
        }
    }

    private void awaitSignal(long millis) {
        synchronized (wake) {
            if (!signalled && running) {
                idleWaiting = true;
                try {
                    wake.wait(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                } finally {
                    idleWaiting = false;
                }
            }
            signalled = false;
            urgent = false;
        }
    }

    /** Lets commits accumulate for up to {@link #GATHER_MILLIS}, unless a reader waits. */
    private void gather() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MILLIS);
        synchronized (wake) {
            long left;
            while (!urgent && running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(wake, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis); // backoff between failed attempts; stop() interrupts it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops the worker, waiting up to 30 s for its batch to end (it is interrupted; the log keeps the batch). */
    void stop() {
        Thread t = thread;
        running = false;
        if (t != null) {
            synchronized (wake) {
                wake.notifyAll();
            }
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
