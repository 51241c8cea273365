package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DuckDB-only reads (DESCRIBE, SUMMARIZE, SHOW, FROM-first, file readers) go to the replica and run there; a
 * file read needs a grant for its directory, and without one DuckDB's refusal is the answer (not SQLite's
 * syntax error).
 */
class DuckOnlySyntaxRoutingTest {
    @TempDir
    Path dir;

    private static List<String> column(QueryResult r, int c) {
        return r.rows().stream().map(row -> String.valueOf(row.get(c))).toList();
    }

    @Test
    void describeSummarizeShowAndFromFirst_runOnTheReplica() throws SQLException {
        try (LumosDB db = LumosDB.open(dir.resolve("db"))) {
            db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, placed DATE, amount DOUBLE)");
            db.update("INSERT INTO orders VALUES (1, '2024-01-02', 10.5), (2, '2024-03-04', 20)");
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            for (String sql : List.of("DESCRIBE orders", "SUMMARIZE orders", "SHOW TABLES", "FROM orders", "show tables;")) {
                assertEquals(StatementKind.READ, db.kind(sql), sql);
                assertEquals(Route.OLAP, db.explain(sql).route(), sql);
                assertTrue(db.explain(sql).reason().contains("DuckDB syntax"), db.explain(sql).reason());
            }
            QueryResult described = db.query("DESCRIBE orders");
            assertEquals(Route.OLAP, described.route());
            assertEquals(List.of("id", "placed", "amount"), column(described, 0));
            assertEquals("DATE", String.valueOf(described.rows().get(1).get(1)));
            assertTrue(column(db.query("SHOW TABLES"), 0).contains("orders"));
            assertEquals(List.of("id", "placed", "amount"), column(db.query("SUMMARIZE orders"), 0));
            assertEquals(2, db.query("FROM orders WHERE amount > 1").size());
            assertEquals(Route.OLTP, db.explain("SELECT 'read_csv(x)' AS s").route(), "a file reader's name in a literal is text");
            QueryResult info = db.query("PRAGMA table_info(orders)");
            assertEquals(List.of("id", "placed", "amount"), column(info, 1));
            assertTrue(info.decision().reason().contains("PRAGMA that reads"), info.decision().reason());
        }
    }

    @Test
    void fileReaders_needAGrant_andDuckDbsRefusalIsTheError() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path csv = Files.writeString(in.resolve("people.csv"), "name,age\nAda,36\nLin,41\n");
        Path outside = Files.writeString(dir.resolve("secret.csv"), "x\n1\n");
        try (LumosDB db = LumosDB.open(dir.resolve("closed"))) {
            String sql = "SELECT count(*) FROM read_csv('" + csv + "')";
            assertEquals(Route.OLAP, db.explain(sql).route());
            assertTrue(db.explain(sql).reason().contains("read_csv()"), db.explain(sql).reason());
            SQLException e = assertThrows(SQLException.class, () -> db.query(sql));
            assertTrue(e.getMessage().contains("Permission Error"), e.getMessage());
        }
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("granted")).allowFileAccess(in).open()) {
            assertEquals(2L, ((Number) db.query("SELECT count(*) FROM read_csv('" + csv + "')").rows().get(0).get(0)).longValue());
            QueryResult fromFile = db.query("FROM '" + csv + "' ORDER BY age");
            assertEquals(Route.OLAP, fromFile.route());
            assertEquals(List.of("Ada", "Lin"), column(fromFile, 0));
            SQLException e = assertThrows(SQLException.class, () -> db.query("FROM '" + outside + "'"));
            assertTrue(e.getMessage().contains("Permission Error"), e.getMessage());
        }
    }
}
