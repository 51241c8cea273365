package io.lumosdb.cache;

import com.github.benmanes.caffeine.cache.Interner;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * What identifies a cached result: the statement's text with insignificant white space removed, its
 * parameters, and the route it ran on.
 *
 * <pre>{@code
 * QueryKey key = QueryKey.of("SELECT * FROM orders\n WHERE id = ?", new Object[] {42}, "OLTP");
 * // equal to QueryKey.of("SELECT * FROM orders WHERE id = ?", new Object[] {42}, "OLTP")
 * }</pre>
 *
 * <p>Normalization only collapses runs of white space outside string literals, quoted identifiers and
 * comments, and drops a trailing semicolon: two texts with one key always mean the same statement.
 * Parameters are copied; only immutable value types (numbers, strings, booleans, UUIDs, {@code java.time}
 * values, byte arrays, which are copied) make a key, since a key must not change while it is cached.
 */
public final class QueryKey {
    /** One copy of each statement text however many parameter sets are cached for it. */
    private static final Interner<String> TEXTS = Interner.newWeakInterner();
    private final String sql;
    private final List<Object> params;
    private final String route;
    private final int hash;

    private QueryKey(String sql, List<Object> params, String route) {
        this.sql = sql;
        this.params = params;
        this.route = route;
        this.hash = (sql.hashCode() * 31 + params.hashCode()) * 31 + route.hashCode();
    }

    /**
     * The key of {@code sql} run with {@code params} on {@code route}, or null when a parameter's type
     * cannot be part of a key (a mutable or unknown object): such a read is not cached.
     */
    public static QueryKey of(String sql, Object[] params, String route) {
        List<Object> copied = new ArrayList<>(params == null ? 0 : params.length);
        if (params != null) {
            for (Object p : params) {
                if (p instanceof byte[] bytes) {
                    copied.add(ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer());
                } else if (isImmutableValue(p)) {
                    copied.add(p);
                } else {
                    return null;
                }
            }
        }
        return new QueryKey(TEXTS.intern(normalize(sql)), Collections.unmodifiableList(copied), route);
    }

    private static boolean isImmutableValue(Object p) {
        return p == null || p instanceof String || p instanceof Long || p instanceof Integer || p instanceof Double
                || p instanceof Float || p instanceof Short || p instanceof Byte || p instanceof Boolean
                || p instanceof BigDecimal || p instanceof BigInteger || p instanceof UUID || p instanceof Character
                || (p instanceof TemporalAccessor && p.getClass().getName().startsWith("java.time."));
    }

    /**
     * {@code sql} with white space runs outside literals and comments made one space, trimmed, without a
     * final ';': the text a key holds. A caller that sees the same texts again may keep the result and
     * pass it to {@link #of}, which then finds nothing to do.
     */
    public static String normalize(String sql) {
        if (isNormal(sql)) {
            return sql; // the common case, a statement text from the program: nothing to copy
        }
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        boolean pendingSpace = false;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append(' ');
            }
            pendingSpace = false;
            int end = endOfVerbatim(sql, i);
            out.append(sql, i, end);
            i = end - 1;
        }
        int len = out.length();
        while (len > 0 && (out.charAt(len - 1) == ';' || Character.isWhitespace(out.charAt(len - 1)))) {
            len--;
        }
        out.setLength(len);
        return out.toString();
    }

    /** Whether {@link #normalize} would return {@code sql} unchanged: no white space but single spaces, no ';' or space at the ends. */
    private static boolean isNormal(String sql) {
        int n = sql.length();
        if (n == 0 || sql.charAt(0) == ' ' || sql.charAt(n - 1) == ' ' || sql.charAt(n - 1) == ';') {
            return false;
        }
        char previous = 'x';
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == ' ' ? previous == ' ' : Character.isWhitespace(c)) {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /** The end (exclusive) of the token starting at {@code i}: a whole literal or comment, else one character. */
    private static int endOfVerbatim(String sql, int i) {
        char c = sql.charAt(i);
        int n = sql.length();
        if (c == '\'' || c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            int j = i + 1;
            while (j < n) {
                if (sql.charAt(j) == close) {
                    if (close != ']' && j + 1 < n && sql.charAt(j + 1) == close) {
                        j += 2; // doubled quote inside the literal
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return n;
        }
        if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
            int eol = sql.indexOf('\n', i);
            return eol < 0 ? n : eol + 1; // keeps the newline that ends the comment
        }
        if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
            int close = sql.indexOf("*/", i + 2);
            return close < 0 ? n : close + 2;
        }
        return i + 1;
    }

    /** The normalized statement text. */
    public String sql() {
        return sql;
    }

    /** The parameters (byte arrays as read-only buffers). */
    public List<Object> params() {
        return params;
    }

    public String route() {
        return route;
    }

    /** Estimated heap bytes of this key (the statement text is shared between keys: not counted). */
    long weight() {
        long bytes = 64;
        for (Object p : params) {
            bytes += p instanceof ByteBuffer b ? 48 + b.capacity() : p instanceof String s ? 40 + 2L * s.length() : 24;
        }
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryKey k && hash == k.hash && sql.equals(k.sql) && route.equals(k.route)
                && params.equals(k.params);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "QueryKey[" + route + ": " + sql + " " + params + "]";
    }
}
