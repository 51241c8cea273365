package io.lumosdb.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A compiled metadata filter: a tree evaluated in Java against a vector's metadata with SQL's three-valued
 * logic (TRUE, FALSE or null for unknown), and written back as the filter text it was parsed from, in a
 * canonical form ({@link #render}).
 *
 * <p>Chains of {@code AND} and of {@code OR} are one node each ({@link Junction}) holding every operand, and {@code NOT NOT x} is {@code x} (three-valued logic keeps that identity): so a tree is only
 * as deep as the filter's parentheses, however many conditions it chains, and evaluation recursion is
 * bounded by {@link MetadataFilter#DEFAULT_MAX_DEPTH}'s limit rather than by the filter's length.
 *
 * <p>Rendering writes the fewest parentheses the precedence of {@code OR < AND < NOT} needs, so the text
 * of a tree nests no deeper than the text it was parsed from; fields and constants are quoted by
 * {@link MetadataFilter#field} and {@link MetadataFilter#literal}. Parsing the rendered text gives the same
 * tree: that is what lets a trusted filter and a caller's filter be combined as trees and handed on as text.
 */
sealed interface FilterNode {
    /** Precedence of an operator node, for rendering: a child of lower precedence needs parentheses. */
    int OR = 1;
    int AND = 2;
    int NOT = 3;
    int PREDICATE = 4;

    /** TRUE, FALSE or null (unknown). */
    Boolean test(Map<String, Object> metadata);

    /** How tightly the node binds when rendered: a predicate, unless it is an operator. */
    default int precedence() {
        return PREDICATE;
    }

    void render(StringBuilder out);

    // ---------------------------------------------------------------- boolean operators

    /**
     * {@code AND} ({@code any} false) or {@code OR} ({@code any} true) of every operand, evaluated left to
     * right until one decides: AND is FALSE if one operand is, OR TRUE if one is; otherwise unknown if one
     * was, else TRUE for AND and FALSE for OR.
     */
    record Junction(boolean any, List<FilterNode> operands) implements FilterNode {
        @Override
        public Boolean test(Map<String, Object> m) {
            boolean unknown = false;
            for (FilterNode n : operands) {
                Boolean b = n.test(m);
                if (b == null) {
                    unknown = true;
                } else if (b == any) {
                    return any;
                }
            }
            return unknown ? null : !any;
        }

        @Override
        public int precedence() {
            return any ? OR : AND;
        }

        @Override
        public void render(StringBuilder out) {
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) {
                    out.append(any ? " OR " : " AND ");
                }
                child(out, operands.get(i), precedence() + 1);
            }
        }
    }

    record Not(FilterNode operand) implements FilterNode {
        @Override
        public Boolean test(Map<String, Object> m) {
            Boolean b = operand.test(m);
            return b == null ? null : !b;
        }

        @Override
        public int precedence() {
            return NOT;
        }

        @Override
        public void render(StringBuilder out) {
            out.append("NOT ");
            child(out, operand, PREDICATE);
        }
    }

    /** {@code a AND b} ({@code any} false) or {@code a OR b}: one node for a whole chain. */
    static FilterNode junction(boolean any, FilterNode a, FilterNode b) {
        List<FilterNode> operands = new ArrayList<>();
        addFlat(operands, any, a);
        addFlat(operands, any, b);
        return new Junction(any, List.copyOf(operands));
    }

    /** Adds {@code n} to a chain of {@code any}'s operator: its operands, when it is such a chain itself. */
    static void addFlat(List<FilterNode> chain, boolean any, FilterNode n) {
        if (n instanceof Junction j && j.any() == any) {
            chain.addAll(j.operands());
        } else {
            chain.add(n);
        }
    }

    /** {@code NOT a}; {@code NOT NOT x} is {@code x}. */
    static FilterNode not(FilterNode a) {
        return a instanceof Not n ? n.operand() : new Not(a);
    }

    /** Renders {@code n}, in parentheses when its precedence is below {@code atLeast}. */
    private static void child(StringBuilder out, FilterNode n, int atLeast) {
        boolean parens = n.precedence() < atLeast;
        if (parens) {
            out.append('(');
        }
        n.render(out);
        if (parens) {
            out.append(')');
        }
    }

    // ---------------------------------------------------------------- predicates

    /** The comparison operators, as written in canonical text. */
    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String text;

        Op(String text) {
            this.text = text;
        }

        /** The operator with its sides swapped: {@code 5 < year} is {@code year > 5}. */
        Op flipped() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }

    /** {@code field op constant}. */
    record Comparison(String field, Op op, Object constant) implements FilterNode {
        @Override
        public Boolean test(Map<String, Object> m) {
            Object v = read(m, field);
            if (op == Op.EQ) {
                return eq(v, constant);
            }
            if (op == Op.NE) {
                Boolean e = eq(v, constant);
                return e == null ? null : !e;
            }
            Integer cmp = compare(v, constant);
            if (cmp == null) {
                return null;
            }
            return switch (op) {
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                default -> cmp >= 0;
            };
        }

        @Override
        public void render(StringBuilder out) {
            out.append(MetadataFilter.field(field)).append(' ').append(op.text).append(' ').append(MetadataFilter.literal(constant));
        }
    }

    /** {@code field [NOT] IN (constant, ...)}. */
    record In(String field, List<Object> values, boolean negated) implements FilterNode {
        public In {
            values = java.util.Collections.unmodifiableList(new ArrayList<>(values)); // may hold NULL: not List.copyOf
        }

        @Override
        public Boolean test(Map<String, Object> m) {
            Object v = read(m, field);
            if (v == null) {
                return null;
            }
            boolean unknown = false;
            for (Object c : values) {
                Integer cmp = compare(v, c);
                if (c == null) {
                    unknown = true;
                } else if (cmp != null && cmp == 0) {
                    return !negated;
                }
            }
            return unknown ? null : negated;
        }

        @Override
        public void render(StringBuilder out) {
            out.append(MetadataFilter.field(field)).append(negated ? " NOT IN (" : " IN (");
            for (int i = 0; i < values.size(); i++) {
                out.append(i > 0 ? ", " : "").append(MetadataFilter.literal(values.get(i)));
            }
            out.append(')');
        }
    }

    /** {@code field [NOT] BETWEEN low AND high}. */
    record Between(String field, Object low, Object high, boolean negated) implements FilterNode {
        @Override
        public Boolean test(Map<String, Object> m) {
            Object v = read(m, field);
            Integer a = compare(v, low);
            Integer b = compare(v, high);
            Boolean aboveLow = a == null ? null : a >= 0;
            Boolean belowHigh = b == null ? null : b <= 0;
            Boolean inside = Boolean.FALSE.equals(aboveLow) || Boolean.FALSE.equals(belowHigh) ? Boolean.FALSE
                    : aboveLow == null || belowHigh == null ? null : Boolean.TRUE;
            return negated && inside != null ? (Boolean) !inside : inside;
        }

        @Override
        public void render(StringBuilder out) {
            out.append(MetadataFilter.field(field)).append(negated ? " NOT BETWEEN " : " BETWEEN ").append(MetadataFilter.literal(low))
                    .append(" AND ").append(MetadataFilter.literal(high));
        }
    }

    /**
     * {@code field [NOT] LIKE 'pattern' [ESCAPE 'c']}: case-sensitive, {@code %} any run, {@code _} one character;
     * after the escape character (none when {@code escape} is {@link #NO_ESCAPE}) {@code %}, {@code _} or the
     * escape character itself stands for itself.
     */
    record Like(String field, String pattern, int escape, Pattern regex, boolean negated) implements FilterNode {
        static final int NO_ESCAPE = -1;

        Like(String field, String pattern, boolean negated) {
            this(field, pattern, NO_ESCAPE, negated);
        }

        Like(String field, String pattern, int escape, boolean negated) {
            this(field, pattern, escape, likePattern(pattern, escape), negated);
        }

        @Override
        public Boolean test(Map<String, Object> m) {
            if (!(read(m, field) instanceof String s)) {
                return null;
            }
            return negated != regex.matcher(s).matches();
        }

        @Override
        public void render(StringBuilder out) {
            out.append(MetadataFilter.field(field)).append(negated ? " NOT LIKE " : " LIKE ").append(MetadataFilter.literal(pattern));
            if (escape != NO_ESCAPE) {
                out.append(" ESCAPE ").append(MetadataFilter.literal(new String(Character.toChars(escape))));
            }
        }

        private static Pattern likePattern(String like, int escape) {
            StringBuilder regex = new StringBuilder();
            int[] cps = like.codePoints().toArray();
            for (int i = 0; i < cps.length; i++) {
                int cp = cps[i];
                if (cp == escape) {
                    if (i + 1 == cps.length) {
                        throw new IllegalArgumentException("LIKE pattern " + MetadataFilter.abbreviate(like)
                                + " ends with its escape character");
                    }
                    regex.append(Pattern.quote(new String(Character.toChars(cps[++i]))));
                } else if (cp == '%') {
                    regex.append(".*");
                } else if (cp == '_') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(new String(Character.toChars(cp))));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }

    /** {@code field IS [NOT] NULL}: never unknown. */
    record IsNull(String field, boolean negated) implements FilterNode {
        @Override
        public Boolean test(Map<String, Object> m) {
            return (read(m, field) == null) != negated;
        }

        @Override
        public void render(StringBuilder out) {
            out.append(MetadataFilter.field(field)).append(negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    // ---------------------------------------------------------------- values

    /** The value of {@code field}: the key as it is, else (for {@code a.b}) the path through nested maps. */
    @SuppressWarnings("unchecked")
    static Object read(Map<String, Object> metadata, String field) {
        Object v = metadata.get(field);
        if (v != null || field.indexOf('.') < 0) {
            return v;
        }
        Object current = metadata;
        for (String part : field.split("\\.")) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(part);
        }
        return current;
    }

    private static Boolean eq(Object v, Object c) {
        Integer cmp = compare(v, c);
        return cmp == null ? (v == null || c == null ? null : Boolean.FALSE) : (Boolean) (cmp == 0);
    }

    /** Orders two values of one kind; null when either is null or their kinds differ. */
    private static Integer compare(Object v, Object c) {
        if (v == null || c == null) {
            return null;
        }
        if (v instanceof Number a && c instanceof Number b) {
            if (isIntegral(a) && isIntegral(b)) {
                return Long.compare(a.longValue(), b.longValue());
            }
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        if (v instanceof String a && c instanceof String b) {
            return Integer.signum(a.compareTo(b));
        }
        if (v instanceof Boolean a && c instanceof Boolean b) {
            return Boolean.compare(a, b);
        }
        return null;
    }

    static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }
}
