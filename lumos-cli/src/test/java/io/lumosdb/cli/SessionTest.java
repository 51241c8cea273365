package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's statement splitting, commands and printing, in process on a real database. */
class SessionTest {
    @TempDir
    Path dir;
    LumosDB db;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session session;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.open(dir.resolve("db"));
        session = new Session(db, new PrintWriter(out), new PrintWriter(err), false);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void statementsEndAtSemicolonsOutsideQuotesCommentsAndTriggerBodies() {
        StatementBuffer b = new StatementBuffer();
        assertEquals(List.of(), b.add("SELECT 'a;b', -- not the end;"));
        assertTrue(b.open());
        assertEquals(List.of("SELECT 'a;b', -- not the end;\n  /* nor; this */ 2", "SELECT 3"), b.add("  /* nor; this */ 2; SELECT 3;"));
        assertFalse(b.open());
        assertEquals(List.of(), b.add("CREATE TRIGGER t AFTER INSERT ON x BEGIN"));
        assertEquals(List.of(), b.add("  UPDATE y SET n = n + 1;"));
        List<String> trigger = b.add("END; SELECT \"odd;name\" FROM z");
        assertEquals(1, trigger.size());
        assertTrue(trigger.get(0).startsWith("CREATE TRIGGER") && trigger.get(0).endsWith("END"), trigger.get(0));
        assertEquals("SELECT \"odd;name\" FROM z", b.drain());
        assertEquals("", b.drain());
    }

    @Test
    void tablesPrintAlignedWithRouteAndTruncateLongResults() throws SQLException {
        session.run("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, blob BLOB)");
        session.run("INSERT INTO t VALUES (1, 'short', x'00ff'), (22, '" + "x".repeat(80) + "', NULL)");
        out.getBuffer().setLength(0);
        session.run("SELECT * FROM t ORDER BY id");
        String[] lines = out.toString().split("\n");
        assertEquals("id | name", lines[0].substring(0, 9));
        assertTrue(lines[2].startsWith(" 1 | short"), lines[2]);
        assertTrue(lines[2].endsWith("x'00ff'"), lines[2]);
        assertTrue(lines[3].contains("~"), "a long cell is cut: " + lines[3]);
        assertTrue(lines[3].endsWith("NULL"), lines[3]);
        assertTrue(lines[4].startsWith("(2 rows, OLTP: "), lines[4]);
        out.getBuffer().setLength(0);
        session.run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 205) SELECT x FROM c");
        assertTrue(out.toString().contains("... 5 more rows (205 in all;"), out.toString());
    }

    @Test
    void commandsAndErrors() throws Exception {
        session.run("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT)");
        session.run("CREATE VIEW v AS SELECT name FROM items");
        out.getBuffer().setLength(0);
        assertTrue(session.command(".tables"));
        assertEquals("items\nv (view)\n", out.toString());
        out.getBuffer().setLength(0);
        session.command(".schema items");
        assertTrue(out.toString().startsWith("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT);"), out.toString());
        session.command(".schema nope");
        assertTrue(err.toString().contains("no table or view named nope"), err.toString());
        session.command(".route sideways");
        session.command(".mode xml");
        session.command(".timer maybe");
        session.command(".frobnicate");
        assertEquals(5, session.errors());
        assertEquals(5, err.toString().lines().filter(l -> l.startsWith("Error: ")).count(), err.toString());
        out.getBuffer().setLength(0);
        session.command(".route olap");
        session.command(".mode json");
        session.run("SELECT count(*) AS n FROM items");
        assertTrue(out.toString().endsWith("[{\"n\":0}]\n"), out.toString());
        session.command(".mode csv");
        out.getBuffer().setLength(0);
        session.command(".sync");
        session.command(".cache");
        session.command(".vectors");
        session.command(".help");
        assertTrue(out.toString().contains("applied ") && out.toString().contains("hit ratio") && out.toString().contains("no vector collections")
                && out.toString().contains(".read FILE"), out.toString());
        assertFalse(session.command(".quit"));
        assertTrue(session.tableNames().contains("items"));
    }

    @Test
    void readRunsAFileAndStopsAtItsFirstError() throws Exception {
        Path script = dir.resolve("script.sql");
        Files.writeString(script, "CREATE TABLE a(x INTEGER);\nINSERT INTO a VALUES (1),\n (2);\n.mode csv\nSELECT sum(x) AS s FROM a;\n"
                + "SELECT * FROM missing;\nINSERT INTO a VALUES (100);\n");
        session.command(".read " + script);
        assertTrue(out.toString().contains("s\n3\n"), out.toString());
        assertEquals(1, session.errors());
        assertEquals(2L, db.query("SELECT count(*) FROM a").rows().get(0).getLong(0), "stopped at the error");
        session.command(".read " + dir.resolve("absent.sql"));
        assertEquals(2, session.errors());
    }

    @Test
    void importAndExportInProcess() throws Exception {
        Path csv = dir.resolve("in.csv");
        Files.writeString(csv, "k,v,flag,at\n1,1.5,true,2024-01-02 03:04:05\n2,,false,2024-02-03 04:05:06\n");
        FileImporter.Imported r = FileImporter.run(db, "kv", csv, false, rows -> { });
        assertEquals(2, r.rows());
        assertTrue(r.created());
        assertEquals("INTEGER", FileImporter.sqliteType("BIGINT"));
        assertEquals("DOUBLE", FileImporter.sqliteType("DECIMAL(18,3)"));
        assertEquals("TIMESTAMP", FileImporter.sqliteType("TIMESTAMP WITH TIME ZONE"));
        assertEquals("TEXT", FileImporter.sqliteType("STRUCT(a INTEGER)"));
        Path json = dir.resolve("out.json");
        assertEquals(2, FileExporter.run(db, "SELECT * FROM kv ORDER BY k", json));
        String text = Files.readString(json);
        assertTrue(text.contains("\"k\":1") && text.contains("\"v\":1.5"), text);
        assertThrows(IllegalArgumentException.class, () -> FileImporter.run(db, "kv", dir.resolve("x.txt"), false, rows -> { }));
        assertThrows(IllegalArgumentException.class, () -> FileFormat.of(Path.of("data.xlsx")));
        assertEquals("\"a,b\"", RowFormats.csvField("a,b"));
        assertEquals("\"\"", RowFormats.csvField(""));
        assertEquals(OutputMode.JSON, OutputMode.parse(" Json "));
    }
}
