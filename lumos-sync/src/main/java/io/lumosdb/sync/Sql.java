package io.lumosdb.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Identifier and literal quoting, and one-shot statements, shared by the replica's classes. */
final class Sql {
    private Sql() {}

    /** Quotes an identifier for both SQLite and DuckDB: {@code my"t} becomes {@code "my""t"}. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Quotes a string literal for both engines. */
    static String literal(String text) {
        return '\'' + text.replace("'", "''") + '\'';
    }

    static void exec(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
