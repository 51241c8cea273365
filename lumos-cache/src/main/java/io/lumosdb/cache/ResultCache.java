package io.lumosdb.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A two-level cache of query results that never serves a stale one.
 *
 * <pre>{@code
 * TableVersions versions = new TableVersions();
 * ResultCache<QueryResult> cache = ResultCache.create(CacheSettings.defaults(), codec, versions);
 * QueryKey key = QueryKey.of(sql, args, "OLTP");
 * ResultCache.Hit<QueryResult> hit = cache.get(key);
 * if (hit == null) {
 *     long stamp = versions.stamp();                    // before the read
 *     QueryResult r = run(sql, args);
 *     cache.put(key, r, List.of("orders"), stamp);      // the tables the query read
 * }
 * // after a committed write to orders: versions.bump(List.of("orders"))
 * }</pre>
 *
 * <p><b>Levels.</b> L1 is a Caffeine cache of ready values weighed by their estimated heap bytes; L2 a
 * Caffeine cache of their serialized form ({@link ResultCodec}), weighed by exact length. Both evict by
 * W-TinyLFU within a byte budget. An entry evicted from L1 for size is demoted to L2; an L2 hit is
 * decoded and promoted back to L1. The levels are exclusive, so a budget split between them holds more
 * distinct results than one level of the same size (serialized results are several times smaller).
 *
 * <p><b>Admission and promotion: what a miss and an L2 hit cost.</b> Once the last level is full (it has
 * evicted for size), a result is stored only on its key's second miss: a {@link SeenOnce doorkeeper}
 * (TinyLFU's, Einziger, Friedman and Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", 2017,
 * section 3.4.2) remembers a key missed once in one bit. Without it, a miss under keys spread wider
 * than the cache (uniform point lookups over 100,000 rows) weighed its result, put it in L1, whose
 * W-TinyLFU mostly evicted it at once, serialized it for L2, put it there, and evicted another, all
 * for a key not asked for again soon, while its long-lived copies filled the young generation: with
 * the cache on, such lookups took several times their uncached time. While the levels have room,
 * every result goes in. An L2 hit is promoted back to L1 on its second L2 hit, not its first: each
 * promotion evicts an L1 entry that is serialized into L2, and a key asked for once in a while would
 * otherwise move back and forth between the levels on every hit.
 *
 * <p><b>Never stale.</b> Each entry keeps the {@link TableVersions} stamp taken before its query read
 * anything, and the tables it read; a lookup serves it only while none of those tables has been bumped
 * since, and drops it otherwise. Expiry ({@link CacheSettings#expireAfterWrite()}) counts from the first
 * put, across demotion.
 *
 * <p>All maintenance runs on the calling threads (no background executor); evictions and stale drops are
 * counted in {@link #stats()}.
 */
public final class ResultCache<V> {
    private static final Logger LOG = LoggerFactory.getLogger(ResultCache.class);
    /** Bytes an entry costs beyond its value and key: the entry object, its table names, Caffeine's node. */
    private static final long ENTRY_OVERHEAD = 160;

    /** A cached value and the level that answered. */
    public record Hit<V>(V value, int level) {}

    /** A value (L1) or its bytes (L2), the tables its query read, its stamp and first-put time. */
    private record Entry(Object payload, List<String> tables, long stamp, long createdNanos, int weight, L2Hits l2Hits) {
        Entry(Object payload, List<String> tables, long stamp, long createdNanos, int weight) {
            this(payload, tables, stamp, createdNanos, weight, new L2Hits());
        }
    }

    /** How often an L2 entry was served; racy by design: a lost count only delays a promotion. */
    private static final class L2Hits {
        int count;
    }

    private final ResultCodec<V> codec;
    private final TableVersions versions;
    private final Ticker ticker;
    private final long ttlNanos;
    private final long l1MaxEntry;
    private final long l2MaxEntry;
    private final ConcurrentStatsCounter l1Stats = new ConcurrentStatsCounter();
    private final ConcurrentStatsCounter l2Stats = new ConcurrentStatsCounter();
    private final LongAdder staleDropped = new LongAdder();
    private final Cache<QueryKey, Entry> l1;
    private final Cache<QueryKey, Entry> l2;
    private final SeenOnce doorkeeper;
    /** Whether the last level has evicted for size since it was last emptied: misses then pass the doorkeeper. */
    private volatile boolean full;

    private ResultCache(CacheSettings settings, ResultCodec<V> codec, TableVersions versions, Ticker ticker) {
        this.codec = codec;
        this.versions = versions;
        this.ticker = ticker;
        Duration ttl = settings.expireAfterWrite();
        this.ttlNanos = ttl == null ? Long.MAX_VALUE : ttl.toNanos();
        this.l1MaxEntry = (long) (settings.resultL1Bytes() * settings.maxEntryFraction());
        this.l2MaxEntry = (long) (settings.resultL2Bytes() * settings.maxEntryFraction());
        this.l2 = settings.resultL2Bytes() > 0 ? level(settings.resultL2Bytes(), ttl, l2Stats, false) : null;
        this.l1 = settings.resultL1Bytes() > 0 ? level(settings.resultL1Bytes(), ttl, l1Stats, l2 != null) : null;
        this.doorkeeper = new SeenOnce(settings.resultL1Bytes() + settings.resultL2Bytes());
    }

    /**
     * A cache sized by {@code settings} whose values {@code codec} weighs and serializes, current while
     * {@code versions} says their tables are unchanged.
     */
    public static <V> ResultCache<V> create(CacheSettings settings, ResultCodec<V> codec, TableVersions versions) {
        return create(settings, codec, versions, Ticker.systemTicker());
    }

    static <V> ResultCache<V> create(CacheSettings settings, ResultCodec<V> codec, TableVersions versions, Ticker ticker) {
        java.util.Objects.requireNonNull(settings, "settings");
        java.util.Objects.requireNonNull(codec, "codec");
        java.util.Objects.requireNonNull(versions, "versions");
        return new ResultCache<>(settings, codec, versions, ticker);
    }

    private Cache<QueryKey, Entry> level(long bytes, Duration ttl, ConcurrentStatsCounter stats, boolean demotes) {
        Caffeine<QueryKey, Entry> builder = Caffeine.newBuilder()
                .maximumWeight(bytes)
                .weigher((QueryKey k, Entry e) -> e.weight())
                .executor(Runnable::run) // maintenance on the caller: no unnamed pool threads
                .ticker(ticker)
                .recordStats(() -> stats);
        if (ttl != null) {
            builder.expireAfterWrite(ttl);
        }
        builder.evictionListener((QueryKey key, Entry entry, RemovalCause cause) -> {
            if (cause != RemovalCause.SIZE) {
                return;
            }
            if (!demotes) {
                full = true; // the last level: from now on a result must be asked for twice to get in
            } else if (key != null && entry != null) {
                demote(key, entry);
            }
        });
        return builder.build();
    }

    /** The current entry for {@code key}, or null: absent, expired, or stale (then it is dropped). */
    public Hit<V> get(QueryKey key) {
        if (l1 != null) {
            Entry e = l1.asMap().get(key);
            if (e != null && usable(key, e, l1)) {
                l1Stats.recordHits(1);
                return new Hit<>(cast(e.payload()), 1);
            }
            l1Stats.recordMisses(1);
        }
        if (l2 != null) {
            Entry e = l2.asMap().get(key);
            if (e != null && usable(key, e, l2)) {
                V value;
                try {
                    value = codec.decode((byte[]) e.payload());
                } catch (RuntimeException bad) {
                    LOG.warn("dropping an L2 entry that does not decode ({}): {}", key, bad.toString());
                    l2.asMap().remove(key, e);
                    l2Stats.recordMisses(1);
                    return null;
                }
                l2Stats.recordHits(1);
                if (e.l2Hits().count++ > 0) {
                    promote(key, e, value);
                }
                return new Hit<>(value, 2);
            }
            l2Stats.recordMisses(1);
        }
        return null;
    }

    private boolean usable(QueryKey key, Entry e, Cache<QueryKey, Entry> level) {
        if (ticker.read() - e.createdNanos() >= ttlNanos) {
            level.asMap().remove(key, e);
            return false;
        }
        if (!versions.unchangedSince(e.stamp(), e.tables())) {
            level.asMap().remove(key, e);
            staleDropped.increment();
            return false;
        }
        return true;
    }

    /**
     * Caches {@code value}, the result of a read that started at {@code stamp} and read {@code tables}.
     * Not cached when a table changed since the stamp, when the value is too large for the levels, or
     * when the levels are full and {@code key} was not missed before (see "Admission" above).
     *
     * @return whether it was cached
     */
    public boolean put(QueryKey key, V value, Collection<String> tables, long stamp) {
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(value, "value");
        if (full && doorkeeper.firstTime(key.hashCode())) {
            return false; // the cache has no room to spare for a result asked for once
        }
        List<String> read = List.copyOf(tables);
        if (!versions.unchangedSince(stamp, read)) {
            return false; // a write committed while it ran: the value may already be stale
        }
        long overhead = key.weight() + ENTRY_OVERHEAD + 48L * read.size();
        long created = ticker.read();
        if (l1 != null) {
            long weight = codec.weigh(value) + overhead;
            if (weight <= l1MaxEntry) {
                if (l2 != null) {
                    l2.invalidate(key); // first: L1 may reject the new entry at once and demote it to L2
                }
                l1.put(key, new Entry(value, read, stamp, created, (int) weight));
                return true;
            }
        }
        if (l2 != null) {
            byte[] bytes = codec.encode(value);
            long weight = bytes.length + overhead;
            if (weight <= l2MaxEntry) {
                l2.put(key, new Entry(bytes, read, stamp, created, (int) weight));
                return true;
            }
        }
        return false;
    }

    private void demote(QueryKey key, Entry entry) {
        if (!versions.unchangedSince(entry.stamp(), entry.tables())) {
            return; // stale already: not worth a place in L2
        }
        byte[] bytes = codec.encode(cast(entry.payload()));

        long weight = bytes.length + key.weight() + ENTRY_OVERHEAD + 48L * entry.tables().size();
        if (weight <= l2MaxEntry) {
            l2.asMap().putIfAbsent(key, new Entry(bytes, entry.tables(), entry.stamp(), entry.createdNanos(), (int) weight));
        }
    }

    private void promote(QueryKey key, Entry serialized, V value) {
        if (l1 == null) {
            return;
        }
        long weight = codec.weigh(value) + key.weight() + ENTRY_OVERHEAD + 48L * serialized.tables().size();
        if (weight <= l1MaxEntry && l2.asMap().remove(key, serialized)) {
            l1.asMap().putIfAbsent(key, new Entry(value, serialized.tables(), serialized.stamp(), serialized.createdNanos(), (int) weight));
        }
    }

    @SuppressWarnings("unchecked")
    private V cast(Object payload) {
        return (V) payload;
    }

    /** Drops every cached result. */
    public void invalidateAll() {
        if (l1 != null) {
            l1.invalidateAll();
        }
        if (l2 != null) {
            l2.invalidateAll();
        }
        full = false;
        doorkeeper.clear();
    }

    /** Runs pending maintenance (evictions, demotions) now; lookups and puts do it too, in passing. */
    public void cleanUp() {
        if (l1 != null) {
            l1.cleanUp();
        }
        if (l2 != null) {
            l2.cleanUp();
        }
    }

    /** Counters per level; {@code embeddings} is {@link CacheCounts#empty()} (see {@link EmbeddingCache#stats()}). */
    public CacheStatistics stats() {
        return stats(CacheCounts.empty());
    }

    /** Counters per level, with the embedding cache's. */
    public CacheStatistics stats(CacheCounts embeddings) {
        return new CacheStatistics(CacheCounts.of(l1Stats.snapshot()), CacheCounts.of(l2Stats.snapshot()), embeddings, weighted(l1), weighted(l2),
                l1 == null ? 0 : l1.estimatedSize(), l2 == null ? 0 : l2.estimatedSize(), staleDropped.sum());
    }

    private static long weighted(Cache<QueryKey, Entry> level) {
        return level == null ? 0 : level.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    @Override
    public String toString() {
        return "ResultCache[L1 " + (l1 == null ? "off" : l1.estimatedSize() + " entries") + ", L2 "
                + (l2 == null ? "off" : l2.estimatedSize() + " entries") + "]";
    }
}
