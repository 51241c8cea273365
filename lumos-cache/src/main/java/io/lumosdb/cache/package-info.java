/**
 * A multi-level cache of query results that is never stale, and a cache of embeddings.
 *
 * <p>{@link io.lumosdb.cache.ResultCache} keeps results in two Caffeine tiers bounded by bytes: L1 holds
 * ready objects, L2 compact serialized copies. Each entry records the {@link io.lumosdb.cache.TableVersions}
 * stamp of the moment its query started and the tables it read, and is served only while none of them
 * has been written since. {@link io.lumosdb.cache.EmbeddingCache} maps (model, text) to a vector so the
 * same text is never embedded twice. {@link io.lumosdb.cache.CacheSettings} sizes both. This module knows
 * nothing of SQL engines: the database that uses it says which tables a write touched.
 */
package io.lumosdb.cache;
