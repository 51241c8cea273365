package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lumos import} through the picocli entry point, in process, on real files and a real database:
 * ragged and empty input is an error naming the file and the line, and leaves nothing behind (issue 18).
 */
class ImportCommandTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run lumos(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LumosCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Run importFile(String table, Path file, String... options) {
        List<String> args = new ArrayList<>(List.of("import", tmp.resolve("db").toString(), table, file.toString()));
        args.addAll(List.of(options));
        return lumos(args.toArray(String[]::new));
    }

    /** A failure: non-zero exit, one line on stderr that says {@code expected}, no stack trace. */
    private static void assertFails(Run r, String expected) {
        assertNotEquals(0, r.exit(), "a failure exits non-zero: " + r.out());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("Error: "), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    /** Imports {@code file} into {@code table}, which must fail as {@link #assertFails} says and leave no {@code table}. */
    private Run assertImportFails(String table, Path file, String expected, String... options) throws SQLException {
        Run r = importFile(table, file, options);
        assertFails(r, expected);
        assertFalse(tableExists(table), "nothing created");
        return r;
    }

    private Path write(String name, String content) throws Exception {
        Path file = tmp.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** A CSV file {@code id,name,amount} of {@code rows} rows where the lines in {@code ragged} have a 4th field. */
    private Path numbers(String name, int rows, Set<Integer> ragged) throws Exception {
        StringBuilder csv = new StringBuilder("id,name,amount\n");
        for (int i = 1; i <= rows; i++) {
            int line = i + 1;
            csv.append(i).append(",n").append(i).append(',').append(i).append(".5").append(ragged.contains(line) ? ",extra" : "")
                    .append('\n');
        }
        return write(name, csv.toString());
    }

    private <T> T withDb(SqlWork<T> work) throws SQLException {
        try (LumosDB db = LumosDB.open(tmp.resolve("db"))) {
            return work.run(db);
        }
    }

    interface SqlWork<T> {
        T run(LumosDB db) throws SQLException;
    }

    private boolean tableExists(String table) throws SQLException {
        return withDb(db -> !db.query(Route.OLTP, "SELECT 1 FROM sqlite_master WHERE name = ?", table).rows().isEmpty());
    }

    private long count(String table) throws SQLException {
        return withDb(db -> db.query(Route.OLTP, "SELECT count(*) FROM " + table).rows().get(0).getLong(0));
    }

    // ---------------------------------------------------------------- ragged and empty input

    @Test
    void raggedLineAmongAThousand_failsNamingTheLine_andCreatesNothing() throws Exception {
        assertImportFails("t", numbers("ragged.csv", 1000, Set.of(512)), "ragged.csv line 512 has 4 fields, the header has 3");
    }

    @Test
    void raggedLinesAfterTheSniffersSample_failToo_andTheErrorCountsThemAll() throws Exception {
        Run r = assertImportFails("t", numbers("late.csv", 30_000, Set.of(25_001, 29_000)),
                "late.csv line 25001 has 4 fields, the header has 3 (2 bad lines in all: 25001, 29000)");
        assertTrue(r.err().contains("--skip-bad-lines"), "says how to go on: " + r.err());
    }

    @Test
    void fourLineRaggedFile_failsNamingTheShortLine() throws Exception {
        assertImportFails("t", write("four.csv", "id,name,amount\n1,a,2\n2,b\n3,c,4\n"), "four.csv line 3 has 2 fields, the header has 3");
    }

    @Test
    void emptyFile_fails_andCreatesNothing() throws Exception {
        for (String name : new String[] {"e.csv", "e.json", "e.parquet"}) {
            assertImportFails("e", write(name, ""), name + " is empty (0 bytes)");
        }
    }

    @Test
    void headerOnly_createsNoTable_butImportsNothingIntoAnExistingOne() throws Exception {
        Path file = write("header.csv", "id,name,amount\n");
        assertImportFails("h", file, "header.csv has no rows: table h was not created");

        withDb(db -> db.execute("CREATE TABLE h(id INTEGER, name TEXT, amount DOUBLE)"));
        Run r = importFile("h", file);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("imported 0 rows into h in "), r.out());
        assertEquals(0, count("h"));
    }

    @Test
    void blankOrHeaderlessFiles_fail() throws Exception {
        assertImportFails("b", write("blank.csv", "\n\nid,name\n1,a\n"), "blank.csv line 1 is empty: the first line must be the header");
        assertImportFails("b", write("empty.json", "[]"), "empty.json has no rows: table b was not created");
    }

    // ---------------------------------------------------------------- quoting

    @Test
    void quotedCommasNewlinesAndQuotes_importIntact_andLinesCountAsAnEditorShows() throws Exception {
        Path file = write("quoted.csv", "id,name,note\r\n"
                + "1,\"Hopper, Grace\",plain\r\n"
                + "2,\"two\r\nlines, and a comma\",\"say \"\"hi\"\"\"\r\n"
                + "\r\n"
                + "3,c,\"\"\r\n"
                + "4,\"a\nb\nc\",x\r\n");
        Run r = importFile("q", file);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("imported 4 rows into q (created)"), r.out());
        withDb(db -> {
            List<io.lumosdb.Row> rows = db.query(Route.OLTP, "SELECT id, name, note FROM q ORDER BY id").rows();
            assertEquals("Hopper, Grace", rows.get(0).getString("name"));
            assertEquals("two\r\nlines, and a comma", rows.get(1).getString("name"));
            assertEquals("say \"hi\"", rows.get(1).getString("note"));
            assertEquals("a\nb\nc", rows.get(3).getString("name"));
            return null;
        });

        Path ragged = write("quoted-ragged.csv", "id,name\n1,\"a\nb, c\nd\"\n2,\"e,f\",g\n");
        assertImportFails("r", ragged, "quoted-ragged.csv line 5 has 3 fields, the header has 2");
        assertImportFails("r", write("open.csv", "id,name\n1,a\n2,\"never closed\n3,c\n"),
                "open.csv line 3 opens a quoted field that is never closed");
        assertImportFails("r", write("after.csv", "id,name\n1,\"a\"b\n"), "after.csv line 2 has text after the closing quote of field 2");
    }

    @Test
    void otherDelimiters_tabsForTsv_semicolonsByTheHeader_andHashIsNotAComment() throws Exception {
        assertEquals(0, importFile("tabs", write("t.tsv", "id\tname\n1\ta,b\n2\t\"x\ty\"\n")).exit());
        assertEquals(0, importFile("semi", write("s.csv", "id;name;v\n1;a,b;2\n# not a comment;x;3\n")).exit());
        withDb(db -> {
            assertEquals("x\ty", db.query(Route.OLTP, "SELECT name FROM tabs WHERE id = 2").rows().get(0).getString(0));
            assertEquals(2, db.query(Route.OLTP, "SELECT count(*) FROM semi").rows().get(0).getLong(0));
            return null;
        });
        assertImportFails("semi2", write("s2.csv", "id;name\n1;a\n2;b;c\n"), "s2.csv line 3 has 3 fields, the header has 2");
    }

    // ---------------------------------------------------------------- skipping bad lines

    @Test
    void skipBadLines_importsTheGoodRows_andReportsTheBadLines() throws Exception {
        Path file = numbers("ragged.csv", 1000, Set.of(6, 101, 513, 701, 801, 902, 1001));
        Run r = importFile("s", file, "--skip-bad-lines");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("imported 993 rows into s (created)"), r.out());
        assertTrue(r.out().contains("skipped 7 bad lines: 6, 101, 513, 701, 801 and 2 more (the first: line 6 has 4 fields,"
                + " the header has 3)"), r.out());
        withDb(db -> {
            assertEquals(993, db.query(Route.OLTP, "SELECT count(*) FROM s").rows().get(0).getLong(0));
            assertTrue(db.query(Route.OLTP, "SELECT 1 FROM s WHERE id IN (5, 100, 512)").rows().isEmpty(), "bad lines left out");
            assertEquals(1000 * 1001 / 2 - (5 + 100 + 512 + 700 + 800 + 901 + 1000),
                    db.query(Route.OLTP, "SELECT sum(id) FROM s").rows().get(0).getLong(0));
            QueryResult replica = db.query(Route.OLAP, "SELECT count(*) FROM s");
            assertEquals(993, replica.rows().get(0).getLong(0), "the table and its rows reach the replica");
            return null;
        });
        assertImportFails("z", write("bad.csv", "a,b\n1\n2\n"), "bad.csv has no rows that fit (2 bad lines skipped): table z was not created",
                "--skip-bad-lines");
        assertImportFails("z", write("z.json", "[{\"a\": 1}]"), "--skip-bad-lines is for CSV files", "--skip-bad-lines");
    }

    @Test
    void aRefusedRowIsNamedByItsEditorLine_andNothingIsImported() throws Exception {
        withDb(db -> db.execute("CREATE TABLE u(id INTEGER PRIMARY KEY, note TEXT)"));
        Path file = write("dup.csv", "id,note\n1,\"two\nlines\"\n2,x\n2,again\n");
        assertFails(importFile("u", file), "line 5 of dup.csv");
        assertEquals(0, count("u"));
        Path skipped = write("dup-skip.csv", "id,note\n1,x,bad\n2,y\n2,again\n");
        assertFails(importFile("u", skipped, "--skip-bad-lines"), "line 4 of dup-skip.csv");
        assertEquals(0, count("u"));
    }

    // ---------------------------------------------------------------- other formats

    @Test
    void badJsonOrParquet_failsOnOneLineNamingTheFile() throws Exception {
        assertImportFails("j", write("bad.json", "{\"a\": 1}{\"b\":"), "cannot read bad.json: ");
        assertImportFails("p", write("bad.parquet", "not parquet at all"), "cannot read bad.parquet: ");
        assertImportFails("c", write("bad.csv", "id,v\n" + "1,2\n".repeat(25_000) + "3,abc\n"), "cannot read bad.csv: ");
    }
}
