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

    /**
     * The text with its literals lifted out, as the key of everything the router decides about a read
     * that does not depend on a literal's value; null for a text whose decision may depend on more.
     * A number becomes {@code #} and a string {@code '?'}; kept as written are numbers after
     * {@code LIMIT} (the row-count rule reads them), the string {@code 'now'} (the current time), and a
     * string right after a letter ({@code X'00'}, {@code E'..'}) and a parameter's number ({@code ?2}). Only a text starting with SELECT or WITH
     * and without {@code $} or backslash has one: DuckDB reads the quoting of those exactly as SQLite does.
     * One pass, no allocation but the result.
     */
    public static String withoutLiterals(String sql) {
        return withoutLiterals(sql, null);
    }

    /**
     * As {@link #withoutLiterals(String)}, adding to {@code lifted} (if not null) each literal it lifted
     * out, as written ({@code 12.5e3}, {@code 'it''s'}), in order.
     */
    public static String withoutLiterals(String sql, List<String> lifted) {
        String keyword = firstKeyword(sql);
        if (!(keyword.equals("SELECT") || keyword.equals("WITH")) || sql.indexOf('$') >= 0
                || sql.indexOf('\\') >= 0) {
            return null;
        }
        int n = sql.length();
        StringBuilder shape = new StringBuilder(n);
        boolean afterLimit = false;
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = skipQuoted(sql, i);
                if (end >= n) {
                    return null; // unterminated: the parser says what is wrong
                }
                boolean prefixed = i > 0 && Character.isLetter(sql.charAt(i - 1));
                String literal = sql.substring(i, end + 1);
                boolean kept = prefixed || literal.substring(1, literal.length() - 1).trim().equalsIgnoreCase("now");
                shape.append(kept ? literal : "'?'");
                if (!kept && lifted != null) {
                    lifted.add(literal);
                }
                i = end;
            } else if (c == '"' || c == '`' || c == '[') {
                int end = skipQuoted(sql, i);
                shape.append(sql, i, Math.min(end + 1, n));
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = skipLineComment(sql, i);
                shape.append(sql, i, end);
                i = end - 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                shape.append(sql, i, end);
                i = end - 1;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
                    end++;
                }
                afterLimit |= end - i == 5 && sql.regionMatches(true, i, "LIMIT", 0, 5);
                shape.append(sql, i, end);
                i = end - 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int end = endOfNumber(sql, i);
                if (afterLimit || (i > 0 && sql.charAt(i - 1) == '?')) { // ?1 is a parameter's number
                    shape.append(sql, i, end);
                } else {
                    shape.append('#');
                    if (lifted != null) {
                        lifted.add(sql.substring(i, end));
                    }
                }
                i = end - 1;
            } else {
                shape.append(c);
            }
        }
        return shape.toString();
    }

    /** Where the number starting at {@code start} ends: digits, a fraction, an exponent, or 0x and hex digits. */
    private static int endOfNumber(String sql, int start) {
        int n = sql.length();
        int i = start;
        if (sql.charAt(i) == '0' && i + 1 < n && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')) {
            i += 2;
            while (i < n && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
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
