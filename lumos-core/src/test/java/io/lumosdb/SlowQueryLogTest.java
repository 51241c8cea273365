package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the slow-query log writes of a statement: its shape, never its values. */
class SlowQueryLogTest {
    @Test
    void redact_replacesStringsNumbersAndBlobs_keepsNamesAndMarkers() {
        assertEquals("SELECT \"order id\", t1.v FROM t1 WHERE name = ? AND amount > ? AND b = ? AND x = ?",
                SlowQueryLog.redact("SELECT \"order id\", t1.v FROM t1 WHERE name = 'O''Brien' AND amount > 1.5e3 AND b = X'00ff' AND x = ?"));
        assertEquals("SELECT * FROM t WHERE id IN (?, ?, ?) --\n LIMIT ?", SlowQueryLog.redact("SELECT * FROM t WHERE id IN (1, 0x1F, .5) -- secret 42\n LIMIT 10")
                );
    }

    @Test
    void redact_cutsLongTexts_sayingHowLong() {
        String sql = "SELECT " + "a, ".repeat(2_000) + "b FROM t";
        String logged = SlowQueryLog.redact(sql);
        assertTrue(logged.length() < SlowQueryLog.MAX_LOGGED_CHARS + 60, "cut: " + logged.length());
        assertTrue(logged.endsWith(String.format(java.util.Locale.ROOT, "(%,d characters in all)", sql.length())), logged);
    }

    @Test
    void routeReasons_classifyTheRoutersWords() {
        assertEquals("key_lookup", RouteReasons.classOf("key lookup: orders.id (primary key)"));
        assertEquals("analytics", RouteReasons.classOf("aggregates (sum, GROUP BY) over large table orders (~1,200,000 rows)"));
        assertEquals("duckdb_refused", RouteReasons.classOf("DuckDB cannot run it (x); SQLite runs it instead"));
        assertEquals("requested", RouteReasons.classOf("requested by the caller (Route.OLAP)"));
        assertTrue(RouteReasons.ALL.contains(RouteReasons.classOf("anything else")));
    }

    @Property(tries = 300)
    void redact_neverShowsAStringOrNumberLiteral(@ForAll @AlphaChars @StringLength(min = 6, max = 20) String secret,
            @ForAll @IntRange(min = 100_000, max = Integer.MAX_VALUE) int number) {
        String sql = "UPDATE accounts SET note = '" + secret.replace("'", "''") + "', balance = " + number + " WHERE owner = '" + secret + "'";
        String logged = SlowQueryLog.redact(sql);
        assertFalse(logged.contains(secret), logged);
        assertFalse(logged.contains(Integer.toString(number)), logged);
        assertTrue(logged.startsWith("UPDATE accounts SET note = ?"), logged);
    }

    @Test
    void listener_hearsEachSlowStatement_redacted() throws Exception {
        java.util.List<SlowQuery> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LumosDB db = LumosDB.builder().inMemory().slowQueryThreshold(java.time.Duration.ZERO).slowQueryListener(heard::add).open()) {
            db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            db.execute("INSERT INTO notes VALUES (4711, 'top secret')");
            db.query("SELECT body FROM notes WHERE id = 4711 AND body <> 'hidden'");
        }
        SlowQuery read = heard.stream().filter(q -> q.kind().equals("query")).findFirst().orElseThrow(() -> new AssertionError(heard));
        assertEquals("SELECT body FROM notes WHERE id = ? AND body <> ?", read.sql());
        assertEquals(1, read.rows());
        SlowQuery write = heard.stream().filter(q -> q.sql().startsWith("INSERT")).findFirst().orElseThrow(() -> new AssertionError(heard));
        assertEquals("write", write.kind());
        assertFalse(heard.toString().contains("secret") || heard.toString().contains("4711"), heard.toString());
    }

    @Test
    void listener_withoutAThreshold_isRefusedAtOpen() {
        assertThrows(IllegalStateException.class, () -> LumosDB.builder().inMemory().slowQueryListener(q -> { }).open());
    }
}
