package io.lumosdb;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statement each thread's read is running, so that {@link LumosDB#cancel} can stop it, and whether it
 * was cancelled. A thread registers once (its slot found by a thread-local afterwards); a read then costs
 * two volatile writes, where a map entry put and removed per read cost a tenth of a cached point lookup.
 * Slots of threads that have ended are dropped when the registry grows.
 */
final class RunningReads {
    private static final int PRUNE_AT = 1_024;

    private final Map<Thread, Slot> slots = new ConcurrentHashMap<>();
    private final ThreadLocal<Slot> own = ThreadLocal.withInitial(this::register);

    /** One thread's running read. */
    static final class Slot {
        volatile Statement statement;
        volatile boolean cancelled;
    }

    /** This thread now runs {@code statement}; a cancel that came after its last read ended is forgotten. */
    Slot start(Statement statement) {
        Slot slot = own.get();
        slot.cancelled = false;
        slot.statement = statement;
        return slot;
    }

    /** The read of {@code slot}'s thread ended. */
    static void end(Slot slot) {
        slot.statement = null;
    }

    /** Cancels the read {@code thread} runs; false if it runs none (or the driver refused). */
    boolean cancel(Thread thread) throws SQLException {
        Slot slot = slots.get(thread);
        Statement st = slot == null ? null : slot.statement;
        if (st == null) {
            return false;
        }
        slot.cancelled = true;
        st.cancel();
        return true;
    }

    /** Whether this thread's last read was cancelled; asking forgets it. */
    boolean takeCancelled() {
        Slot slot = own.get();
        boolean cancelled = slot.cancelled;
        slot.cancelled = false;
        return cancelled;
    }

    private Slot register() {
        if (slots.size() >= PRUNE_AT) {
            slots.keySet().removeIf(t -> !t.isAlive());
        }
        Slot slot = new Slot();
        slots.put(Thread.currentThread(), slot);
        return slot;
    }
}
