package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell's output modes and settings, its dot-commands, and DuckDB-only reads, in process on a real database. */
class ShellOutputTest {
    @TempDir
    Path dir;
    LumosDB db;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session session;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().directory(dir.resolve("db")).allowFileAccess(dir).open();
        session = new Session(db, new PrintWriter(out), new PrintWriter(err), false);
        session.run("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, x DOUBLE)");
        session.run("INSERT INTO t VALUES (1, 'a|b', 532348211.6499983), (2, NULL, 0.5)");
        out.getBuffer().setLength(0);
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private String run(String... lines) {
        out.getBuffer().setLength(0);
        StatementBuffer buffer = new StatementBuffer();
        for (String line : lines) {
            session.feed(buffer, line);
        }
        session.finish(buffer);
        return out.toString();
    }

    @Test
    void everyMode_printsTheRows_numbersReadable() {
        assertTrue(run(".mode table", "SELECT * FROM t ORDER BY id;").contains("532348211.649998"), out.toString());
        assertTrue(!out.toString().contains("E8"), out.toString());
        assertEquals("""
                ┌────┬──────┬──────────────────┐
                │ id │ name │ x                │
                ├────┼──────┼──────────────────┤
                │  1 │ a|b  │ 532348211.649998 │
                │  2 │ NULL │              0.5 │
                └────┴──────┴──────────────────┘
                """, run(".mode box", "SELECT * FROM t ORDER BY id;").lines().limit(6).map(l -> l + "\n").reduce("", String::concat));
        assertEquals("""
                | id | name | x                |
                |---:|------|-----------------:|
                |  1 | a\\|b | 532348211.649998 |
                |  2 | NULL |              0.5 |
                """, run(".mode markdown", "SELECT * FROM t ORDER BY id;"));
        assertEquals("  id = 1\nname = a|b\n   x = 532348211.649998\n\n  id = 2\nname = NULL\n   x = 0.5\n",
                run(".mode line", "SELECT * FROM t ORDER BY id;"));
        assertEquals("id|name|x\n1|a|b|532348211.649998\n2||0.5\n", run(".mode list", "SELECT * FROM t ORDER BY id;"));
        assertEquals("{\"id\":1,\"name\":\"a|b\",\"x\":5.323482116499983E8}\n{\"id\":2,\"name\":null,\"x\":0.5}\n",
                run(".mode jsonl", "SELECT * FROM t ORDER BY id;"));
        assertEquals("<table>\n<tr><th>id</th><th>name</th><th>x</th></tr>\n<tr><td>1</td><td>a|b</td><td>532348211.649998</td></tr>\n"
                + "<tr><td>2</td><td></td><td>0.5</td></tr>\n</table>\n", run(".mode html", "SELECT * FROM t ORDER BY id;"));
        assertEquals("id\tname\tx\n1\ta|b\t532348211.649998\n2\t\t0.5\n", run(".mode tabs", "SELECT * FROM t ORDER BY id;"));
        String inserts = run(".mode insert copy", "SELECT * FROM t ORDER BY id;");
        assertEquals("INSERT INTO copy(id,name,x) VALUES(1,'a|b',5.323482116499983E8);\nINSERT INTO copy(id,name,x) VALUES(2,NULL,0.5);\n",
                inserts);
        run(".mode table", "CREATE TABLE copy(id INTEGER PRIMARY KEY, name TEXT, x DOUBLE);");
        run(inserts.split("\n"));
        assertEquals("1,a|b,5.323482116499983E8\n2,,0.5\n", run(".mode csv", ".headers off", "SELECT * FROM copy ORDER BY id;"),
                "INSERT mode's statements load the same values back");
        assertEquals("1,a|b,5.323482116499983E8\n2,(none),0.5\n", run(".nullvalue (none)", "SELECT * FROM copy ORDER BY id;"));
        assertEquals("", err.toString());
    }

