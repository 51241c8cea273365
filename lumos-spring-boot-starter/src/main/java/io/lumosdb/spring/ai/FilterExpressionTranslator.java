package io.lumosdb.spring.ai;

import io.lumosdb.vector.MetadataFilter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * A Spring AI filter expression as a Lumos-DB {@link MetadataFilter}: the same tree in Lumos-DB's filter language,
 * with every key written by {@link MetadataFilter#field} and every value by {@link MetadataFilter#literal} (so no key
 * or value can change the shape of the filter), then parsed. {@code EQ NE GT GTE LT LTE} become the comparisons,
 * {@code IN}/{@code NIN} {@code [NOT] IN (...)}, {@code ISNULL}/{@code ISNOTNULL} {@code IS [NOT] NULL},
 * {@code AND OR NOT} and groups themselves. Both languages compare with SQL's three-valued logic.
 */
final class FilterExpressionTranslator {
    private FilterExpressionTranslator() {}

    /**
     * @throws IllegalArgumentException for an operand Lumos-DB filters cannot hold (a value that is not text, a number,
     *     a boolean or a list of those), naming it
     */
    static MetadataFilter translate(Filter.Expression expression) {
        return MetadataFilter.parse(text(expression));
    }

    static String text(Filter.Operand operand) {
        if (operand instanceof Filter.Group g) {
            return "(" + text(g.content()) + ")";
        }
        if (!(operand instanceof Filter.Expression e)) {
            throw new IllegalArgumentException("a filter needs an expression here, found " + operand);
        }
        return switch (e.type()) {
            case AND -> "(" + text(e.left()) + " AND " + text(e.right()) + ")";
            case OR -> "(" + text(e.left()) + " OR " + text(e.right()) + ")";
            case NOT -> "NOT (" + text(e.left()) + ")";
            case EQ -> comparison(e, "=");
            case NE -> comparison(e, "<>");
            case GT -> comparison(e, ">");
            case GTE -> comparison(e, ">=");
            case LT -> comparison(e, "<");
            case LTE -> comparison(e, "<=");
            case IN -> key(e) + " IN " + list(e);
            case NIN -> key(e) + " NOT IN " + list(e);
            case ISNULL -> key(e) + " IS NULL";
            case ISNOTNULL -> key(e) + " IS NOT NULL";
        };
    }

    private static String comparison(Filter.Expression e, String op) {
        return key(e) + " " + op + " " + MetadataFilter.literal(value(e));
    }

    private static String key(Filter.Expression e) {
        if (!(e.left() instanceof Filter.Key k)) {
            throw new IllegalArgumentException("the left side of " + e.type() + " must be a metadata key, found " + e.left());
        }
        String name = k.key();
        if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"") || name.startsWith("'") && name.endsWith("'"))) {
            name = name.substring(1, name.length() - 1); // Spring AI's text filters keep a quoted key's quotes
        }
        return MetadataFilter.field(name);
    }

    private static Object value(Filter.Expression e) {
        if (!(e.right() instanceof Filter.Value v)) {
            throw new IllegalArgumentException("the right side of " + e.type() + " must be a value, found " + e.right());
        }
        return v.value();
    }

    private static String list(Filter.Expression e) {
        Object v = value(e);
        Collection<?> values = v instanceof Collection<?> c ? c : List.of(v);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(e.type() + " needs at least one value");
        }
        List<String> literals = new ArrayList<>(values.size());
        for (Object item : values) {
            literals.add(MetadataFilter.literal(item));
        }
        return "(" + String.join(", ", literals) + ")";
    }
}
