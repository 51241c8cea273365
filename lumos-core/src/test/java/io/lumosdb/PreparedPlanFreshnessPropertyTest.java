package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lumosdb.cache.CacheSettings;
import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * Property: a statement DuckDB prepared once and runs again after the replica changed the data under it
 * answers as SQLite does. DuckDB 1.4 planned with the min/max statistics of prepare time and did not
 * re-plan a prepared statement when data changed (a join or range whose ranges did not overlap kept
 * answering 0); the facade then ran DuckDB with statistics propagation off. DuckDB 2.0 re-plans, and the
 * facade requires it ({@code EngineVersions}), so the optimizer is on; this property keeps it honest.
 * One DuckDB reader, so every read reuses the statement the first one prepared.
 */
class PreparedPlanFreshnessPropertyTest {
    private static final String[] QUERIES = {
        "SELECT count(*) FROM a JOIN b ON a.id = b.id",
        "SELECT count(*) FROM a WHERE v > 20",
        "SELECT count(*) FROM a WHERE v < 0",
        "SELECT count(*) FROM a JOIN b ON a.v = b.v",
        "SELECT coalesce(sum(a.v), 0) FROM a JOIN b ON a.id = b.id WHERE b.v > 10",
        "SELECT count(*) FROM a WHERE id BETWEEN 50 AND 60",
        "SELECT coalesce(max(v) - min(v), -1) FROM a",
        "SELECT count(*) FROM a, b WHERE a.id < b.id AND a.v > 50",
        "SELECT count(*) FROM (SELECT DISTINCT v FROM a) t WHERE v > 30",
    };

    @Property(tries = 12)
    void aReusedDuckDbStatementSeesEveryChange(@ForAll("writes") List<Tuple3<Integer, Integer, Integer>> writes) throws Exception {
        try (LumosDB db = LumosDB.builder().inMemory().largeTableRows(1).cache(CacheSettings.disabled()).duckdbReaders(1).open()) {
            db.execute("CREATE TABLE a(id INTEGER PRIMARY KEY, v INTEGER)");
            db.execute("CREATE TABLE b(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO a VALUES (1, 1), (2, 2), (3, 3)");
            db.update("INSERT INTO b VALUES (40, 40), (41, 41)");
            compareAll(db);
            for (Tuple3<Integer, Integer, Integer> w : writes) {
                switch (w.get1()) {
                    case 0 -> db.update("INSERT OR REPLACE INTO a VALUES (?, ?)", w.get2(), w.get3());
                    case 1 -> db.update("INSERT OR REPLACE INTO b VALUES (?, ?)", w.get2(), w.get3());
                    case 2 -> db.update("UPDATE a SET v = ? WHERE id = (SELECT max(id) FROM a)", w.get3());
                    default -> db.update("DELETE FROM a WHERE id = (SELECT min(id) FROM a)");
                }
                compareAll(db);
            }
        }
    }

    private static void compareAll(LumosDB db) throws SQLException {
        for (String q : QUERIES) {
            assertEquals(db.query(Route.OLTP, q).rows().get(0).getLong(0), db.query(Route.OLAP, q).rows().get(0).getLong(0), q);
        }
    }

    @Provide
    Arbitrary<List<Tuple3<Integer, Integer, Integer>>> writes() {
        Arbitrary<Tuple3<Integer, Integer, Integer>> write = Arbitraries.integers().between(0, 3)
                .flatMap(kind -> Arbitraries.integers().between(-50, 150)
                        .flatMap(id -> Arbitraries.integers().between(-50, 150).map(v -> Tuple.of(kind, id, v))));
        return write.list().ofMinSize(1).ofMaxSize(12);
    }
}
