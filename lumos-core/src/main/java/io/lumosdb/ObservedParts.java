package io.lumosdb;

import io.lumosdb.engine.DuckEngine;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.Storage;
import io.lumosdb.sync.Replica;
import io.lumosdb.vector.VectorCollections;

/** The parts of an open database that gauges read: the replica, the engines' pools, the caches, the files, the vectors. */
record ObservedParts(Replica replica, SqliteEngine sqlite, DuckEngine duck, QueryCaching caching, Storage storage,
        VectorCollections vectors) {}
