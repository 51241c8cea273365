package io.lumosdb.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link DuckSqlCheck#plainlyOneSelect}: the texts that need no parse to be known as one SELECT. */
class DuckSqlCheckTest {
    @Test
    void aSelectWithoutSemicolon_orWithOneAtTheEnd_isPlainlyOne() {
        assertTrue(DuckSqlCheck.plainlyOneSelect("SELECT g, count(*) FROM t WHERE x > 5 GROUP BY g"));
        assertTrue(DuckSqlCheck.plainlyOneSelect("\nSELECT 1;  \n"));
    }

    @Test
    void anythingElse_goesToDuckDbsParser() {
        assertFalse(DuckSqlCheck.plainlyOneSelect("SELECT $$'$$ AS a; COPY (SELECT 42) TO '/tmp/x.csv'; SELECT $$'$$ AS b"));
        assertFalse(DuckSqlCheck.plainlyOneSelect("SELECT 'a;' FROM t"), "a semicolon not at the end");
        assertFalse(DuckSqlCheck.plainlyOneSelect("SELECT 1; SELECT 2"));
        assertFalse(DuckSqlCheck.plainlyOneSelect("/* x */ SELECT 1"), "DuckDB nests block comments");
        assertFalse(DuckSqlCheck.plainlyOneSelect("WITH a AS (SELECT 1) SELECT * FROM a"));
        assertFalse(DuckSqlCheck.plainlyOneSelect("SELECTED"));
        assertFalse(DuckSqlCheck.plainlyOneSelect("SELECT_x FROM t"));
        assertFalse(DuckSqlCheck.plainlyOneSelect("(SELECT 1)"));
    }
}
