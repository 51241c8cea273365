package io.lumosdb.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks DuckDB's own parser, without running anything, whether a text is exactly one SELECT.
 *
 * <p>Why: duckdb_jdbc's {@code prepareStatement} <em>runs</em> every statement of a text but the last,
 * and DuckDB knows quoting forms SQLite does not ({@code $$...$$}, {@code $tag$...$tag$},
 * {@code E'\''}, nested block comments). A text SQLite's lexer reads as one statement,
 * {@code SELECT $$'$$ AS a; COPY (SELECT 42) TO 'f'; SELECT $$'$$ AS b}, is three for DuckDB, and the
 * middle one would run while the last is merely prepared. {@code json_serialize_sql} parses with the
 * real grammar and serializes SELECT statements only, so "no error and one statement" is exactly the
 * condition. The answer is kept per text (bounded), as the router keeps its decisions.
 *
 * <p>Most texts need no parse to tell: one that starts with the word SELECT and holds no semicolon but
 * perhaps a last one is a single statement in any lexer, and a statement that starts with SELECT is a
 * SELECT. Quoting cannot change that: where DuckDB's strings or comments differ from SQLite's, they can
 * hide a semicolon or reveal one, and there is none to hide or reveal ({@link #plainlyOneSelect}).
 */
final class DuckSqlCheck {
    private static final int MAX_KEPT = 10_000;
    private static final String PARSE = "SELECT json_extract(j, '$.error')::BOOLEAN, json_extract_string(j, '$.error_message'),"
            + " json_array_length(j, '$.statements') FROM (SELECT json_serialize_sql(?::VARCHAR) AS j)";

    private final Connection connection;
    private final Map<String, Optional<String>> answers = new ConcurrentHashMap<>();
    private PreparedStatement parse;

    DuckSqlCheck(Connection connection) {
        this.connection = connection;
    }

    /** Why DuckDB would not read {@code sql} as exactly one SELECT, or empty if it does. */
    Optional<String> whyNotOneSelect(String sql) throws SQLException {
        if (plainlyOneSelect(sql)) {
            return Optional.empty();
        }
        Optional<String> known = answers.get(sql);
        if (known != null) {
            return known;
        }
        Optional<String> answer = parse(sql);
        if (answers.size() >= MAX_KEPT) {
            answers.clear();
        }
        answers.put(sql, answer);
        return answer;
    }

    /**
     * Whether {@code sql} starts with the word SELECT (after white space only: DuckDB nests block comments,
     * SQLite does not) and holds no semicolon but one at its end, followed by white space only.
     */
    static boolean plainlyOneSelect(String sql) {
        int n = sql.length();
        int i = 0;
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        if (!sql.regionMatches(true, i, "SELECT", 0, 6) || (i + 6 < n && isWordChar(sql.charAt(i + 6)))) {
            return false;
        }
        int semicolon = sql.indexOf(';', i);
        if (semicolon < 0) {
            return true;
        }
        for (int j = semicolon + 1; j < n; j++) {
            if (!Character.isWhitespace(sql.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Throws unless DuckDB reads {@code sql} as exactly one SELECT. */
    void requireOneSelect(String sql) throws SQLException {
        Optional<String> why = whyNotOneSelect(sql);
        if (why.isPresent()) {
            throw new SQLSyntaxErrorException(why.get(), "42000"); // the caller names route and statement
        }
    }

    private synchronized Optional<String> parse(String sql) throws SQLException {
        if (parse == null) {
            parse = connection.prepareStatement(PARSE);
        }
        parse.setString(1, sql);
        try (ResultSet rs = parse.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
                String error = rs.getString(2);
                if (error != null && error.startsWith("Only SELECT statements")) {
                    return Optional.of("the analytical route runs one SELECT statement, and DuckDB reads another kind of"
                            + " statement, or several, in this text (DuckDB also knows $$...$$ and E'...' strings)");
                }
                return Optional.of(error == null ? "DuckDB cannot parse it" : error);
            }
            long statements = rs.getLong(3);
            if (statements != 1) {
                return Optional.of("DuckDB reads " + statements + " statements in this text (it also knows $$...$$ and"
                        + " E'...' strings); one statement per call");
            }
            return Optional.empty();
        }
    }

    synchronized void close() throws SQLException {
        if (parse != null) {
            parse.close();
        }
        connection.close();
    }
}
