/**
 * The two engines behind the facade, and the storage directory they live in. Internal: not API.
 *
 * <p>{@link io.lumosdb.engine.SqliteEngine} owns the single SQLite writer connection and a HikariCP pool
 * of read-only connections; {@link io.lumosdb.engine.DuckEngine} owns the DuckDB instance and a bounded
 * pool of duplicated connections. Both bind parameters and normalize result values the same way
 * ({@link io.lumosdb.engine.Values}) so that an answer does not depend on the engine that gave it.
 */
package io.lumosdb.engine;
