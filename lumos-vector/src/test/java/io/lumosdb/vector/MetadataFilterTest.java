package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The filter language, its limits, and combining filters as trees. */
class MetadataFilterTest {
    /** A bound that only a hang reaches: hostile filters must fail at once, but no timing is asserted. */
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    private static IllegalArgumentException refused(String filter) {
        return assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(IllegalArgumentException.class,
                () -> MetadataFilter.parse(filter), filter));
    }

    private static String chain(int terms, String operator) {
        StringBuilder s = new StringBuilder("a = 0");
        for (int i = 1; i < terms; i++) {
            s.append(' ').append(operator).append(" a = ").append(i);
        }
        return s.toString();
    }

    // ---------------------------------------------------------------- limits

    @Test
    void tenThousandOrs_areRefused_namingTheOperatorLimit() {
        IllegalArgumentException e = refused(chain(10_000, "OR"));
        assertTrue(e.getMessage().contains("more than " + MetadataFilter.DEFAULT_MAX_OPERATORS + " boolean operators"), e.getMessage());
        assertTrue(e.getMessage().contains(MetadataFilter.MAX_OPERATORS_PROPERTY), e.getMessage());
        assertTrue(e.getMessage().length() < 1_000, "a hostile filter is not copied whole into the message");
    }

    @Test
    void aThousandNestedParentheses_areRefused_namingTheDepthLimit() {
        IllegalArgumentException e = refused("(".repeat(1_000) + "a = 1" + ")".repeat(1_000));
        assertTrue(e.getMessage().contains("nest deeper than " + MetadataFilter.DEFAULT_MAX_DEPTH), e.getMessage());
        assertTrue(e.getMessage().contains("position " + (MetadataFilter.DEFAULT_MAX_DEPTH + 1)), e.getMessage());
        assertTrue(e.getMessage().contains(MetadataFilter.MAX_DEPTH_PROPERTY), e.getMessage());
        refused("(".repeat(100_000)); // unclosed: refused at the limit, not at the end
        refused("NOT ".repeat(100_000) + "a = 1");
        refused("a IN (" + "(".repeat(31) + "1" + ")".repeat(31) + ")"); // constants are not parenthesized
    }

    @Test
    void filtersAtTheLimits_areAccepted() {
        assertEquals(MetadataFilter.DEFAULT_MAX_OPERATORS, MetadataFilter.parse(chain(MetadataFilter.DEFAULT_MAX_OPERATORS + 1, "OR"))
                .toString().split(" OR ").length - 1);
        int depth = MetadataFilter.DEFAULT_MAX_DEPTH;
        MetadataFilter deep = MetadataFilter.parse("(".repeat(depth) + "a = 1" + ")".repeat(depth));
        assertTrue(deep.matches(Map.of("a", 1)));
        assertEquals("a = 1", deep.toString());
    }

    @Test
    void anInListOfTenThousandValues_isOnePredicate() {
        StringBuilder in = new StringBuilder("id IN (");
        for (int i = 0; i < 10_000; i++) {
            in.append(i > 0 ? ", " : "").append('\'').append("doc-").append(i).append('\'');
        }
        MetadataFilter f = assertTimeoutPreemptively(HANG_GUARD, () -> MetadataFilter.parse(in + ") AND lang = 'en'"));
        assertTrue(f.matches(Map.of("id", "doc-9999", "lang", "en")));
        assertFalse(f.matches(Map.of("id", "doc-10000", "lang", "en")));
        assertEquals(10_000, f.equalities().get(0).keys().size());
    }

    @Test
    void theLimits_areSetBySystemProperties() {
        String deeper = "(".repeat(40) + "a = 1" + ")".repeat(40);
        refused(deeper);
        withProperty(MetadataFilter.MAX_DEPTH_PROPERTY, "50", () -> MetadataFilter.parse(deeper));
        String ops = chain(1_500, "AND");
        refused(ops);
        withProperty(MetadataFilter.MAX_OPERATORS_PROPERTY, "2000", () -> MetadataFilter.parse(ops));
        IllegalStateException bad = assertThrows(IllegalStateException.class,
                () -> withProperty(MetadataFilter.MAX_DEPTH_PROPERTY, "100000", () -> MetadataFilter.parse("a = 1")));
        assertTrue(bad.getMessage().contains(MetadataFilter.MAX_DEPTH_PROPERTY + " must be an integer from 1 to 256"), bad.getMessage());
    }

    /** Raises a limit for one call (only ever raised, so filters parsed meanwhile by other tests still pass). */
    private static <T> T withProperty(String name, String value, Supplier<T> call) {
        String old = System.getProperty(name);
        System.setProperty(name, value);
        try {
            return call.get();
        } finally {
            if (old == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, old);
            }
        }
    }

    // ---------------------------------------------------------------- the language

    @Test
    void textAndNames_areQuotedTheSqlWay_andABackslashIsABackslash() {
        Map<String, Object> m = new HashMap<>();
        m.put("path", "c:\\dir\\");
        m.put("it's", "o'clock");
        m.put("we\"ird", 1);
        m.put("tags", Map.of("kind", "faq"));
        m.put("a.b", "flat");
        assertTrue(MetadataFilter.parse("path = 'c:\\dir\\'").matches(m));
        assertTrue(MetadataFilter.parse("\"it's\" = 'o''clock'").matches(m));
        assertTrue(MetadataFilter.parse("\"we\"\"ird\" = 1 AND `we\"ird` = 1").matches(m));
        assertTrue(MetadataFilter.parse("tags.kind = 'faq' AND \"tags\".\"kind\" = 'faq' AND \"tags.kind\" = 'faq'").matches(m));
        assertTrue(MetadataFilter.parse("\"a.b\" = 'flat'").matches(m));
        // 'x\' is a whole constant: what follows is a second predicate, not more text
        MetadataFilter f = MetadataFilter.parse("path = 'x\\' OR path = 'c:\\dir\\'");
        assertTrue(f.matches(m));
        assertEquals("path = 'x\\' OR path = 'c:\\dir\\'", f.toString());
    }

    @Test
    void literalAndField_quoteAnythingSoThatItReadsBack() {
        String[] texts = {"it's", "a\\", "\\'", "50%_off", "''", "é✓𝄞", "x' OR '1' = '1", ") OR (", "--", "/*", "\n\t", ""};
        for (String t : texts) {
            MetadataFilter f = MetadataFilter.parse(MetadataFilter.field(t.isEmpty() ? "e" : t) + " = " + MetadataFilter.literal(t));
            assertTrue(f.matches(Map.of(t.isEmpty() ? "e" : t, t)), t);
            assertFalse(f.matches(Map.of(t.isEmpty() ? "e" : t, t + "x")), t);
        }
        assertEquals("\"AND\"", MetadataFilter.field("AND"));
        assertEquals("tags.kind", MetadataFilter.field("tags.kind"));
        assertEquals("-9223372036854775808", MetadataFilter.literal(Long.MIN_VALUE));
        assertTrue(MetadataFilter.parse("n = " + MetadataFilter.literal(Long.MIN_VALUE)).matches(Map.of("n", Long.MIN_VALUE)));
        assertTrue(MetadataFilter.parse("x = " + MetadataFilter.literal(0.1f)).matches(Map.of("x", 0.1f)));
        assertThrows(IllegalArgumentException.class, () -> MetadataFilter.literal(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> MetadataFilter.literal(new Object()));
    }

    @Test
    void whatIsNotAPredicate_isRefused_withThePosition() {
        assertMessage("importance >= 0) OR (importance >= 0", "')' closes no '(' at position 16");
        assertMessage("(a = 1", "the '(' at position 1 is not closed");
        assertMessage("a = 1; DROP TABLE x", "';' is not allowed");
        assertMessage("a = 1 -- comment", "comments ('--') are not allowed at position 7");
        assertMessage("a = 1 /* x */", "comments ('/*') are not allowed");
        assertMessage("a = N'x'", "string prefix");
        assertMessage("a = 'open", "the text constant starting here is not closed at position 5");
        assertMessage("\"open = 1", "the quoted name starting here is not closed at position 1");
        assertMessage("upper(a) = 'A'", "functions are not allowed");
        assertMessage("a = b", "a field can only be compared with a constant");
        assertMessage("1 = 1", "a metadata field on one side");
        assertMessage("a = (SELECT 1)", "expected a constant");
        assertMessage("a = 1 a = 2", "expected AND, OR, ')' or the end, found field 'a' at position 7");
        assertMessage("a = 99999999999999999999", "out of range");
        assertMessage("a = 1e999", "out of range");
        assertMessage("", "expected a field or a constant");
        assertMessage("a ^= 1", "unexpected character '^'");
        assertMessage("a = 1 AND", "found the end");
    }

    private static void assertMessage(String filter, String part) {
        IllegalArgumentException e = refused(filter);
        assertTrue(e.getMessage().contains(part), filter + ": " + e.getMessage());
    }

    @Test
    void precedence_isNotThenAndThenOr_andDoubleNegationCancels() {
        MetadataFilter f = MetadataFilter.parse("NOT a = 1 AND b = 2 OR c = 3");
        assertEquals("NOT a = 1 AND b = 2 OR c = 3", f.toString());
        assertTrue(f.matches(Map.of("a", 2, "b", 2)));
        assertTrue(f.matches(Map.of("a", 1, "c", 3)));
        assertFalse(f.matches(Map.of("a", 1, "b", 2)));
        assertEquals("a = 1", MetadataFilter.parse("NOT NOT a = 1").toString());
        assertEquals("NOT (a = 1 OR b = 2)", MetadataFilter.parse("not ((a = 1) or (b = 2))").toString());
        assertEquals("year > 2023", MetadataFilter.parse("2023 < year").toString());
        assertEquals(List.of(new MetadataFilter.Equality("a", List.of(1L))), MetadataFilter.parse("NOT NOT a = 1").equalities());
    }

    // ---------------------------------------------------------------- combining

    @Test
    void and_keepsEachFilterWhole_whateverItsText() {
        MetadataFilter scope = MetadataFilter.parse("user = 'alice' AND expires IS NULL");
        MetadataFilter asked = MetadataFilter.parse("importance >= 0 OR importance < 0");
        MetadataFilter both = scope.and(asked);
        assertEquals("user = 'alice' AND expires IS NULL AND (importance >= 0 OR importance < 0)", both.toString());
        assertFalse(both.matches(Map.of("user", "bob", "importance", 1)));
        assertTrue(both.matches(Map.of("user", "alice", "importance", 1)));
        assertEquals(both, MetadataFilter.parse(both.toString()));
        assertEquals(List.of(new MetadataFilter.Equality("user", List.of("alice"))), both.equalities());
        // the text that tried to break out of its parentheses does not parse on its own
        refused("importance >= 0) OR (importance >= 0");
    }

    @Test
    void and_ofTwoFiltersOverTheLimitTogether_isRefused() {
        MetadataFilter half = MetadataFilter.parse(chain(MetadataFilter.DEFAULT_MAX_OPERATORS / 2 + 1, "OR"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> half.and(half).and(half));
        assertTrue(e.getMessage().contains(MetadataFilter.MAX_OPERATORS_PROPERTY), e.getMessage());
    }
}
