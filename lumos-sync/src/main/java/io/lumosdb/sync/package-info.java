/**
 * Change capture from SQLite into the DuckDB columnar replica.
 *
 * <p>SQLite is the source of truth. Triggers record the rowid of every changed row in a change log in
 * the same SQLite transaction as the write; {@link io.lumosdb.sync.Replica} drains that log into DuckDB
 * and records the applied sequence in the same DuckDB transaction as the data. The entry point is
 * {@link io.lumosdb.sync.Replica}; everything else here is package-private.
 */
package io.lumosdb.sync;
