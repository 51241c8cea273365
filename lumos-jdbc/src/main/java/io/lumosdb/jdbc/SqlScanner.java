package io.lumosdb.jdbc;

import java.util.Locale;

/**
 * The little the driver reads of SQL text itself: where the {@code ?} parameters are (outside quotes and comments)
 * and whether a statement is an INSERT. Everything else is the facade's (io.lumosdb's router parses statements).
 */
final class SqlScanner {
    private SqlScanner() {}

    /** The number of {@code ?} parameters outside string literals, quoted names and comments. */
    static int parameterCount(String sql) {
        int count = 0;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                i++;
                while (i < n && sql.charAt(i) != close) {
                    i++;
                }
            } else if (commentEnd(sql, i) > i) {
                i = commentEnd(sql, i) - 1;
            } else if (c == '?') {
                count++;
            }
        }
        return count;
    }

    /** Whether the first keyword (after comments and a WITH clause's CTEs are skipped) is INSERT or REPLACE. */
    static boolean isInsert(String sql) {
        String first = firstWord(sql);
        if (first.equals("WITH")) {
            String upper = sql.toUpperCase(Locale.ROOT);
            return upper.contains("INSERT") || upper.contains("REPLACE");
        }
        return first.equals("INSERT") || first.equals("REPLACE");
    }

    /** The index after the comment starting at {@code i}, or {@code i} if none starts there. */
    private static int commentEnd(String sql, int i) {
        int n = sql.length();
        if (sql.startsWith("--", i)) {
            int end = sql.indexOf('\n', i);
            return end < 0 ? n : end + 1;
        }
        if (sql.startsWith("/*", i)) {
            int end = sql.indexOf("*/", i + 2);
            return end < 0 ? n : end + 2;
        }
        return i;
    }

    static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (commentEnd(sql, i) > i) {
                i = commentEnd(sql, i);
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
}
