package io.lumosdb.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SqlText#withoutLiterals}: the key under which the router reuses a read's decision. */
class SqlTextShapeTest {
    @Test
    void numbersAndStrings_areLiftedOut() {
        assertEquals("SELECT g, count(*) FROM t WHERE x > # AND s = '?' GROUP BY g",
                SqlText.withoutLiterals("SELECT g, count(*) FROM t WHERE x > 12.5e3 AND s = 'it''s' GROUP BY g"));
        assertEquals(SqlText.withoutLiterals("SELECT * FROM t WHERE id = 1"), SqlText.withoutLiterals("SELECT * FROM t WHERE id = 0x7F"));
    }

    @Test
    void namesCommentsAndQuotedIdentifiers_stayAsWritten() {
        assertEquals("SELECT t1.\"col 2\", [x3] FROM t1 /*+ OLAP 5 */ WHERE a2 = # -- 7 'x'\n",
                SqlText.withoutLiterals("SELECT t1.\"col 2\", [x3] FROM t1 /*+ OLAP 5 */ WHERE a2 = 42 -- 7 'x'\n"));
    }

    @Test
    void whatTheRulesRead_isKept() {
        assertNotEquals(SqlText.withoutLiterals("SELECT * FROM t LIMIT 10"), SqlText.withoutLiterals("SELECT * FROM t LIMIT 5000"));
        assertEquals("SELECT date('now'), date('?') FROM t", SqlText.withoutLiterals("SELECT date('now'), date('2024-01-01') FROM t"));
        assertEquals("SELECT * FROM t WHERE a = ?1 AND b = ?2 AND c = #",
                SqlText.withoutLiterals("SELECT * FROM t WHERE a = ?1 AND b = ?2 AND c = 3"));
        assertEquals("SELECT X'00FF', N'abc' FROM t", SqlText.withoutLiterals("SELECT X'00FF', N'abc' FROM t"));
        assertNotEquals(SqlText.withoutLiterals("SELECT * FROM t WHERE id IN (1, 2)"),
                SqlText.withoutLiterals("SELECT * FROM t WHERE id IN (1, 2, 3)"));
    }

    @Test
    void theLiftedLiterals_areListedAsWritten_inOrder() {
        List<String> lifted = new ArrayList<>();
        String shape = SqlText.withoutLiterals("SELECT x + 12.5e3, 'it''s', date('now'), X'00' FROM t WHERE id = ?2 AND y > -0x7F LIMIT 10", lifted);
        assertEquals("SELECT x + #, '?', date('now'), X'00' FROM t WHERE id = ?2 AND y > -# LIMIT 10", shape);
        assertEquals(List.of("12.5e3", "'it''s'", "0x7F"), lifted);
    }

    @Test
    void textsDuckDbQuotesDifferently_orNotReads_haveNoShape() {
        assertNull(SqlText.withoutLiterals("SELECT $$a$$ FROM t"));
        assertNull(SqlText.withoutLiterals("SELECT E'\\'' FROM t"));
        assertNull(SqlText.withoutLiterals("INSERT INTO t VALUES (1)"));
        assertNull(SqlText.withoutLiterals("PRAGMA cache_size = 10"));
        assertNull(SqlText.withoutLiterals("SELECT 'unterminated FROM t"));
    }

    @Test
    void withQueries_haveShapes() {
        assertEquals("WITH r AS (SELECT * FROM t WHERE x < #) SELECT count(*) FROM r",
                SqlText.withoutLiterals("WITH r AS (SELECT * FROM t WHERE x < 3) SELECT count(*) FROM r"));
    }
}
