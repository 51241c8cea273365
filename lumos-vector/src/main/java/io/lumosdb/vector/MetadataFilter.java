package io.lumosdb.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;

/**
 * A metadata filter: an SQL predicate, parsed with JSqlParser and compiled into a tree evaluated in
 * Java against a vector's metadata. Only comparisons of metadata fields with constants, {@code IN},
 * {@code BETWEEN}, {@code LIKE}, {@code IS [NOT] NULL}, {@code AND}, {@code OR}, {@code NOT} and
 * parentheses are accepted; anything else (functions, subqueries, column-to-column comparisons, a second
 * statement) is refused with the part at fault named. The text never reaches an SQL engine, so it cannot
 * inject anything.
 *
 * <p>Evaluation follows SQL's three-valued logic: a comparison with a missing or null field is unknown,
 * {@code NOT unknown} is unknown, and only a true result selects. Numbers compare numerically whatever
 * their Java type, text lexically, booleans with {@code TRUE}/{@code FALSE}; values of different kinds are
 * never equal. {@code LIKE} is case-sensitive ({@code %} any run, {@code _} one character), as the
 * facade's SQL is. A field name with dots ({@code a.b}) reads nested maps.
 */
final class MetadataFilter {
    /** A compiled predicate: TRUE, FALSE or null (unknown). */
    private interface Node {
        Boolean test(Map<String, Object> metadata);
    }

    /** A top-level conjunct {@code field = c} or {@code field IN (c, ...)}: an index can answer it. */
    record Equality(String field, List<Object> keys) {}

    private final String text;
    private final Node root;
    private final List<Equality> equalities;

    private MetadataFilter(String text, Node root, List<Equality> equalities) {
        this.text = text;
        this.root = root;
        this.equalities = List.copyOf(equalities);
    }

    /** The conjuncts every match must satisfy that are equalities on a top-level field (index keys). */
    List<Equality> equalities() {
        return equalities;
    }

    /**
     * The key under which a value is indexed: equal keys for values the filter calls equal (numbers by
     * value whatever their type, text and booleans as they are); null for values not indexed.
     */
    static Object key(Object v) {
        if (v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (isIntegral(n)) {
                return n.longValue();
            }
            return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : (Object) d;
        }
        return null;
    }

    private static void collectEqualities(Expression e, List<Equality> out) {
        if (e instanceof AndExpression and) {
            collectEqualities(and.getLeftExpression(), out);
            collectEqualities(and.getRightExpression(), out);
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            collectEqualities((Expression) p.get(0), out);
        } else if (e instanceof EqualsTo eq) {
            Expression field = eq.getLeftExpression() instanceof Column && !isBooleanWord(eq.getLeftExpression())
                    ? eq.getLeftExpression() : eq.getRightExpression();
            Expression constant = field == eq.getLeftExpression() ? eq.getRightExpression() : eq.getLeftExpression();
            equality(field, List.of(constant), out);
        } else if (e instanceof InExpression in && !in.isNot() && in.getRightExpression() instanceof ExpressionList<?> list) {
            List<Expression> items = new ArrayList<>();
            list.forEach(item -> items.add((Expression) item));
            equality(in.getLeftExpression(), items, out);
        }
    }

    private static void equality(Expression field, List<Expression> constants, List<Equality> out) {
        if (!(field instanceof Column column) || isBooleanWord(field) || column.getFullyQualifiedName().indexOf('.') >= 0) {
            return;
        }
        List<Object> keys = new ArrayList<>();
        for (Expression c : constants) {
            Object k = key(constant(c, ""));
            if (k == null) {
                return; // NULL never equals: no key, no index use (the filter still evaluates it)
            }
            keys.add(k);
        }
        out.add(new Equality(unquote(column.getColumnName()), keys));
    }

    /**
     * Parses and compiles {@code filter}.
     *
     * @throws IllegalArgumentException naming what is not allowed, or why the text does not parse
     */
    static MetadataFilter compile(String filter) {
        Expression e;
        try {
            e = CCJSqlParserUtil.parseCondExpression(filter, false);
        } catch (JSQLParserException | RuntimeException bad) {
            String m = bad.getMessage() == null ? bad.toString() : bad.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("filter '" + filter + "' is not a valid predicate: " + m, bad);
        }
        Node root = node(e, filter);
        List<Equality> equalities = new ArrayList<>();
        collectEqualities(e, equalities);
        return new MetadataFilter(filter, root, equalities);
    }

    boolean matches(Map<String, Object> metadata) {
        return Boolean.TRUE.equals(root.test(metadata));
    }

    @Override
    public String toString() {
        return text;
    }

    // ---------------------------------------------------------------- compile

