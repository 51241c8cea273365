package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar run as a process with scripted input, its output checked. */
class LumosCliIT {
    @TempDir
    Path tmp;

    private static void assertOneLineError(LumosJar.Result r) {
        assertNotEquals(0, r.exit(), "a failure exits non-zero");
        String[] lines = r.err().strip().split("\\R");
        assertTrue(lines[lines.length - 1].startsWith("Error: "), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    }

    @Test
    void versionAndHelp() throws Exception {
        LumosJar.Result v = LumosJar.run("", "version");
        assertEquals(0, v.exit(), v.err());
        assertTrue(v.out().startsWith("lumos 0."), v.out());
        for (String command : new String[] {"shell", "sql", "import", "export", "demo", "serve", "keys", "restore"}) {
            LumosJar.Result h = LumosJar.run("", command, "--help");
            assertEquals(0, h.exit(), command + ": " + h.err());
            assertTrue(h.out().contains("Usage: lumos " + command), h.out());
        }
        LumosJar.Result none = LumosJar.run("");
        assertTrue(none.out().contains("Commands:"), none.out());
    }

    @Test
    void oneShotSqlInEveryFormat_andErrorsAreOneLine() throws Exception {
        String dir = tmp.resolve("db").toString();
        LumosJar.Result create = LumosJar.run("", "sql", dir, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v DOUBLE);"
                + " INSERT INTO t VALUES (1, 'a,b', 1.5), (2, NULL, 2)");
        assertEquals(0, create.exit(), create.err());
        LumosJar.Result table = LumosJar.run("", "sql", dir, "SELECT * FROM t ORDER BY id");
        assertTrue(table.out().startsWith("id | name | v\n---+------+----\n 1 | a,b  | 1.5\n 2 | NULL | 2.0\n(2 rows, OLTP: "), table.out());
        assertEquals("id,name,v\n1,\"a,b\",1.5\n2,,2.0\n", LumosJar.run("", "sql", dir, "SELECT * FROM t ORDER BY id", "--format", "csv").out());
        assertEquals("[{\"id\":1,\"name\":\"a,b\",\"v\":1.5},{\"id\":2,\"name\":null,\"v\":2.0}]\n",
                LumosJar.run("", "sql", dir, "SELECT * FROM t ORDER BY id", "--format", "json").out());
        LumosJar.Result bad = LumosJar.run("", "sql", dir, "SELECT * FROM missing");
        assertOneLineError(bad);
        assertTrue(bad.err().contains("no such table: missing"), bad.err());
        assertTrue(LumosJar.run("", "--verbose", "sql", dir, "SELECT * FROM missing").err().contains("\tat "), "--verbose shows the trace");
        assertOneLineError(LumosJar.run("", "sql", dir, "SELECT 1", "--format", "xml"));
    }

    @Test
    void pipedShellRunsAScript_withoutPromptsOrAnsi() throws Exception {
        String dir = tmp.resolve("db").toString();
        String script = """
                CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT);
                INSERT INTO items VALUES (1, 'lamp'),
                  (2, 'desk; with a semicolon');
                .tables
                .mode csv
                SELECT id, name
                  FROM items ORDER BY id;
                .mode table
                .explain SELECT count(*) FROM items
                .route olap
                SELECT count(*) AS n FROM items;
                .schema items
                .timer off
                SELECT 'done' AS status;
                """;
        LumosJar.Result r = LumosJar.run(script, "shell", dir);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("items\n"), r.out());
        assertTrue(r.out().contains("id,name\n1,lamp\n2,desk; with a semicolon\n"), r.out());
        assertTrue(r.out().contains("OLTP: "), r.out());
        assertTrue(r.out().contains("(1 row, OLAP: "), "forced route shown: " + r.out());
        assertTrue(r.out().contains("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT);"), r.out());
        assertTrue(r.out().contains("status\n------\ndone\n(1 row, OLAP: requested by the caller (Route.OLAP))\n"),
                "no time with .timer off: " + r.out());
        assertTrue(r.out().startsWith("(done, OLTP: writes go to SQLite, "), "DDL says done: " + r.out());
        assertFalse(r.out().contains("\u001b") || r.err().contains("\u001b"), "no ANSI codes when piped");
        assertFalse(r.out().contains("lumos>"), "no prompts when piped");

        LumosJar.Result longResult = LumosJar.run("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 250)"
                + " SELECT x FROM c;\n", "shell", dir);
        assertTrue(longResult.out().contains("\n200\n... 50 more rows (250 in all;"), "a long table is cut with a count: " + longResult.out());
        assertTrue(!longResult.out().contains("\n201\n"), longResult.out());

