/**
 * Vector collections: vectors and JSON-like metadata stored in SQLite (the source of truth, replicated
 * like any table), an HNSW graph of our own ({@code HnswGraph}, after Malkov &amp; Yashunin 2018 and Lucene) kept
 * in memory and snapshotted to disk in a checksummed format of our own, and search that
 * plans per query between the graph and an exact scan so that a filter never loses results, optionally
 * fused with keyword (BM25) search.
 *
 * <p>The entry point is {@link io.lumosdb.vector.VectorCollections}; a database supplies its SQL access
 * through {@link io.lumosdb.vector.VectorStorage}. This module knows nothing of {@code lumos-core}.
 */
package io.lumosdb.vector;
