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
import java.util.Collection;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * A LangChain4j metadata {@link Filter} as a lumos-vector filter, with LangChain4j's two-valued meaning: a
 * comparison with a missing key is false, its negation ({@code IsNotEqualTo}, {@code IsNotIn}, {@code Not})
 * true, as in LangChain4j's in-memory store.
 */
final class FilterTranslator {
    private FilterTranslator() {}

    static String translate(Filter f) {
        if (f == null) {
            return null;
        }
        if (f instanceof And a) {
            return "(" + translate(a.left()) + " AND " + translate(a.right()) + ")";
        }
        if (f instanceof Or o) {
            return "(" + translate(o.left()) + " OR " + translate(o.right()) + ")";
        }
        if (f instanceof Not n) {
            return "(NOT " + translate(n.expression()) + ")";
        }
        if (f instanceof IsEqualTo c) {
            return present(c.key(), "= " + value(c.comparisonValue()));
        }
        if (f instanceof IsNotEqualTo c) {
            return "(" + field(c.key()) + " IS NULL OR " + field(c.key()) + " <> " + value(c.comparisonValue()) + ")";
        }
        if (f instanceof IsGreaterThan c) {
            return present(c.key(), "> " + value(c.comparisonValue()));
        }
        if (f instanceof IsGreaterThanOrEqualTo c) {
            return present(c.key(), ">= " + value(c.comparisonValue()));
        }
        if (f instanceof IsLessThan c) {
            return present(c.key(), "< " + value(c.comparisonValue()));
        }
        if (f instanceof IsLessThanOrEqualTo c) {
            return present(c.key(), "<= " + value(c.comparisonValue()));
        }
        if (f instanceof IsIn c) {
            return present(c.key(), "IN " + list(c.comparisonValues()));
        }
        if (f instanceof IsNotIn c) {
            return "(" + field(c.key()) + " IS NULL OR " + field(c.key()) + " NOT IN " + list(c.comparisonValues()) + ")";
        }
        if (f instanceof ContainsString c) {
            String v = c.comparisonValue();
            if (v.indexOf('%') >= 0 || v.indexOf('_') >= 0) {
                throw new IllegalArgumentException("containsString with '%' or '_' is not supported (value " + v + ")");
            }
            return present(c.key(), "LIKE " + value("%" + v + "%"));
        }
        throw new IllegalArgumentException("unsupported LangChain4j filter " + f.getClass().getSimpleName() + ": " + f);
    }

    private static String present(String key, String comparison) {
        return "(" + field(key) + " IS NOT NULL AND " + field(key) + " " + comparison + ")";
    }

    private static String field(String key) {
        return "\"" + key.replace("\"", "\"\"") + "\"";
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
        if (v instanceof String || v instanceof UUID) {
            return "'" + v.toString().replace("'", "''") + "'";
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        throw new IllegalArgumentException("unsupported filter value " + v + (v == null ? "" : " of " + v.getClass().getName()));
    }
}
