package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorHit;
import io.lumosdb.vector.VectorSpec;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, as written there (only the directory differs), so the README stays true. */
class ReadmeQuickStartTest {
    @TempDir
    Path tmp;

    @Test
    void quickStartRunsAsWritten() throws SQLException {
        String customer;
        try (LumosDB db = LumosDB.open(tmp.resolve("data/app"))) {           // a directory; created if missing
            db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT, amount DOUBLE, ts TIMESTAMP)");
            db.update("INSERT INTO orders VALUES (?, ?, ?, ?)", 1, "acme", 9.5, Instant.now());
            QueryResult top = db.query("SELECT customer, sum(amount) FROM orders GROUP BY customer"); // -> OLAP once large
            QueryResult one = db.query("SELECT * FROM orders WHERE id = ?", 1);                      // -> OLTP
            boolean hit = db.query("SELECT * FROM orders WHERE id = ?", 1).fromCache();   // a repeat: from the cache
            RouteDecision why = db.explain("SELECT count(*) FROM orders");   // route + reason, nothing run
            VectorCollection docs = db.vectors().create("docs", VectorSpec.of(3, Metric.COSINE));
            docs.upsert("d1", new float[] {1, 0, 0}, Map.of("lang", "en"));  // SQLite row + HNSW graph
            List<VectorHit> near = docs.search(SearchRequest.of(new float[] {1, 0.1f, 0}).k(5).filter("lang = 'en'"));
            QueryResult forced = db.query(Route.OLAP, "SELECT * FROM orders");
            QueryResult quick = db.query(Freshness.ANY, "SELECT count(*) FROM orders"); // don't wait for the replica
            db.sync().status();                                              // applied, pending, lag, last error
            assertTrue(db.sync().verify().consistent());                     // both engines compared, differences repaired
            db.updateBatch("INSERT INTO orders VALUES (?, ?, ?, ?)", List.of(   // many rows, one batch, all or none
                    new Object[] {2, "acme", 3.0, Instant.now()}, new Object[] {3, "zeta", 4.5, Instant.now()}));
            long n = db.transaction(tx -> {                                   // SQLite transaction, read-your-writes
                tx.update("UPDATE orders SET amount = amount * 2 WHERE id = ?", 1);
                return tx.query("SELECT count(*) FROM orders").rows().get(0).getLong(0);
            });
            customer = one.rows().get(0).getString("customer");
            assertEquals(1, top.size());
            assertEquals(Route.OLTP, one.route());
            assertEquals(Route.OLTP, why.route()); // one row: a small table
            assertEquals(1, forced.size());
            assertEquals(1, quick.size());
            assertEquals(3L, n); // the first order and the batch of two
            assertEquals("d1", near.get(0).id());
            assertEquals(hit, db.cache().stats().l1().hitCount() > 0);
        }
        assertEquals("acme", customer);
        LumosDB mem = LumosDB.builder().inMemory().open();                    // temporary storage, for tests and demos
        mem.close();
    }
}
