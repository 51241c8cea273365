package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lumosdb.cache.CacheSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Property: a {@code STRICT} read on the replica sees every write committed before it began, whoever
 * wrote it, whatever tables the reads before it asked for. The freshness check skips its SQLite read when
 * SQLite's commit counter has not moved since a read of the same tables or more (docs/consistency.md), so
 * the operations mix reads of one table, of another, of both and of a view with appends (not logged, found
 * by the table's largest rowid), updates and deletes, through the facade and through another connection,
 * and every replica answer is compared with SQLite's.
 */
class StrictReadsNeverStalePropertyTest {
    private static final String[] QUERIES = {
        "SELECT count(*), coalesce(sum(v), 0) FROM a",
        "SELECT count(*), coalesce(sum(v), 0) FROM b",
        "SELECT count(*) FROM a JOIN b ON a.id = b.id",
        "SELECT coalesce(sum(v), 0), count(*) FROM ab",
    };

    /** (operation, amount). */
    @Provide
    Arbitrary<List<Tuple2<Integer, Integer>>> operations() {
        Arbitrary<Tuple2<Integer, Integer>> op = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(1, 3_000)).as(Tuple::of);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 15)
    void everyStrictReplicaRead_equalsSqlite(@ForAll("operations") List<Tuple2<Integer, Integer>> ops) throws SQLException {
        try (LumosDB db = LumosDB.builder().inMemory().cache(CacheSettings.disabled()).open();
                Connection other = TwoTables.otherWriter(db)) {
            TwoTables.create(db);
            int step = 0;
            for (Tuple2<Integer, Integer> op : ops) {
                int what = op.get1();
                int n = op.get2();
                step++;
                String table = what % 2 == 0 ? "a" : "b";
                String append = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + n + ")"
                        + " INSERT INTO " + table + "(v) SELECT i FROM r";
                if (what < 15) {
                    db.update(append);
                } else if (what < 30) {
                    try (Statement st = other.createStatement()) {
                        st.executeUpdate(append); // another program's appends: the replica finds them by rowid
                    }
                } else if (what < 38) {
                    try (Statement st = other.createStatement()) {
                        st.executeUpdate("UPDATE " + table + " SET v = v + 1 WHERE id % 7 = " + (n % 7));
                    }
                } else if (what < 44) {
                    db.update("DELETE FROM " + table + " WHERE id % 11 = ?", n % 11);
                } else {
                    String query = QUERIES[what % QUERIES.length];
                    QueryResult replica = db.query(Route.OLAP, query);
                    QueryResult again = db.query(Route.OLAP, query); // no commit in between: the remembered target
                    QueryResult sqlite = db.query(Route.OLTP, query);
                    assertEquals(sqlite.rows(), replica.rows(), "step " + step + " " + op + ": " + query);
                    assertEquals(sqlite.rows(), again.rows(), "step " + step + " " + op + ", read again: " + query);
                }
            }
        }
    }
}
