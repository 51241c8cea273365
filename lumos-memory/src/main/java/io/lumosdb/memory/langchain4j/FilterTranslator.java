package io.lumosdb.memory.langchain4j;

import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import io.lumosdb.vector.MetadataFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.StringJoiner;

/**
 * A LangChain4j metadata {@link Filter} as a lumos-vector filter, with LangChain4j's two-valued meaning: a
 * comparison with a missing key is false, its negation ({@code IsNotEqualTo}, {@code IsNotIn}, {@code Not})
 * true, as in LangChain4j's in-memory store.
 *
 * <p>Keys and values are quoted by {@link MetadataFilter#field} and {@link MetadataFilter#literal}, so any
 * text (quotes, backslashes, {@code %}, {@code _}, any Unicode) is a constant and nothing else; {@code containsString}
 * escapes LIKE's wildcards, so it matches its text literally. Keys are the stored names of {@link SegmentFields}. A chain of
 * {@code And} (or {@code Or}) is written as one list, read without recursion, however long; the nesting of
 * alternating operators is bounded by {@link MetadataFilter#MAX_DEPTH_CAP}, so no filter object can overflow
 * the stack here, and the collection's filter limits apply to the text.
 *
 * <p>Why comparisons carry {@code key IS NOT NULL} only under a {@code Not}: our filters are three-valued (a
 * missing key makes a comparison unknown, not false). Where an even number of {@code Not}s applies, unknown
 * and false select the same (nothing); only a {@code Not} tells them apart, so only there is the key's
 * presence tested. That keeps a filter to about one boolean operator per LangChain4j operator.
 */
final class FilterTranslator {
    private final SegmentFields fields;

    private FilterTranslator(SegmentFields fields) {
        this.fields = fields;
    }

    /** The filter text of {@code f} for a store with the default layout ({@link SegmentFields#TEXT}), null for none. */
    static String translate(Filter f) {
        return translate(f, SegmentFields.of(SegmentFields.TEXT));
    }

    /**
     * The filter text of {@code f} over keys stored as {@code fields} stores them, null for none.
     *
     * @throws IllegalArgumentException for a filter, a key or a value that has no translation, or nesting over
     *     {@link MetadataFilter#MAX_DEPTH_CAP}
     */
    static String translate(Filter f, SegmentFields fields) {
        if (f == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        new FilterTranslator(fields).translate(f, false, 0, out);
        return out.toString();
    }

    private void translate(Filter f, boolean negated, int depth, StringBuilder out) {
        if (depth > MetadataFilter.MAX_DEPTH_CAP) {
            throw new IllegalArgumentException("the LangChain4j filter nests And, Or and Not deeper than "
                    + MetadataFilter.MAX_DEPTH_CAP + " levels");
        }
        if (f instanceof And || f instanceof Or) {
            boolean and = f instanceof And;
            List<Filter> operands = chain(f, and);
            out.append('(');
            for (int i = 0; i < operands.size(); i++) {
                out.append(i == 0 ? "" : and ? " AND " : " OR ");
                translate(operands.get(i), negated, depth + 1, out);
            }
            out.append(')');
        } else if (f instanceof Not n) {
            out.append("(NOT ");
            translate(n.expression(), !negated, depth + 1, out);
            out.append(')');
        } else {
            out.append(comparison(f, negated));
        }
    }

    /** The operands of a chain of {@code And} (or of {@code Or}), left to right, read with a stack, not recursion. */
    private static List<Filter> chain(Filter f, boolean and) {
        List<Filter> out = new ArrayList<>();
        Deque<Filter> todo = new ArrayDeque<>();
        todo.push(f);
        while (!todo.isEmpty()) {
            Filter g = todo.pop();
            if (and && g instanceof And a) {
                todo.push(a.right());
                todo.push(a.left());
            } else if (!and && g instanceof Or o) {
                todo.push(o.right());
                todo.push(o.left());
            } else {
                out.add(g);
            }
        }
        return out;
    }

    private String comparison(Filter f, boolean negated) {
        if (f instanceof IsEqualTo c) {
            return present(c.key(), "= " + value(c.comparisonValue()), negated);
        }
        if (f instanceof IsNotEqualTo c) {
            return absentOr(c.key(), "<> " + value(c.comparisonValue()));
        }
        if (f instanceof IsGreaterThan c) {
            return present(c.key(), "> " + value(c.comparisonValue()), negated);
        }
        if (f instanceof IsGreaterThanOrEqualTo c) {
            return present(c.key(), ">= " + value(c.comparisonValue()), negated);
        }
        if (f instanceof IsLessThan c) {
            return present(c.key(), "< " + value(c.comparisonValue()), negated);
        }
        if (f instanceof IsLessThanOrEqualTo c) {
            return present(c.key(), "<= " + value(c.comparisonValue()), negated);
        }
        if (f instanceof IsIn c) {
            return present(c.key(), "IN " + list(c.comparisonValues()), negated);
        }
        if (f instanceof IsNotIn c) {
            return absentOr(c.key(), "NOT IN " + list(c.comparisonValues()));
        }
        if (f instanceof ContainsString c) {
            // LIKE's wildcards and the escape character in the value stand for themselves
            String v = c.comparisonValue().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            return present(c.key(), "LIKE " + value("%" + v + "%") + " ESCAPE '\\'", negated);
        }
        throw new IllegalArgumentException("unsupported LangChain4j filter " + f.getClass().getSimpleName() + ": " + f);
    }

    /** {@code key comparison}, false (not unknown) for a missing key where a {@code Not} could tell the two apart. */
    private String present(String key, String comparison, boolean negated) {
        String field = MetadataFilter.field(fields.stored(key));
        return negated ? "(" + field + " IS NOT NULL AND " + field + " " + comparison + ")" : field + " " + comparison;
    }

    /** {@code key comparison}, true for a missing key (LangChain4j's negated comparisons). */
    private String absentOr(String key, String comparison) {
        String field = MetadataFilter.field(fields.stored(key));
        return "(" + field + " IS NULL OR " + field + " " + comparison + ")";
    }

    private static String list(Collection<?> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an IN filter needs at least one value");
        }
        StringJoiner in = new StringJoiner(", ", "(", ")");
        values.forEach(v -> in.add(value(v)));
        return in.toString();
    }

    private static String value(Object v) {
        if (v == null) {
            throw new IllegalArgumentException("a LangChain4j filter value must not be null");
        }
        return MetadataFilter.literal(SegmentFields.filterValue(v));
    }
}
