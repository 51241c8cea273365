package io.lumosdb.route;

import io.lumosdb.Route;
import java.util.ArrayList;
import java.util.List;
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
        for (String word : hintWords(sql)) {
            if (word.equals("OLAP")) {
                return Optional.of(Route.OLAP);
            }
            if (word.equals("OLTP")) {
                return Optional.of(Route.OLTP);
            }
        }
        return Optional.empty();
    }

    /** Whether a hint comment says {@code /*+ NO_CACHE *}{@code /}: the result is neither served from nor put in the cache. */
    public static boolean noCacheHint(String sql) {
        List<String> words = hintWords(sql);
        return words.contains("NO_CACHE") || words.contains("NOCACHE");
    }

    /** The words, upper case, of every hint comment ({@code /*+ ... *}{@code /}) outside literals. */
    private static List<String> hintWords(String sql) {
        List<String> words = new ArrayList<>();
        int n = sql.length();
        if (sql.indexOf("/*+") < 0) {
            return words;
        }
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
                    for (String word : sql.substring(i + 3, end).toUpperCase(Locale.ROOT).split("[^A-Z_]+")) {
                        if (!word.isEmpty()) {
                            words.add(word);
                        }
                    }
                }
                i = end + 1;
            }
        }
        return words;
    }

    /** The first keyword, upper case, after leading white space and comments; empty if there is none. */
    public static String firstKeyword(String sql) {
        int end = afterFirstKeyword(sql);
        return sql.substring(keywordStart(sql), end).toUpperCase(Locale.ROOT);
    }

    /** Where the first keyword ends (see {@link #firstKeyword}). */
    static int afterFirstKeyword(String sql) {
        int i = keywordStart(sql);
        while (i < sql.length() && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int keywordStart(String sql) {
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
        return i;
    }

    /** Whether anything but white space, comments and semicolons follows the first statement's semicolon. */
    public static boolean hasSeveralStatements(String sql) {
        int n = sql.length();
        boolean sawSemicolon = false;
        boolean trigger = false; // CREATE TRIGGER: semicolons between BEGIN and its END end body statements
        int wordsSeen = 0;
        int blocks = 0;
        int cases = 0;
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
                sawSemicolon = blocks == 0;
            } else if (sawSemicolon && !Character.isWhitespace(c)) {
                return true;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
                wordsSeen++;
                if (wordsSeen <= 4 && word.equals("TRIGGER")) {
                    trigger = true; // CREATE [TEMP] TRIGGER [IF NOT EXISTS]
                } else if (trigger && word.equals("BEGIN")) {
                    blocks++;
                } else if (trigger && blocks > 0 && word.equals("CASE")) {
                    cases++;
                } else if (trigger && blocks > 0 && word.equals("END")) {
                    if (cases > 0) {
                        cases--;
                    } else {
                        blocks--;
                    }
                }
                i = end - 1;
            }
        }
        return false;
    }

    static int skipQuoted(String sql, int start) {
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

    static int skipLineComment(String sql, int start) {
        int end = sql.indexOf('\n', start);
        return end < 0 ? sql.length() : end;
    }
}
