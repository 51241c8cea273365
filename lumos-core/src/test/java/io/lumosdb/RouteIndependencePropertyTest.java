package io.lumosdb;

import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Property: on random data after random writes, every corpus statement answers the same on both engines. */
class RouteIndependencePropertyTest {
    @Property(tries = 12)
    void randomData_sameAnswerOnBothRoutes(@ForAll @IntRange(min = 0, max = 300) int rows, @ForAll long seed) throws SQLException {
        try (LumosDB random = LumosDB.builder().inMemory().largeTableRows(10).open()) {
            DifferentialTest.createAndFill(random, rows, seed);
            random.update("DELETE FROM t WHERE id % 7 = ?", Math.floorMod(seed, 7));
            random.update("UPDATE t SET x = x * 2, g = 'b' WHERE n > ?", Math.floorMod(seed, 10));
            List<String> corpus = DifferentialTest.corpus();
            Random pick = new Random(seed);
            for (int i = 0; i < 40; i++) {
                String sql = corpus.get(pick.nextInt(corpus.size()));
                SameAnswers.assertSame(sql, random.query(Route.OLTP, sql), random.query(Route.OLAP, sql), sql.contains("ORDER BY"));
            }
        }
    }
}
