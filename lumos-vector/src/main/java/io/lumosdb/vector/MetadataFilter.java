package io.lumosdb.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A metadata filter: a predicate over a vector's metadata, parsed and checked once, evaluated in Java by
 * the collection. It never reaches an SQL engine, so it cannot inject anything.
 *
 * <pre>{@code
 * MetadataFilter tenant = MetadataFilter.parse("tenant = " + MetadataFilter.literal(tenantId)); // trusted
 * MetadataFilter asked = MetadataFilter.parse(userText);       // one complete predicate, or refused
 * docs.search(SearchRequest.of(query).filter(tenant.and(asked)));  // the tenant holds whatever userText is
 * }</pre>
 *
 * <p>The language: metadata fields (bare {@code lang}, nested {@code tags.kind}, or {@code "quoted"}) compared
 * with constants ({@code = <> != < <= > >=}), {@code [NOT] IN (...)}, {@code [NOT] BETWEEN}, {@code [NOT] LIKE}
 * (case-sensitive, {@code %} any run, {@code _} one character), {@code IS [NOT] NULL}, combined with
 * {@code AND}, {@code OR}, {@code NOT} and parentheses. Constants: {@code 'text'} ({@code ''} for a quote;
 * a backslash is a backslash), numbers, {@code TRUE}, {@code FALSE}, {@code NULL}. Anything else (functions,
 * subqueries, field-to-field comparisons, comments, a second statement) is an {@link IllegalArgumentException}
 * naming the part at fault and its position.
 *
 * <p>Evaluation follows SQL's three-valued logic: a comparison with a missing or null field is unknown,
 * {@code NOT unknown} is unknown, and only a true result selects. Numbers compare numerically whatever their
 * Java type, text lexically, booleans with {@code TRUE}/{@code FALSE}; values of different kinds are never
 * equal.
 *
 * <p><b>Combining filters.</b> {@link #and} joins two parsed filters as trees. Each was parsed on its own as
 * one complete predicate, so no text of one can reach into the other: {@code "x = 1) OR (x = 1"} does not
 * parse by itself, and once parsed a filter is one operand of the {@code AND} whatever its text was. Never
 * build a filter by pasting a caller's text next to a trusted predicate; parse it and use {@code and}.
 * {@link #toString()} is the canonical text of the tree (fields and constants quoted by {@link #field} and
 * {@link #literal}); parsing it gives the same filter, which is how a combined filter travels as text.
 *
 * <p><b>Limits.</b> So that no filter text can exhaust the stack or the CPU, parsing refuses, as soon as it
 * meets them, parentheses nested deeper than {@value #DEFAULT_MAX_DEPTH} levels and more than
 * {@value #DEFAULT_MAX_OPERATORS} boolean operators ({@code AND}, {@code OR}, {@code NOT}; an {@code IN} list
 * counts as none, so {@code id IN (...)} with 10,000 values is fine). Hand-written and generated filters stay
 * far below both. Raise them with the system properties {@value #MAX_DEPTH_PROPERTY} (at most
 * {@value #MAX_DEPTH_CAP}) and {@value #MAX_OPERATORS_PROPERTY}, read each time a filter is parsed. A filter
 * combined by {@code and} counts both parts. Parsing is linear in the text and never recurses on it
 * ({@link FilterParser}).
 */
public final class MetadataFilter {
    /** Parentheses nested deeper than this are refused, unless {@value #MAX_DEPTH_PROPERTY} says otherwise. */
    public static final int DEFAULT_MAX_DEPTH = 32;
    /** More boolean operators than this are refused, unless {@value #MAX_OPERATORS_PROPERTY} says otherwise. */
    public static final int DEFAULT_MAX_OPERATORS = 1_000;
    /** System property raising or lowering {@link #DEFAULT_MAX_DEPTH} (1 to {@value #MAX_DEPTH_CAP}). */
    public static final String MAX_DEPTH_PROPERTY = "lumos.filter.maxDepth";
    /** System property raising or lowering {@link #DEFAULT_MAX_OPERATORS} (a positive integer). */
    public static final String MAX_OPERATORS_PROPERTY = "lumos.filter.maxOperators";
    /** The deepest nesting that may be configured: the tree is evaluated recursively, one frame per level. */
    public static final int MAX_DEPTH_CAP = 256;

    private static final int QUOTED_CHARS = 120;
    private static final Pattern BARE_PART = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A top-level conjunct {@code field = c} or {@code field IN (c, ...)}: an index can answer it. */
    record Equality(String field, List<Object> keys) {}

    private final FilterNode root;
    private final String text;
    private final List<Equality> equalities;

    private MetadataFilter(FilterNode root) {
        this.root = root;
        StringBuilder out = new StringBuilder();
        root.render(out);
        this.text = out.toString();
        this.equalities = List.copyOf(equalities(root));
    }

    // ---------------------------------------------------------------- API

    /**
     * Parses {@code predicate} as one complete filter.
     *
     * @throws IllegalArgumentException if it is not one (naming the part at fault and its position), or it
     *     crosses a limit (naming the limit and the property that sets it)
     * @throws NullPointerException if {@code predicate} is null
     */
    public static MetadataFilter parse(String predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new MetadataFilter(FilterParser.parse(predicate, limits()));
    }

    /**
     * The filter that selects what both this one and {@code other} select: their trees joined by
     * {@code AND}, neither able to change the other's meaning.
     *
     * @throws IllegalArgumentException if the two together cross a limit
     */
    public MetadataFilter and(MetadataFilter other) {
        Objects.requireNonNull(other, "other");
        MetadataFilter both = new MetadataFilter(FilterNode.junction(false, root, other.root));
        // the canonical text is what a collection parses again: check it gives this tree, within the limits
        MetadataFilter reparsed = parse(both.text);
        if (!reparsed.text.equals(both.text)) {
            throw new IllegalStateException("filter text " + abbreviate(both.text) + " parses as " + abbreviate(reparsed.text));
        }
        return both;
    }

    /**
     * {@code value} as a filter constant: text in single quotes (quotes doubled), a number, {@code TRUE},
     * {@code FALSE} or {@code NULL}. Parsing it gives back the value (a whole number as a long, any other as
     * a double).
     *
     * @throws IllegalArgumentException for another type, or a number that is not finite
     */
    public static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Number n) {
            if (FilterNode.isIntegral(n)) {
                return Long.toString(n.longValue());
            }
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("a filter constant must be a finite number, was " + value);
            }
            return Double.toString(d);
        }
        throw new IllegalArgumentException("a filter constant must be text, a number, a boolean or null, was "
                + value.getClass().getName());
    }

    /**
     * {@code name} as a field of a filter: bare when it is plain words joined by dots, otherwise in double
     * quotes (quotes doubled). A dot reads nested maps unless the metadata has the whole name as a key.
     *
     * @throws IllegalArgumentException for an empty name
     */
    public static String field(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a filter field name must not be empty");
        }
        for (String part : name.split("\\.", -1)) {
            if (!BARE_PART.matcher(part).matches() || FilterLexer.KEYWORDS.contains(part.toUpperCase(Locale.ROOT))) {
                return "\"" + name.replace("\"", "\"\"") + "\"";
            }
        }
        return name;
    }

    /** The canonical text of this filter; {@link #parse} of it gives an equal filter. */
    @Override
    public String toString() {
        return text;
    }

    /** Filters are equal when their canonical texts are: they select the same by construction. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MetadataFilter f && f.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    // ---------------------------------------------------------------- for the collection

    /** {@link #parse}, as the collection calls it. */
    static MetadataFilter compile(String filter) {
        return parse(filter);
    }

    boolean matches(Map<String, Object> metadata) {
        return Boolean.TRUE.equals(root.test(metadata));
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
            if (FilterNode.isIntegral(n)) {
                return n.longValue();
            }
            return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Object) (long) d : (Object) d;
        }
        return null;
    }

    private static List<Equality> equalities(FilterNode root) {
        List<Equality> out = new ArrayList<>();
        for (FilterNode n : root instanceof FilterNode.Junction j && !j.any() ? j.operands() : List.of(root)) {
            if (n instanceof FilterNode.Comparison c && c.op() == FilterNode.Op.EQ) {
                equality(c.field(), java.util.Collections.singletonList(c.constant()), out);
            } else if (n instanceof FilterNode.In in && !in.negated()) {
                equality(in.field(), in.values(), out);
            }
        }
        return out;
    }

    private static void equality(String field, List<Object> constants, List<Equality> out) {
        if (field.indexOf('.') >= 0) {
            return; // nested: not indexed
        }
        List<Object> keys = new ArrayList<>(constants.size());
        for (Object c : constants) {
            Object k = key(c);
            if (k == null) {
                return; // NULL never equals: no key, no index use (the filter still evaluates it)
            }
            keys.add(k);
        }
        out.add(new Equality(field, keys));
    }

    // ---------------------------------------------------------------- limits and errors

    static FilterParser.Limits limits() {
        return new FilterParser.Limits(property(MAX_DEPTH_PROPERTY, DEFAULT_MAX_DEPTH, MAX_DEPTH_CAP),
                property(MAX_OPERATORS_PROPERTY, DEFAULT_MAX_OPERATORS, Integer.MAX_VALUE));
    }

    private static int property(String name, int byDefault, int max) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            return byDefault;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException("system property " + name + " must be an integer from 1 to " + max + ", was '" + v + "'");
    }

    /** A syntax error: what is wrong and where, and what the language allows. */
    static IllegalArgumentException refuse(String filter, String why) {
        return new IllegalArgumentException("filter " + abbreviate(filter) + ": " + why + "; allowed: metadata fields compared"
                + " with constants (= <> < <= > >=), IN, BETWEEN, LIKE, IS [NOT] NULL, AND, OR, NOT, parentheses");
    }

    /** A limit crossed: which, and the property that sets it. */
    static IllegalArgumentException refuseLimit(String filter, String why, String property) {
        return new IllegalArgumentException("filter " + abbreviate(filter) + ": " + why + ", over the limit; set it with"
                + " system property " + property + " (default " + (property.equals(MAX_DEPTH_PROPERTY) ? DEFAULT_MAX_DEPTH
                        : DEFAULT_MAX_OPERATORS) + ")");
    }

    /** {@code text} quoted for a message, shortened in the middle when long (a hostile filter can be megabytes). */
    static String abbreviate(String text) {
        if (text.length() <= QUOTED_CHARS) {
            return "'" + text + "'";
        }
        return "'" + text.substring(0, QUOTED_CHARS / 2) + " ... " + text.substring(text.length() - QUOTED_CHARS / 2)
                + "' (" + text.length() + " characters)";
    }
}
