package io.lumosdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** The schema of the stale-read properties: tables {@code a} and {@code b}, the view {@code ab} over both, and another writer. */
final class TwoTables {
    private TwoTables() {}

    /** Creates {@code a(id, v)}, {@code b(id, v)} and {@code ab}, their union, in {@code db}. */
    static void create(LumosDB db) throws SQLException {
        db.execute("CREATE TABLE a(id INTEGER PRIMARY KEY, v INTEGER)");
        db.execute("CREATE TABLE b(id INTEGER PRIMARY KEY, v INTEGER)");
        db.execute("CREATE VIEW ab AS SELECT id, v FROM a UNION ALL SELECT id, v FROM b");
    }

    /** A plain sqlite-jdbc connection to {@code db}'s SQLite file, as another program would write it. */
    static Connection otherWriter(LumosDB db) throws SQLException {
        Connection other = DriverManager.getConnection("jdbc:sqlite:" + db.directory().resolve("lumos.sqlite"));
        try (Statement st = other.createStatement()) {
            st.execute("PRAGMA busy_timeout = 30000");
        }
        return other;
    }
}