    private static Node node(Expression e, String filter) {
        if (e instanceof AndExpression and) {
            Node l = node(and.getLeftExpression(), filter);
            Node r = node(and.getRightExpression(), filter);
            return m -> and3(l.test(m), r.test(m));
        }
        if (e instanceof OrExpression or) {
            Node l = node(or.getLeftExpression(), filter);
            Node r = node(or.getRightExpression(), filter);
            return m -> or3(l.test(m), r.test(m));
        }
        if (e instanceof NotExpression not) {
            Node inner = node(not.getExpression(), filter);
            return m -> not3(inner.test(m));
        }
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            return node((Expression) p.get(0), filter);
        }
        if (e instanceof ComparisonOperator c) {
            return comparison(c, filter);
        }
        if (e instanceof InExpression in) {
            String field = field(in.getLeftExpression(), filter, "IN");
            if (!(in.getRightExpression() instanceof ExpressionList<?> list)) {
                throw refuse(filter, "IN needs a list of constants");
            }
            List<Object> values = new ArrayList<>();
            for (Object item : list) {
                values.add(constant((Expression) item, filter));
            }
            boolean negated = in.isNot();
            return m -> {
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
            };
        }
        if (e instanceof Between between) {
            String field = field(between.getLeftExpression(), filter, "BETWEEN");
            Object low = constant(between.getBetweenExpressionStart(), filter);
            Object high = constant(between.getBetweenExpressionEnd(), filter);
            boolean negated = between.isNot();
            return m -> {
                Object v = read(m, field);
                Integer a = compare(v, low);
                Integer b = compare(v, high);
                Boolean inside = and3(a == null ? null : a >= 0, b == null ? null : b <= 0);
                return negated ? not3(inside) : inside;
            };
        }
        if (e instanceof LikeExpression like) {
            if (like.getEscape() != null || like.getLikeKeyWord() != LikeExpression.KeyWord.LIKE) {
                throw refuse(filter, "only plain LIKE is allowed (no ESCAPE, ILIKE, SIMILAR TO)");
            }
            String field = field(like.getLeftExpression(), filter, "LIKE");
            Object pattern = constant(like.getRightExpression(), filter);
            if (!(pattern instanceof String p)) {
                throw refuse(filter, "LIKE needs a text pattern");
            }
            Pattern regex = likePattern(p);
            boolean negated = like.isNot();
            return m -> {
                Object v = read(m, field);
                if (!(v instanceof String s)) {
                    return null;
                }
                boolean found = regex.matcher(s).matches();
                return negated != found;
            };
        }
        if (e instanceof IsNullExpression isNull) {
            String field = field(isNull.getLeftExpression(), filter, "IS NULL");
            boolean negated = isNull.isNot();
            return m -> (read(m, field) == null) != negated;
        }
        throw refuse(filter, "'" + e + "' is not allowed");
    }

    private static Node comparison(ComparisonOperator c, String filter) {
        Expression left = c.getLeftExpression();
        Expression right = c.getRightExpression();
        boolean fieldLeft = left instanceof Column && !isBooleanWord(left);
        String field = field(fieldLeft ? left : right, filter, c.getStringExpression());
        Object constant = constant(fieldLeft ? right : left, filter);
        int sign = fieldLeft ? 1 : -1; // `5 < year` is `year > 5`
        if (c instanceof EqualsTo) {
            return m -> eq(read(m, field), constant);
        }
        if (c instanceof NotEqualsTo) {
            return m -> not3(eq(read(m, field), constant));
        }
        java.util.function.IntPredicate test;
        if (c instanceof GreaterThan) {
            test = x -> sign * x > 0;
        } else if (c instanceof GreaterThanEquals) {
            test = x -> sign * x >= 0;
        } else if (c instanceof MinorThan) {
            test = x -> sign * x < 0;
        } else if (c instanceof MinorThanEquals) {
            test = x -> sign * x <= 0;
        } else {
            throw refuse(filter, "operator " + c.getStringExpression() + " is not allowed");
        }
        return m -> {
            Integer cmp = compare(read(m, field), constant);
            return cmp == null ? null : test.test(cmp);
        };
    }

    private static boolean isBooleanWord(Expression e) {
        return e instanceof Column col && (col.getColumnName().equalsIgnoreCase("true") || col.getColumnName().equalsIgnoreCase("false"))
                && col.getTable() == null;
    }

    private static String field(Expression e, String filter, String where) {
        if (!(e instanceof Column column) || isBooleanWord(e)) {
            throw refuse(filter, where + " must compare a metadata field with constants, found '" + e + "'");
        }
        StringBuilder name = new StringBuilder();
        String qualified = column.getFullyQualifiedName();
        for (String part : qualified.split("\\.")) {
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(unquote(part));
        }
        return name.toString();
    }

    private static Object constant(Expression e, String filter) {
        if (e instanceof StringValue s) {
            return s.getValue().replace("''", "'"); // the parser keeps SQL's doubled quote

        }
        if (e instanceof LongValue l) {
            return l.getValue();
        }
        if (e instanceof DoubleValue d) {
            return d.getValue();
        }
        if (e instanceof NullValue) {
            return null;
        }
        if (e instanceof BooleanValue b) {
            return b.getValue();
        }
        if (isBooleanWord(e)) {
            return Boolean.parseBoolean(((Column) e).getColumnName().toLowerCase(java.util.Locale.ROOT));
        }
        if (e instanceof SignedExpression s && s.getSign() == '-') {
            Object inner = constant(s.getExpression(), filter);
            if (inner instanceof Long l) {
                return -l;
            }
            if (inner instanceof Double d) {
                return -d;
            }
        }
        throw refuse(filter, "'" + e + "' is not a constant (text in single quotes, a number, TRUE, FALSE or NULL)");
    }

    private static IllegalArgumentException refuse(String filter, String why) {
        return new IllegalArgumentException("filter '" + filter + "': " + why + "; allowed: metadata fields compared with"
                + " constants (= <> < <= > >=), IN, BETWEEN, LIKE, IS [NOT] NULL, AND, OR, NOT");
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("`") && s.endsWith("`")
                || s.startsWith("[") && s.endsWith("]"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char ch : like.toCharArray()) {
            if (ch == '%') {
                regex.append(".*");
            } else if (ch == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // ---------------------------------------------------------------- evaluate

    @SuppressWarnings("unchecked")
    private static Object read(Map<String, Object> metadata, String field) {
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

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static Boolean and3(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return false;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    private static Boolean or3(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return true;
        }
        return a == null || b == null ? null : Boolean.FALSE;
    }

    private static Boolean not3(Boolean a) {
        return a == null ? null : !a;
    }
}