        LumosJar.Result failing = LumosJar.run("SELECT * FROM nope;\nSELECT 1 AS still_runs;\n", "shell", dir);
        assertEquals(1, failing.exit(), "a failed statement makes the exit code 1");
        assertTrue(failing.out().contains("still_runs"), "the script goes on after an error");
        assertTrue(failing.err().startsWith("Error: "), failing.err());
    }

    @Test
    void importAndExportRoundTrip_andABadRowImportsNothing() throws Exception {
        String dir = tmp.resolve("db").toString();
        Path csv = tmp.resolve("people.csv");
        Files.writeString(csv, "id,name,score,born\n1,Ada,9.5,1815-12-10\n2,Alan,8.25,1912-06-23\n3,\"Hopper, Grace\",9.75,1906-12-09\n",
                StandardCharsets.UTF_8);
        LumosJar.Result imported = LumosJar.run("", "import", dir, "people", csv.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertTrue(imported.out().startsWith("imported 3 rows into people (created)"), imported.out());
        String schema = LumosJar.run(".schema people\n", "shell", dir).out();
        assertTrue(schema.contains("\"id\" INTEGER") && schema.contains("\"score\" DOUBLE") && schema.contains("\"born\" DATE"), schema);
        assertEquals("name,score\n\"Hopper, Grace\",9.75\n", LumosJar.run("", "sql", dir, "SELECT name, score FROM people WHERE id = 3",
                "--format", "csv").out());

        for (String ext : new String[] {"parquet", "json", "csv"}) {
            Path file = tmp.resolve("out." + ext);
            LumosJar.Result exported = LumosJar.run("", "export", dir, "SELECT * FROM people ORDER BY id", file.toString());
            assertEquals(0, exported.exit(), exported.err());
            assertTrue(exported.out().startsWith("exported 3 rows"), exported.out());
            LumosJar.Result back = LumosJar.run("", "import", dir, "people_" + ext, file.toString());
            assertEquals(0, back.exit(), ext + ": " + back.err());
            assertEquals("n\n3\n", LumosJar.run("", "sql", dir, "SELECT count(*) AS n FROM people p JOIN people_" + ext
                    + " q ON p.id = q.id AND p.name = q.name AND p.score = q.score", "--format", "csv").out(), ext + " round trip");
        }

        Path bad = tmp.resolve("more.csv");
        Files.writeString(bad, "id,name,score,born\n4,Edsger,9.0,1930-05-11\n4,Duplicate,1.0,1930-05-11\n", StandardCharsets.UTF_8);
        db(dir, "CREATE UNIQUE INDEX people_id ON people(id)");
        LumosJar.Result refused = LumosJar.run("", "import", dir, "people", bad.toString());
        assertOneLineError(refused);
        assertTrue(refused.err().contains("line 3"), "names the line of the bad row: " + refused.err());
        assertEquals("n\n3\n", LumosJar.run("", "sql", dir, "SELECT count(*) AS n FROM people", "--format", "csv").out(),
                "nothing half-imported");
        Path ragged = tmp.resolve("ragged.csv");
        Files.writeString(ragged, "id,name\n1,a\n2\n", StandardCharsets.UTF_8);
        LumosJar.Result raggedImport = LumosJar.run("", "import", dir, "fresh", ragged.toString());
        assertOneLineError(raggedImport);
        assertTrue(raggedImport.err().contains("ragged.csv line 3 has 1 field, the header has 2"), raggedImport.err());
        LumosJar.Result skipped = LumosJar.run("", "import", dir, "fresh", ragged.toString(), "--skip-bad-lines");
        assertEquals(0, skipped.exit(), skipped.err());
        assertTrue(skipped.out().contains("skipped 1 bad line: 3 "), skipped.out());
        LumosJar.Result newTable = LumosJar.run("", "import", dir, "fresh2", bad.toString().replace("more", "missing"));
        assertOneLineError(newTable);
        assertOneLineError(LumosJar.run("", "import", dir, "bad-name", csv.toString()));
    }

    private static void db(String dir, String sql) throws Exception {
        LumosJar.Result r = LumosJar.run("", "sql", dir, sql);
        assertEquals(0, r.exit(), r.err());
    }

    @Test
    void demoRunsAndExplainsEachStep() throws Exception {
        LumosJar.Result r = LumosJar.run("", "demo", tmp.resolve("demo").toString(), "--scale", "0.01", "--memories", "120");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertTrue(out.contains("1. Loaded TPC-H LINEITEM"), out);
        assertTrue(out.contains("(OLTP: "), "the lookup's route: " + out);
        assertTrue(out.contains("(OLAP: "), "the analysis' route: " + out);
        assertTrue(out.contains("the new flag 'Z'") && out.contains("\nZ "), "the write is in the aggregate: " + out);
        assertTrue(out.contains("6. A filtered vector search") && out.contains("EXACT_SCAN"), out);
        String firstHit = out.substring(out.indexOf("6. A filtered vector search")).lines().skip(1).findFirst().orElse("");
        assertTrue(firstHit.contains("Hana is allergic to peanuts"), "the answer a newcomer expects first: " + out);
        assertTrue(out.contains("7. A memory recall") && out.contains("semantic"), out);
        assertTrue(out.contains("lumos shell "), out);
        assertOneLineError(LumosJar.run("", "demo", tmp.resolve("demo").toString()));
        assertOneLineError(LumosJar.run("", "demo", tmp.resolve("other").toString(), "--scale", "0.001"));
    }
}
