package io.lumosdb.cache;

import com.github.benmanes.caffeine.cache.stats.CacheStats;

/**
 * The counters of one cache level: lookups that hit and missed, entries evicted and their weight. Our
 * own type, so that the API does not expose the cache library's.
 *
 * <pre>{@code
 * CacheCounts l1 = db.cache().stats().l1();
 * double rate = l1.hitRate();
 * }</pre>
 *
 * @param hitCount lookups answered
 * @param missCount lookups not answered
 * @param evictionCount entries evicted to stay within the level's size
 * @param evictionWeight the weight (bytes) of the evicted entries
 */
public record CacheCounts(long hitCount, long missCount, long evictionCount, long evictionWeight) {
    private static final CacheCounts EMPTY = new CacheCounts(0, 0, 0, 0);

    /** No lookups, no evictions. */
    public static CacheCounts empty() {
        return EMPTY;
    }

    static CacheCounts of(CacheStats stats) {
        return new CacheCounts(stats.hitCount(), stats.missCount(), stats.evictionCount(), stats.evictionWeight());
    }

    /** All lookups, answered or not. */
    public long requestCount() {
        return hitCount + missCount;
    }

    /** Hits over lookups; 1.0 when there were none. */
    public double hitRate() {
        long requests = requestCount();
        return requests == 0 ? 1.0 : (double) hitCount / requests;
    }

    /** What was counted since {@code earlier}, a snapshot of the same level. */
    public CacheCounts minus(CacheCounts earlier) {
        return new CacheCounts(Math.max(0, hitCount - earlier.hitCount), Math.max(0, missCount - earlier.missCount),
                Math.max(0, evictionCount - earlier.evictionCount), Math.max(0, evictionWeight - earlier.evictionWeight));
    }
}
