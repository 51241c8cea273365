package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Any text either parses or is an {@link IllegalArgumentException}; what parses reads back from its
 * canonical text as the same filter, and {@code and} selects exactly what both operands select.
 */
class MetadataFilterPropertyTest {
    private static final List<String> PIECES = List.of("(", ")", "((", "))", " OR ", " AND ", " NOT ", "--", "/*", "*/", "'",
            "''", "\"", "`", ";", ",", "=", "<>", "!=", "<", ">=", " IN ", " BETWEEN ", " LIKE ", " IS ", " NULL ", "TRUE",
            "a", "b", "n.x", "\"q q\"", "user", "1", "-2", "2.5", "1e3", "'x'", "'%_'", "'\\'", "'é𝄞'", " ", "\n", "\\",
            "a = 1", "b IN (1, 'x')", "a BETWEEN 0 AND 2", "b LIKE 'x%'", "a IS NOT NULL", "NOT a = 1", ") OR (", "$", "[", "#");

    /** Random runs of pieces, and valid filters with one piece pasted in somewhere. */
    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> runs = Arbitraries.of(PIECES).list().ofMinSize(1).ofMaxSize(40).map(l -> String.join("", l));
        Arbitrary<String> pasted = net.jqwik.api.Combinators.combine(predicates(), Arbitraries.of(PIECES),
                Arbitraries.integers().between(0, 10_000)).as((p, piece, at) -> {
                    int i = at % (p.length() + 1);
                    return p.substring(0, i) + piece + p.substring(i);
                });
        return Arbitraries.oneOf(runs, pasted);
    }

    @Provide
    Arbitrary<String> predicates() {
        Arbitrary<String> field = Arbitraries.of("a", "b", "n.x", "\"q q\"", "\"AND\"");
        Arbitrary<String> constant = Arbitraries.of("1", "-1", "2.5", "'x'", "'it''s'", "'\\'", "'%'", "TRUE", "NULL", "'é'");
        Arbitrary<String> leaf = net.jqwik.api.Combinators.combine(field, Arbitraries.of("=", "<>", "<", ">=", "IN", "LIKE", "IS"),
                constant).as((f, op, c) -> switch (op) {
                    case "IN" -> f + " IN (" + c + ", 'y')";
                    case "LIKE" -> f + " LIKE 'x%'";
                    case "IS" -> f + " IS NOT NULL";
                    default -> f + " " + op + " " + c;
                });
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(inner, inner).as((x, y) -> x + " AND " + y),
                net.jqwik.api.Combinators.combine(inner, inner).as((x, y) -> x + " OR " + y),
                inner.map(x -> "NOT (" + x + ")"),
                inner.map(x -> "(" + x + ")")), 0, 5);
    }

    private static List<Map<String, Object>> samples() {
        List<Map<String, Object>> out = new ArrayList<>();
        Object[] values = {null, 1L, -1, 2.5, "x", "it's", "\\", "%", true, "é", "xyz"};
        for (int i = 0; i < 60; i++) {
            Map<String, Object> m = new HashMap<>();
            m.put("a", values[i % values.length]);
            m.put("b", values[(i * 7 + 3) % values.length]);
            m.put("q q", values[(i * 5 + 1) % values.length]);
            m.put("AND", values[(i * 3 + 2) % values.length]);
            m.put("n", Map.of("x", String.valueOf(values[(i * 11 + 4) % values.length])));
            out.add(m);
        }
        return out;
    }

    @Property(tries = 2_000)
    void anyText_parsesOrIsRefusedAsAnArgument_andReadsBackAsItself(@ForAll("hostile") String text) {
        MetadataFilter f;
        try {
            f = MetadataFilter.parse(text);
        } catch (IllegalArgumentException refused) {
            Statistics.collect("refused");
            return;
        }
        Statistics.collect("parsed");
        assertEquals(f, MetadataFilter.parse(f.toString()), text);
    }

    @Property(tries = 500)
    void and_selectsWhatBothSelect(@ForAll("predicates") String x, @ForAll("predicates") String y) {
        MetadataFilter a = MetadataFilter.parse(x);
        MetadataFilter b = MetadataFilter.parse(y);
        MetadataFilter both = a.and(b);
        assertEquals(both, MetadataFilter.parse(both.toString()));
        for (Map<String, Object> m : samples()) {
            assertEquals(a.matches(m) && b.matches(m), both.matches(m), () -> both + " on " + m);
            assertEquals(a.matches(m), MetadataFilter.parse(a.toString()).matches(m), () -> x + " as " + a + " on " + m);
        }
    }
}
