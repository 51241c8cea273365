package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collections made and dropped while the replica's worker applies their rows: the worker's pass fails on a
 * table dropped under it ("no such table") and is retried, and a drop's reconcile, which runs on the same DuckDB
 * connection, must never meet that failed pass half rolled back ("connection has an open result"). Before the
 * worker rolled back under the replica's lock, a drop or create here failed within a few dozen rounds.
 */
class DropWhileApplyingTest {
    @TempDir
    Path dir;

    @Test
    void createUpsertDrop_inALoop_neverFails_andTheReplicaConverges() throws Exception {
        try (LumosDB db = LumosDB.open(dir)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x INTEGER)");
            int rounds = 150;
            for (int i = 0; i < rounds; i++) {
                VectorCollection c = db.vectors().create("c" + i, VectorSpec.of(2, Metric.L2));
                for (int j = 0; j < 20; j++) {
                    c.upsert("p" + j, new float[] {j, i}, Map.of());
                }
                db.update("INSERT INTO t(x) VALUES (?)", i);
                db.vectors().drop("c" + i); // throws if the reconcile met the worker's connection mid-rollback
                assertFalse(db.vectors().names().contains("c" + i));
            }
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            assertEquals((long) rounds, db.query(Route.OLAP, "SELECT count(*) FROM t").rows().get(0).getLong(0));
            assertTrue(db.sync().verify().consistent(), "DuckDB equals SQLite");
        }
    }
}
