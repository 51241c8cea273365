package io.lumosdb.route;

import io.lumosdb.SqlLimits;
import java.sql.SQLSyntaxErrorException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Measures a statement's bracket nesting and longest operator chain in one pass over its characters,
 * for {@link SqlLimits}. It knows quoted strings and identifiers ({@code '..'}, {@code ".."},
 * {@code `..`}) and both comment forms; see {@link SqlLimits} for what is counted and why.
 */
final class SqlMeasure {
    private SqlMeasure() {}

    /**
     * Checks {@code sql} against the limits in one pass over its characters.
     *
     * @throws SQLSyntaxErrorException (SQLState 54001, statement too complex) naming the limit, its
     *     setting in {@code LumosDB.builder()} and where in the text it was passed
     */
    static void check(String sql, SqlLimits limits) throws SQLSyntaxErrorException {
        int maxNesting = limits.maxNesting();
        int maxTerms = limits.maxTerms();
        Measure m = measure(sql, maxNesting, maxTerms);
        if (m.depth > maxNesting) {
            throw new SQLSyntaxErrorException(String.format(Locale.ROOT, "the statement nests brackets deeper than %d levels"
                    + " (at character %d); the limit is LumosDB.builder().sqlLimits(...), default %d", maxNesting, m.at,
                    SqlLimits.DEFAULT_MAX_NESTING), "54001");
        }
        if (m.terms > maxTerms) {
            throw new SQLSyntaxErrorException(String.format(Locale.ROOT, "the statement chains more than %d operands with"
                    + " operators in one expression (at character %d); the limit is LumosDB.builder().sqlLimits(...), default %d",
                    maxTerms, m.at, SqlLimits.DEFAULT_MAX_TERMS), "54001");
        }
    }

    /** The deepest bracket nesting of {@code sql} (as {@link #check} counts it). */
    static int nestingDepth(String sql) {
        return measure(sql, Integer.MAX_VALUE, Integer.MAX_VALUE).depth;
    }

    private record Measure(int depth, int terms, int at) {}

    /** Scans until a limit is passed (then {@code at} is where) or to the end. */
    private static Measure measure(String sql, int stopDepth, int stopTerms) {
        int n = sql.length();
        int depth = 0;
        int deepest = 0;
        int[] chain = new int[16]; // operators seen in the current chain, per nesting level
        int longest = 0;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '\'', '"', '`' -> i = SqlText.skipQuoted(sql, i);
                case '(', '[', '{' -> {
                    depth++;
                    deepest = Math.max(deepest, depth);
                    if (depth > stopDepth) {
                        return new Measure(deepest, longest, i);
                    }
                    if (depth >= chain.length) {
                        chain = Arrays.copyOf(chain, chain.length * 2);
                    }
                    chain[depth] = 0;
                }
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                case ',', ';' -> chain[depth] = 0;
                case '-' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '-') {
                        i = SqlText.skipLineComment(sql, i);
                    } else {
                        chain[depth]++;
                    }
                }
                case '/' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == '*') {
                        int end = sql.indexOf("*/", i + 2);
                        i = end < 0 ? n : end + 1;
                    } else {
                        chain[depth]++;
                    }
                }
                case '+', '*', '%', '&', '|' -> {
                    chain[depth]++;
                    if (i + 1 < n && sql.charAt(i + 1) == '|') {
                        i++; // || is one operator
                    }
                }
                case '<', '>' -> {
                    if (i + 1 < n && sql.charAt(i + 1) == c) {
                        chain[depth]++; // << and >> chain; comparisons do not (a = 1 OR a = 2 is a chain of ORs)
                    }
                    i += i + 1 < n && "=<>".indexOf(sql.charAt(i + 1)) >= 0 ? 1 : 0;
                }
                default -> {
                    if (Character.isLetter(c) || c == '_') {
                        int end = i;
                        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                            end++;
                        }
                        if (end - i <= 3 && isLogicalOperator(sql, i, end)) {
                            chain[depth]++;
                        }
                        i = end - 1;
                    }
                }
            }
            // a chain of k operators has k + 1 operands
            if (chain[depth] + 1 > longest) {
                longest = chain[depth] + 1;
                if (longest > stopTerms) {
                    return new Measure(deepest, longest, i);
                }
            }
        }
        return new Measure(deepest, longest, n);
    }

    private static boolean isLogicalOperator(String sql, int start, int end) {
        String word = sql.substring(start, end);
        return word.equalsIgnoreCase("AND") || word.equalsIgnoreCase("OR");
    }
}
