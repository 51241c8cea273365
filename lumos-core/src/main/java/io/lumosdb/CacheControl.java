package io.lumosdb;

import io.lumosdb.cache.CacheSettings;
import io.lumosdb.cache.CacheStatistics;
import io.lumosdb.cache.EmbeddingCache;

/**
 * The database's caches, as {@link LumosDB#cache()} exposes them: query results in two levels, and
 * embeddings.
 *
 * <pre>{@code
 * CacheStatistics s = db.cache().stats();
 * log.info("hit ratio {}, L1 {} entries / {} bytes, {} dropped as stale", s.hitRatio(), s.l1Entries(),
 *         s.l1Bytes(), s.staleDropped());
 * db.cache().invalidateAll();
 * float[] v = db.cache().embeddings().get("my-model", text, model::embed);
 * }</pre>
 *
 * <p>A cached result is served only while no table it read has been written since it was computed, by
 * this database or by another program writing the SQLite file (docs/cache.md).
 */
public interface CacheControl {
    /** Hits, misses and evictions per level (Caffeine's counters), sizes, and stale entries dropped. */
    CacheStatistics stats();

    /** Drops every cached result (embeddings stay: they do not depend on the data). */
    void invalidateAll();

    /** The cache of embedding vectors by (model, text), shared by vector collections and agent memory. */
    EmbeddingCache embeddings();

    /** The sizes and lifetimes this database was opened with. */
    CacheSettings settings();

    /** Whether results of reads on {@code route} are cached. */
    boolean caches(Route route);
}
