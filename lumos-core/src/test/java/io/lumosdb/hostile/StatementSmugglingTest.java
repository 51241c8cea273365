package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One statement per call, as each engine reads the text: DuckDB knows quoting forms SQLite does not,
 * and its driver runs every statement of a text but the last while preparing it.
 */
class StatementSmugglingTest {
    @TempDir
    Path dir;

    @Test
    void textsDuckDbReadsAsSeveralStatements_runNothing_andTheReplicaSurvivesReopen() throws SQLException {
        Path home = dir.resolve("db");
        List<String> attacks = List.of(
                "SELECT $$'$$ AS a; DROP VIEW t; SELECT $$'$$ AS b",
                "SELECT $x$'$x$ AS a; UPDATE lumos_data.t SET x = 'owned'; SELECT $x$'$x$ AS b",
                "SELECT E'\\'' AS a; DROP TABLE lumos_data.t; SELECT E'\\'' AS b",
                "SELECT /* /* */ 1; DELETE FROM lumos_data.t; /* */ */ 2",
                "SELECT $$'$$ AS a; COPY (SELECT 42) TO '" + dir.resolve("x.csv") + "'; SELECT $$'$$ AS b");
        try (LumosDB db = LumosDB.builder().directory(home).largeTableRows(1).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)");
            db.update("INSERT INTO t(x) VALUES ('a'), ('b')");
            for (String sql : attacks) {
                assertThrows(SQLException.class, () -> db.query(Route.OLAP, sql), sql);
                assertThrows(SQLException.class, () -> db.query("/*+ OLAP */ " + sql), sql);
                explainQuietly(db, sql); // routing asks DuckDB's parser, which runs nothing
                explainQuietly(db, "/*+ OLAP */ " + sql);
            }
            assertEquals(List.of(List.of("a"), List.of("b")), Hostile.sameOnBothRoutes(db, "SELECT x FROM t ORDER BY id"));
        }
        try (LumosDB db = LumosDB.open(home)) {
            assertEquals(List.of(List.of("a"), List.of("b")), Hostile.sameOnBothRoutes(db, "SELECT x FROM t ORDER BY id"));
        }
        assertTrue(!dir.resolve("x.csv").toFile().exists());
    }

    private static void explainQuietly(LumosDB db, String sql) {
        try {
            db.explain(sql);
        } catch (SQLException refused) {
            // refused before any engine saw it: as good as routed
        }
    }

    @Test
    void theRefusalSaysWhy() throws SQLException {
        try (LumosDB db = LumosDB.open(dir.resolve("db"))) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
            SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class,
                    () -> db.query(Route.OLAP, "SELECT $$'$$ AS a; DROP VIEW t; SELECT $$'$$ AS b"));
            assertTrue(e.getMessage().contains("DuckDB reads"), e.getMessage());
            assertEquals(0L, Hostile.count(db, Route.OLAP, "t"));
        }
    }
}
