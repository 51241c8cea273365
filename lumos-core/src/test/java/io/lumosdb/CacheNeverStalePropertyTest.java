package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Property: under any interleaving of writes through the facade, transactions (committed and rolled
 * back), writes by another connection to the SQLite file and repeated reads on either route, every read
 * the cache answers equals the same read with the cache bypassed.
 */
class CacheNeverStalePropertyTest {
    /** Reads the cache answered, over all tries: the property must exercise it, not only bypass it. */
    private static final AtomicLong CACHED_READS = new AtomicLong();
    private static final String[] QUERIES = {
        "SELECT count(*), coalesce(sum(v), 0) FROM a",
        "SELECT v FROM a WHERE id = ?",
        "SELECT count(*) FROM a JOIN b ON a.id = b.id",
        "SELECT coalesce(sum(v), 0), count(*) FROM ab",
        "SELECT id, v FROM b ORDER BY id",
        "SELECT count(*) FROM a WHERE v > (SELECT coalesce(min(v), 0) FROM b)",
    };

    @AfterContainer
    static void theCacheAnsweredSomeReads() {
        assertTrue(CACHED_READS.get() > 0, "no read was served from the cache");
    }

    /** (operation, key, value). */
    @Provide
    Arbitrary<List<Tuple3<Integer, Integer, Integer>>> operations() {
        Arbitrary<Tuple3<Integer, Integer, Integer>> op = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(-50, 50)).as(Tuple::of);
        return op.list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 20)
    void everyCachedRead_equalsTheUncachedRead(@ForAll("operations") List<Tuple3<Integer, Integer, Integer>> ops)
            throws SQLException {
        try (LumosDB db = LumosDB.builder().inMemory().largeTableRows(8).open();
                Connection other = TwoTables.otherWriter(db)) {
            TwoTables.create(db);
            int step = 0;
            for (Tuple3<Integer, Integer, Integer> op : ops) {
                int what = op.get1();
                int key = op.get2();
                int value = op.get3();
                step++;
                if (what < 12) {
                    db.update("INSERT OR REPLACE INTO a VALUES (?, ?)", key, value);
                } else if (what < 20) {
                    db.update("INSERT OR REPLACE INTO b VALUES (?, ?)", key, value);
                } else if (what < 26) {
                    db.update("UPDATE a SET v = v + ? WHERE id = ?", value, key);
                } else if (what < 30) {
                    db.update("DELETE FROM b WHERE id = ?", key);
                } else if (what < 34) {
                    db.transaction(tx -> {
                        tx.update("INSERT OR REPLACE INTO b VALUES (?, ?)", key, value);
                        return tx.update("UPDATE a SET v = ? WHERE id = ?", value, key);
                    });
                } else if (what < 38) {
                    try {
                        db.transaction(tx -> {
                            tx.update("DELETE FROM a");
                            throw new IllegalStateException("roll back");
                        });
                    } catch (IllegalStateException expected) {
                        // rolled back: nothing changed
                    }
                } else if (what < 44) {
                    try (Statement st = other.createStatement()) {
                        st.executeUpdate("INSERT OR REPLACE INTO " + (key % 2 == 0 ? "a" : "b") + " VALUES (" + key + ", " + value + ")");
                    }
                } else {
                    int q = what % QUERIES.length;
                    Route route = what % 3 == 0 ? null : what % 3 == 1 ? Route.OLTP : Route.OLAP;
                    Object[] args = QUERIES[q].contains("?") ? new Object[] {key} : new Object[0];
                    QueryResult read = db.query(route, QUERIES[q], args);
                    QueryResult again = db.query(route, QUERIES[q], args); // a repeat: the cache's chance to answer
                    QueryResult truth = db.query(route, "/*+ NO_CACHE */ " + QUERIES[q], args);
                    for (QueryResult r : new QueryResult[] {read, again}) {
                        if (r.fromCache()) {
                            CACHED_READS.incrementAndGet();
                        }
                        assertEquals(truth.rows(), r.rows(), "step " + step + " " + op + ": " + QUERIES[q] + " via "
                                + r.route() + (r.fromCache() ? " from the L" + r.cacheLevel() + " cache" : ""));
                    }
                }
            }
            // at rest, a repeated read is answered by the cache (a read finding the writer busy bypasses it: retry)
            QueryResult truth = db.query(Route.OLTP, "/*+ NO_CACHE */ " + QUERIES[0]);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            boolean hit = false;
            while (!hit && System.nanoTime() < deadline) {
                QueryResult r = db.query(Route.OLTP, QUERIES[0]);
                assertEquals(truth.rows(), r.rows(), "at rest: " + QUERIES[0]);
                hit = r.fromCache();
            }
            assertTrue(hit, "a repeated read at rest was never answered by the cache");
            CACHED_READS.incrementAndGet();
        }
    }
}
