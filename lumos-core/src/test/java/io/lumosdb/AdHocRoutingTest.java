package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.cache.CacheSettings;
import java.sql.SQLException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Reads with inline literals, each text new: the router reuses the decision of a text of the same shape
 * (literals lifted out), DuckDB confirms its route with the statement that runs, and a literal DuckDB
 * cannot take sends that text to SQLite, with the same answer as deciding each text from scratch.
 */
class AdHocRoutingTest {
    private static final String[] TEMPLATES = {
        "SELECT g, count(*), sum(x) FROM t WHERE x > %s GROUP BY g ORDER BY g",
        "SELECT * FROM t WHERE id = %s",
        "SELECT * FROM t WHERE id IN (%s, 3) ORDER BY id",
        "SELECT count(*) FROM t WHERE s <> '%s'",
        "SELECT * FROM t LIMIT %s",
        "SELECT id FROM t WHERE x BETWEEN %s AND 50 ORDER BY id",
        "SELECT g, max(x) FROM t WHERE s LIKE '%s%%' GROUP BY g ORDER BY g",
        "WITH big AS (SELECT * FROM t WHERE x > %s) SELECT count(*) FROM big",
    };
    private static LumosDB seasoned;

    @BeforeContainer
    static void open() throws SQLException {
        seasoned = filled();
        for (String template : TEMPLATES) {
            seasoned.query(String.format(template, "7")); // every shape seen once
        }
    }

    @AfterContainer
    static void close() throws SQLException {
        seasoned.close();
    }

    private static LumosDB filled() throws SQLException {
        LumosDB db = LumosDB.builder().inMemory().largeTableRows(10).cache(CacheSettings.disabled()).open();
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, x DOUBLE, s TEXT)");
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100)"
                + " INSERT INTO t SELECT i, i % 7, (i * 37) % 100 / 2.0, 'v' || (i % 13) FROM r");
        db.sync().awaitCaughtUp(java.time.Duration.ofSeconds(60));
        return db;
    }

    /** A new text of a known shape takes the route and gets the answer a database that never saw the shape gives it. */
    @Property(tries = 40)
    void aNewTextOfAKnownShape_isDecidedAsIfSeenFirst(@ForAll("templates") String template,
            @ForAll @IntRange(min = -5, max = 2_000) int number, @ForAll boolean fraction) throws SQLException {
        String literal = fraction && !template.contains("LIMIT") ? number / 20.0 + "" : Integer.toString(number);
        String sql = String.format(template, literal);
        try (LumosDB fresh = filled()) {
            RouteDecision expected = fresh.explain(sql);
            assertEquals(expected, seasoned.explain(sql), sql);
            QueryResult answer = seasoned.query(sql);
            assertEquals(expected.route(), answer.route(), sql);
            SameAnswers.assertSame(sql, fresh.query(Route.OLTP, sql), answer, true);
        }
    }

    @Provide
    Arbitrary<String> templates() {
        return Arbitraries.of(TEMPLATES);
    }

    @Example
    void aLiteralDuckDbCannotTake_sendsThatTextToSqlite_withSqlitesAnswer() throws SQLException {
        seasoned.query("SELECT count(*), sum(x) FROM t WHERE x > '5'"); // the shape, on DuckDB
        String sql = "SELECT count(*), sum(x) FROM t WHERE x > 'not a number'";
        QueryResult answer = seasoned.query(sql);
        assertEquals(Route.OLTP, answer.route(), answer.decision().reason());
        assertTrue(answer.decision().reason().startsWith("DuckDB cannot run it"), answer.decision().reason());
        assertTrue(answer.decision().reason().contains("Could not convert"), answer.decision().reason());
        assertEquals(answer.decision(), seasoned.explain(sql), "explain says what the read did");
        SameAnswers.assertSame(sql, seasoned.query(Route.OLTP, sql), answer, true);
    }
}