    @Test
    void widthsHeadersOutputOnceAndBail() throws Exception {
        String narrow = run(".width 2 3", ".headers off", "SELECT id, name FROM t ORDER BY id;");
        assertTrue(narrow.startsWith(" 1 | a|b\n 2 | NU~\n"), narrow);
        Path file = dir.resolve("out.csv");
        Path once = dir.resolve("once.txt");
        assertEquals("", run(".headers on", ".mode csv", ".output " + file, "SELECT id FROM t ORDER BY id;", "SELECT 'second';", ".output",
                ".once " + once, "SELECT 'only once';"));
        assertEquals("id\n1\n2\n'second'\nsecond\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals("'only once'\nonly once\n", Files.readString(once, StandardCharsets.UTF_8));
        assertEquals("1\n", run(".headers off", "SELECT 1;"), "after .once, results come back to the screen");
        session.bail(true);
        run("SELECT * FROM missing;", "SELECT 2;");
        assertTrue(session.bailing());
        assertTrue(err.toString().contains("missing"), err.toString());
    }

    @Test
    void indexesAndDump_rebuildTheDatabase() throws Exception {
        run("CREATE INDEX t_by_name ON t(name);", "CREATE VIEW named AS SELECT * FROM t WHERE name IS NOT NULL;");
        assertEquals("t_by_name\n", run(".indexes"));
        assertEquals("t_by_name\n", run(".indexes T"));
        String dump = run(".dump");
        assertTrue(dump.startsWith("PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t("), dump);
        assertTrue(dump.contains("INSERT INTO t VALUES(1,'a|b',5.323482116499983E8);") && dump.endsWith("COMMIT;\n"), dump);
        assertTrue(!dump.contains("_lumos_"), "Lumos-DB's own objects are left out: " + dump);
        try (LumosDB other = LumosDB.open(dir.resolve("other"))) {
            Session load = new Session(other, new PrintWriter(new StringWriter()), new PrintWriter(err), false);
            StatementBuffer b = new StatementBuffer();
            for (String line : dump.split("\n")) {
                if (!line.startsWith("PRAGMA") && !line.equals("BEGIN TRANSACTION;") && !line.equals("COMMIT;")) {
                    load.feed(b, line);
                }
            }
            assertEquals(0, load.errors(), err.toString());
            assertEquals(db.query("SELECT * FROM t ORDER BY id").rows(), other.query("SELECT * FROM t ORDER BY id").rows());
            assertEquals(1, other.query("SELECT count(*) FROM named").rows().get(0).getLong(0));
        }
    }

    @Test
    void aLongStatement_saysHowLongItRuns_andTheLineIsErasedAfter() throws Exception {
        Thread worker = new Thread(() -> session.statement(
                "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000000) SELECT count(*) FROM c"),
                "long-statement");
        worker.start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!out.toString().contains("running 1 s ... (Ctrl-C cancels)") && System.nanoTime() < deadline) {
            session.showRunning();
            worker.join(50);
        }
        assertTrue(out.toString().contains("running 1 s ... (Ctrl-C cancels)"), out.toString());
        while (worker.isAlive() && System.nanoTime() < deadline) {
            db.cancel(worker);
            worker.join(100);
        }
        assertTrue(err.toString().contains("query cancelled"), err.toString());
        assertTrue(out.toString().endsWith("\r" + " ".repeat(48) + "\r"), "the status line is erased: " + out);
    }

    @Test
    void pragmaAndDuckDbOnlyReads_printRows() throws Exception {
        String info = run("PRAGMA table_info(t);");
        assertTrue(info.contains("cid | name | type") && info.contains("x    | DOUBLE"), info);
        assertTrue(run("DESCRIBE t;").contains("OLAP: DESCRIBE is DuckDB syntax"), out.toString());
        assertTrue(out.toString().contains("name        | VARCHAR"), out.toString());
        Files.writeString(dir.resolve("people.csv"), "name,age\nAda,36\nLin,41\n");
        String fromFile = run("FROM '" + dir.resolve("people.csv") + "' ORDER BY age;");
        assertTrue(fromFile.contains("Ada  |  36") && fromFile.contains("Lin  |  41"), fromFile);
        assertTrue(run("SELECT sum(age) AS s FROM read_csv('" + dir.resolve("people.csv") + "');").contains("77"), out.toString());
        assertEquals("", err.toString());
    }
}
