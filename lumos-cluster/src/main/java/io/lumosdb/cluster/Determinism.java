package io.lumosdb.cluster;

import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes a write statement give the same result on every node: the leader replaces what SQLite would
 * evaluate differently on each (the clock, the random generator) by literals before the statement enters
 * the log, and refuses what it cannot replace. Followers apply the literal form.
 *
 * <p>Design (after rqlite's statement rewriting, https://rqlite.io/docs/api/non-deterministic/): a lexer
 * pass over the text, string literals, quoted names and comments kept as they are.
 * <ul>
 *   <li>{@code random()} becomes one 64-bit integer literal per occurrence (so {@code INSERT ... SELECT
 *       random() FROM t} gives every row the same value, as in rqlite);
 *   <li>{@code randomblob(N)} with a literal {@code N} (at most 1 MiB) becomes a blob literal;
 *   <li>{@code CURRENT_TIMESTAMP}, {@code CURRENT_DATE}, {@code CURRENT_TIME} become the leader's UTC
 *       clock as text, in SQLite's own formats;
 *   <li>{@code 'now'} as an argument of {@code date}, {@code time}, {@code datetime}, {@code julianday},
 *       {@code unixepoch}, {@code strftime} or {@code timediff}, and those functions without argument,
 *       become the leader's clock to the millisecond;
 *   <li>refused: schema statements using any of these (a {@code DEFAULT CURRENT_TIMESTAMP} or a trigger
 *       calling {@code random()} runs later, on each node's own clock), {@code randomblob} of a computed size, {@code total_changes()} (a connection's history),
 *       a {@code 'now'} passed as a parameter to a statement calling a time function (the leader cannot
 *       tell which parameter reaches which function), and writes of {@code PRAGMA user_version}, which
 *       holds the node's applied log index.
 * </ul>
 */
final class Determinism {
    private static final Set<String> TIME_FUNCTIONS = Set.of("date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff");
    private static final Set<String> NOW_WITHOUT_ARGUMENT = Set.of("date", "time", "datetime", "julianday", "unixepoch");
    private static final int MAX_RANDOMBLOB = 1 << 20;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Determinism() {}

    /**
     * Refuses {@code sql} if no rewriting can make it deterministic; runs nothing.
     *
     * @throws SQLFeatureNotSupportedException naming the construct
     */
    static void check(String sql, Object[] params) throws SQLFeatureNotSupportedException {
        rewrite(sql, params, Instant.EPOCH, new SplittableRandom(0));
    }

    /**
     * {@code sql} with the leader's clock and random values in place of SQLite's. Schema statements
     * ({@code CREATE}, {@code ALTER}) that would need it are refused instead: a {@code DEFAULT
     * CURRENT_TIMESTAMP} made a literal would change the table's meaning.
     *
     * @throws SQLFeatureNotSupportedException naming what cannot be made deterministic
     */
    static String rewrite(String sql, Object[] params, Instant now, SplittableRandom random) throws SQLFeatureNotSupportedException {
        String fixed = rewriteText(sql, params, now, random);
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        if ((head.startsWith("create") || head.startsWith("alter")) && !fixed.equals(sql)) {
            throw refused("a schema that reads the clock or the random generator (a DEFAULT, a trigger) would read each"
                    + " node's own when rows are written; write the value in the INSERT instead");
        }
        return fixed;
    }

    private static String rewriteText(String sql, Object[] params, Instant now, SplittableRandom random) throws SQLFeatureNotSupportedException {
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int n = sql.length();
        int depth = 0;
        int timeDepth = -1; // the paren depth of the innermost time function's arguments, or -1
        boolean callsTimeFunction = false;
        boolean first = true;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = endOfQuoted(sql, i, '\'');
                String literal = sql.substring(i, end);
                if (timeDepth >= 0 && depth >= timeDepth && literal.equalsIgnoreCase("'now'")) {
                    out.append('\'').append(MILLIS.format(now)).append('\'');
                } else {
                    out.append(literal);
                }
                i = end;
            } else if (c == '"' || c == '`') {
                int end = endOfQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '[') {
                int end = sql.indexOf(']', i);
                end = end < 0 ? n : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '(') {
                depth++;
                out.append(c);
                i++;
            } else if (c == ')') {
                if (timeDepth == depth) {
                    timeDepth = -1;
                }
                depth--;
                out.append(c);
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_' || sql.charAt(end) == '$')) {
                    end++;
                }
                String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
                boolean wasFirst = first;
                first = false;
                int open = skipSpace(sql, end);
                boolean call = open < n && sql.charAt(open) == '(' && !precededByDot(sql, i);
                if (wasFirst && word.equals("pragma") && sql.toLowerCase(Locale.ROOT).contains("user_version")) {
                    throw refused("PRAGMA user_version holds the node's applied log index in a cluster and cannot be written");
                }
                if (call && word.equals("random") && closesAt(sql, open) >= 0) {
                    long v = random.nextLong();
                    v = v == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : v;
                    out.append(v < 0 ? "(" + v + ")" : Long.toString(v));
                    i = closesAt(sql, open) + 1;
                    continue;
                }
                if (call && word.equals("randomblob")) {
                    int close = sql.indexOf(')', open);
                    String arg = close < 0 ? "" : sql.substring(open + 1, close).trim();
                    if (!arg.matches("\\d{1,7}") || Integer.parseInt(arg) > MAX_RANDOMBLOB) {
                        throw refused("randomblob() takes a literal size of at most " + MAX_RANDOMBLOB
                                + " in a cluster (the leader draws the bytes), was '" + arg + "'");
                    }
                    byte[] b = new byte[Math.max(1, Integer.parseInt(arg))];
                    random.nextBytes(b);
                    out.append("X'").append(HexFormat.of().formatHex(b)).append('\'');
                    i = close + 1;
                    continue;
                }
                if (call && word.equals("total_changes")) {
                    throw refused("total_changes() counts one connection's history, which differs between nodes");
                }
                if (!call && word.equals("current_timestamp")) {
                    out.append('\'').append(SECONDS.format(now)).append('\'');
                    i = end;
                    continue;
                }
                if (!call && word.equals("current_date")) {
                    out.append('\'').append(DATE.format(now)).append('\'');
                    i = end;
                    continue;
                }
                if (!call && word.equals("current_time")) {
                    out.append('\'').append(TIME.format(now)).append('\'');
                    i = end;
                    continue;
                }
                if (call && TIME_FUNCTIONS.contains(word) && !precededByDot(sql, i)) {
                    callsTimeFunction = true;
                    int close = skipSpace(sql, open + 1);
                    if (close < n && sql.charAt(close) == ')' && NOW_WITHOUT_ARGUMENT.contains(word)) {
                        out.append(sql, i, open + 1).append('\'').append(MILLIS.format(now)).append('\'');
                        i = open + 1;
                        continue;
                    }
                    if (timeDepth < 0) {
                        timeDepth = depth + 1;
                    }
                }
                out.append(sql, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        if (callsTimeFunction && params != null) {
            for (Object p : params) {
                if (p instanceof String s && s.trim().equalsIgnoreCase("now")) {
                    throw refused("a parameter 'now' given to a statement that calls a time function would read each node's"
                            + " clock; write the time in the SQL ('now' or CURRENT_TIMESTAMP, which the leader fixes) or pass the time itself");
                }
            }
        }
        return out.toString();
    }

    private static SQLFeatureNotSupportedException refused(String why) {
        return new SQLFeatureNotSupportedException("not deterministic across the cluster's nodes: " + why, "0A000");
    }

    private static int endOfQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index of the ')' that closes an empty argument list opened at {@code open}, or -1. */
    private static int closesAt(String sql, int open) {
        int i = skipSpace(sql, open + 1);
        return i < sql.length() && sql.charAt(i) == ')' ? i : -1;
    }

    private static boolean precededByDot(String sql, int i) {
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(sql.charAt(j))) {
            j--;
        }
        return j >= 0 && sql.charAt(j) == '.';
    }
}
