package io.lumosdb.cache;

/**
 * A snapshot of the caches' counters: {@link CacheCounts} per level (hits, misses, evictions and
 * evicted weight), what each level holds, and how many entries were dropped because a table they read
 * had changed.
 *
 * <pre>{@code
 * CacheStatistics s = db.cache().stats();
 * log.info("hit ratio {} (L1 {} hits, L2 {} hits), {} stale dropped", s.hitRatio(), s.l1().hitCount(),
 *         s.l2().hitCount(), s.staleDropped());
 * }</pre>
 *
 * @param l1 the tier of ready results; a lookup that misses it goes on to L2
 * @param l2 the tier of serialized results
 * @param embeddings the embedding cache
 * @param l1Bytes estimated bytes held by L1
 * @param l2Bytes bytes held by L2
 * @param l1Entries entries in L1
 * @param l2Entries entries in L2
 * @param staleDropped entries found stale on lookup (a table they read was written) and removed
 */
public record CacheStatistics(CacheCounts l1, CacheCounts l2, CacheCounts embeddings, long l1Bytes, long l2Bytes,
        long l1Entries, long l2Entries, long staleDropped) {

    /** Lookups answered by either level, over all lookups; 1.0 when there were none. */
    public double hitRatio() {
        long hits = l1.hitCount() + l2.hitCount();
        long lookups = l1.requestCount() > 0 ? l1.requestCount() : l2.requestCount();
        return lookups == 0 ? 1.0 : (double) hits / lookups;
    }
}
