package io.lumosdb.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class QueryKeyTest {
    private static QueryKey key(String sql, Object... params) {
        return QueryKey.of(sql, params, "OLTP");
    }

    @Test
    void whiteSpaceOutsideLiterals_doesNotMatter() {
        assertEquals(key("SELECT *\n  FROM t\tWHERE id = ?;", 1), key("SELECT * FROM t WHERE id = ?", 1));
        assertEquals("SELECT * FROM t WHERE id = ?", key("  SELECT *\n FROM t WHERE id = ? ; ").sql());
    }

    @Test
    void whiteSpaceInsideLiteralsAndQuotedNames_matters() {
        assertNotEquals(key("SELECT 'a  b'"), key("SELECT 'a b'"));
        assertNotEquals(key("SELECT \"a  b\" FROM t"), key("SELECT \"a b\" FROM t"));
        assertNotEquals(key("SELECT 'it''s  x'"), key("SELECT 'it''s x'"));
        assertEquals("SELECT 'it''s  x' FROM t", key("SELECT 'it''s  x'   FROM t").sql());
    }

    @Test
    void lineComment_keepsTheNewlineThatEndsIt() {
        // without the newline the FROM clause would become part of the comment: a different statement
        assertNotEquals(key("SELECT a -- note\nFROM t"), key("SELECT a -- note FROM t"));
        assertEquals(key("SELECT a -- note\n   FROM t"), key("SELECT a -- note\nFROM t"));
    }

    @Test
    void blockCommentsAreKeptVerbatim() {
        assertNotEquals(key("SELECT /*+ OLAP */ a FROM t"), key("SELECT /*+  OLAP */ a FROM t"));
    }

    @Test
    void parametersAndRouteAreParts() {
        assertNotEquals(key("SELECT ?", 1), key("SELECT ?", 2));
        assertNotEquals(key("SELECT ?", 1), key("SELECT ?", 1L));
        assertNotEquals(QueryKey.of("SELECT 1", null, "OLTP"), QueryKey.of("SELECT 1", null, "OLAP"));
        assertEquals(key("SELECT ?", Instant.EPOCH), key("SELECT ?", Instant.EPOCH));
        assertEquals(key("SELECT ?", (Object) null), key("SELECT ?", (Object) null));
    }

    @Test
    void byteArrayParameters_areComparedByContentAndCopied() {
        byte[] blob = {1, 2, 3};
        QueryKey k = key("SELECT ?", (Object) blob);
        blob[0] = 9;
        assertEquals(key("SELECT ?", (Object) new byte[] {1, 2, 3}), k);
        assertNotEquals(key("SELECT ?", (Object) blob), k);
    }

    @Test
    void mutableOrUnknownParameter_makesNoKey() {
        assertNull(key("SELECT ?", new ArrayList<>()));
        assertNull(key("SELECT ?", new java.util.Date()));
    }
}
