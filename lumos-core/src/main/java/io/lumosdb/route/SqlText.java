package io.lumosdb.route;

import io.lumosdb.Route;
import java.util.Locale;
import java.util.Optional;

/**
 * A small SQL lexer for what the parser does not keep: routing hints in comments, the first keyword,
 * and whether a text holds more than one statement. It knows SQLite's quoting ('text', "ident",
 * `ident`, [ident]) and both comment forms, so nothing inside a literal is mistaken for either.
 */
public final class SqlText {
    private SqlText() {}

    /** The route named by a hint comment {@code /*+ OLAP *}{@code /} or {@code /*+ OLTP *}{@code /}, if any. */
    public static Optional<Route> hint(String sql) {
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                i = skipQuoted(sql, i);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = skipLineComment(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end;
                if (i + 2 < n && sql.charAt(i + 2) == '+') {
                    String body = sql.substring(i + 3, end).toUpperCase(Locale.ROOT);
                    for (String word : body.split("[^A-Z]+")) {
                        if (word.equals("OLAP")) {
                            return Optional.of(Route.OLAP);
                        }
                        if (word.equals("OLTP")) {
                            return Optional.of(Route.OLTP);
                        }
                    }
                }
                i = end + 1;
            }
        }
        return Optional.empty();
    }

    /** The first keyword, upper case, after leading white space and comments; empty if there is none. */
    public static String firstKeyword(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = skipLineComment(sql, i) + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /** Whether anything but white space, comments and semicolons follows the first statement's semicolon. */
    public static boolean hasSeveralStatements(String sql) {
        int n = sql.length();
        boolean sawSemicolon = false;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                if (sawSemicolon) {
                    return true;
                }
                i = skipQuoted(sql, i);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = skipLineComment(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == ';') {
                sawSemicolon = true;
            } else if (sawSemicolon && !Character.isWhitespace(c)) {
                return true;
            }
        }
        return false;
    }

    /** The text without a trailing semicolon (and the white space around it). */
    public static String withoutTrailingSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    private static int skipQuoted(String sql, int start) {
        char open = sql.charAt(start);
        char close = open == '[' ? ']' : open;
        int n = sql.length();
        for (int i = start + 1; i < n; i++) {
            if (sql.charAt(i) == close) {
                if (close != ']' && i + 1 < n && sql.charAt(i + 1) == close) {
                    i++; // doubled quote inside the literal
                } else {
                    return i;
                }
            }
        }
        return n;
    }

    private static int skipLineComment(String sql, int start) {
        int end = sql.indexOf('\n', start);
        return end < 0 ? sql.length() : end;
    }
}
