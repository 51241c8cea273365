package io.lumosdb.cache;

import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Versions of tables, for telling whether a cached result is still current.
 *
 * <pre>{@code
 * TableVersions versions = new TableVersions();
 * long stamp = versions.stamp();                 // before the query reads anything
 * ... run the query ...
 * versions.bump(List.of("orders"));              // after a write to orders committed
 * versions.unchangedSince(stamp, List.of("orders"));   // false: the result may be stale
 * }</pre>
 *
 * <p>One global clock orders every bump. A bump takes the next tick and records it as the table's last
 * change; a stamp is the clock's current value. A result stamped at {@code s} is current while every
 * table it read was last changed at or before {@code s}. The writer must bump <em>after</em> its commit
 * and the reader stamp <em>before</em> its read: then a result that may predate a commit always carries
 * a stamp below that commit's tick. {@link #bumpAll()} marks every table changed (schema changes, writes
 * whose effects are unknown). Table names are compared ignoring ASCII case, as SQLite does.
 */
public final class TableVersions {
    private final AtomicLong clock = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> changedAt = new ConcurrentHashMap<>();
    private final AtomicLong allChangedAt = new AtomicLong();

    /** The current tick: take it before a read whose result will be cached. */
    public long stamp() {
        return clock.get();
    }

    /** Marks {@code tables} changed now; call after the write that changed them committed. */
    public void bump(Collection<String> tables) {
        long tick = clock.incrementAndGet();
        for (String table : tables) {
            changedAt.computeIfAbsent(key(table), k -> new AtomicLong()).accumulateAndGet(tick, Math::max);
        }
    }

    /** Marks every table changed now: after DDL, or a write whose effects cannot be told. */
    public void bumpAll() {
        long tick = clock.incrementAndGet();
        allChangedAt.accumulateAndGet(tick, Math::max);
    }

    /** Whether none of {@code tables} changed after {@code stamp}. */
    public boolean unchangedSince(long stamp, Collection<String> tables) {
        if (allChangedAt.get() > stamp) {
            return false;
        }
        for (String table : tables) {
            AtomicLong at = changedAt.get(key(table));
            if (at != null && at.get() > stamp) {
                return false;
            }
        }
        return true;
    }

    static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "TableVersions[clock=" + clock.get() + ", tables=" + changedAt.size() + "]";
    }
}
