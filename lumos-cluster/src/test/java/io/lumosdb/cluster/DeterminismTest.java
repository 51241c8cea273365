package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import java.nio.file.Path;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader's rewriting, checked by running the rewritten statements on a real database. */
class DeterminismTest {
    private static final Instant NOW = Instant.parse("2026-12-04T09:30:15.250Z");

    @TempDir
    Path dir;

    private static String fixed(String sql, Object... params) throws SQLFeatureNotSupportedException {
        return Determinism.rewrite(sql, params, NOW, new SplittableRandom(7));
    }

    @Test
    void clockAndRandom_becomeLiterals_theSameTextTwice() throws Exception {
        String sql = "INSERT INTO t VALUES (random(), CURRENT_TIMESTAMP, datetime('now'), julianday(), randomblob(4), 'now')";
        String a = fixed(sql);
        assertEquals(a, fixed(sql), "the same seed and clock give the same text");
        assertFalse(a.toLowerCase().contains("random()"), a);
        assertFalse(a.contains("CURRENT_TIMESTAMP"), a);
        assertTrue(a.contains("'2026-12-04 09:30:15'"), a);
        assertTrue(a.contains("datetime('2026-12-04 09:30:15.250')"), a);
        assertTrue(a.contains("julianday('2026-12-04 09:30:15.250')"), a);
        assertTrue(a.endsWith(", 'now')"), "a 'now' that is not a time function's argument is data: " + a);
    }

    @Test
    void rewrittenStatements_giveTheLeadersValuesOnAnyDatabase() throws Exception {
        String sql = fixed("INSERT INTO t(a, b, c, d) VALUES (random(), CURRENT_TIMESTAMP, unixepoch('now'), hex(randomblob(8)))");
        try (LumosDB one = LumosDB.open(dir.resolve("one")); LumosDB two = LumosDB.open(dir.resolve("two"))) {
            for (LumosDB db : new LumosDB[] {one, two}) {
                db.execute("CREATE TABLE t(a INTEGER, b TEXT, c INTEGER, d TEXT)");
                db.update(sql);
            }
            QueryResult r1 = one.query("SELECT a, b, c, d FROM t");
            QueryResult r2 = two.query("SELECT a, b, c, d FROM t");
            assertEquals(r1.rows().get(0).toString(), r2.rows().get(0).toString());
            assertEquals("2026-12-04 09:30:15", r1.rows().get(0).getString(1));
            assertEquals(NOW.getEpochSecond(), r1.rows().get(0).getLong(2));
        }
    }

    @Test
    void literalsQuotedNamesAndComments_areLeftAlone() throws Exception {
        String sql = "UPDATE \"random\" SET [current_timestamp] = 'random()' -- random()\n WHERE x = /* CURRENT_DATE */ 1";
        assertEquals(sql, fixed(sql));
    }

    @Test
    void whatCannotBeFixed_isRefusedWithTheReason() throws Exception {
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class, () -> fixed("INSERT INTO t VALUES (randomblob(?))", 4))
                .getMessage().contains("randomblob"));
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class, () -> fixed("INSERT INTO t VALUES (total_changes())"))
                .getMessage().contains("total_changes"));
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class, () -> fixed("INSERT INTO t VALUES (datetime(?))", "now"))
                .getMessage().contains("'now'"));
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class, () -> fixed("PRAGMA user_version = 3"))
                .getMessage().contains("user_version"));
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class,
                () -> fixed("CREATE TABLE t(a TEXT DEFAULT CURRENT_TIMESTAMP)")).getMessage().contains("DEFAULT"));
        assertTrue(assertThrows(SQLFeatureNotSupportedException.class,
                () -> fixed("create trigger g after insert on t begin update t set r = random(); end")).getMessage().contains("trigger"));
        assertEquals("CREATE TABLE t(a TEXT DEFAULT 'now')", fixed("CREATE TABLE t(a TEXT DEFAULT 'now')"));
    }
}
