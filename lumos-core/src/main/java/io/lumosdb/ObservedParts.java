package io.lumosdb;

import io.lumosdb.engine.PoolUsage;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.Storage;
import io.lumosdb.vector.VectorCollections;

/**
 * The parts of an open database that gauges read: the replica (zeros, or no status, while it opens), the
 * engines' pools, the caches, the files, the vectors.
 */
record ObservedParts(BackgroundReplica replica, SqliteEngine sqlite, int duckdbReaders, QueryCaching caching, Storage storage,
        VectorCollections vectors) {

    /** DuckDB's reader pool; empty while the replica opens. */
    PoolUsage duckUsage() {
        return replica.readerUsage(duckdbReaders);
    }
}
