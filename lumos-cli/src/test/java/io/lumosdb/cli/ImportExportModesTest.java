package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Row;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import --replace|--truncate}, Parquet export with its column types, {@code lumos sql} dot-commands, the progress line. */
class ImportExportModesTest {
    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private Run lumos(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LumosCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private List<List<Object>> rows(String sql) throws SQLException {
        try (LumosDB db = LumosDB.open(tmp.resolve("db"))) {
            List<List<Object>> out = new ArrayList<>();
            for (Row r : db.query(sql).rows()) {
                List<Object> row = new ArrayList<>();
                for (int c = 0; c < r.size(); c++) {
                    row.add(r.get(c));
                }
                out.add(row);
            }
            return out;
        }
    }

    @Test
    void replaceAndTruncate_changeAnExistingTable_inTheImportsTransaction() throws Exception {
        String db = tmp.resolve("db").toString();
        Path wide = Files.writeString(tmp.resolve("wide.csv"), "id,name,score\n1,Ada,9.5\n2,Lin,7\n");
        Path narrow = Files.writeString(tmp.resolve("narrow.csv"), "id,name\n3,Kim\n");
        assertEquals(0, lumos("import", db, "people", wide.toString()).exit());
        assertEquals(0, lumos("import", db, "people", wide.toString()).exit());
        assertEquals(4, rows("SELECT * FROM people").size(), "by default rows are added");
        Run truncated = lumos("import", db, "people", wide.toString(), "--truncate");
        assertEquals(0, truncated.exit(), truncated.err());
        assertTrue(truncated.out().contains("(emptied first)"), truncated.out());
        assertEquals(2, rows("SELECT * FROM people").size());
        Run replaced = lumos("import", db, "people", narrow.toString(), "--replace");
        assertEquals(0, replaced.exit(), replaced.err());
        assertEquals(List.of(List.of(3L, "Kim")), rows("SELECT * FROM people"), "the table has the new file's columns");
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "id,name\n4,Ann\n5\n");
        assertNotEquals(0, lumos("import", db, "people", bad.toString(), "--replace").exit());
        assertNotEquals(0, lumos("import", db, "people", bad.toString(), "--truncate").exit());
        assertEquals(List.of(List.of(3L, "Kim")), rows("SELECT * FROM people"), "a failed import leaves the table as it was");
        Run both = lumos("import", db, "people", narrow.toString(), "--replace", "--truncate");
        assertNotEquals(0, both.exit());
        assertTrue(both.err().contains("contradict"), both.err());
    }

    @Test
    void parquetExport_keepsDatesTimestampsAndBooleans() throws Exception {
        String db = tmp.resolve("db").toString();
        assertEquals(0, lumos("sql", db, "CREATE TABLE e(id INTEGER PRIMARY KEY, day DATE, at TIMESTAMP, ok BOOLEAN, n DOUBLE, s TEXT);"
                + " INSERT INTO e VALUES (1, '2024-02-29', '2024-02-29 13:45:00', 1, 1.5, 'x'), (2, NULL, NULL, 0, NULL, NULL)").exit());
        Path file = tmp.resolve("e.parquet");
        Run r = lumos("export", db, "SELECT * FROM e ORDER BY id", file.toString());
        assertEquals(0, r.exit(), r.err());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
                ResultSet rs = st.executeQuery("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('"
                        + file.toString().replace("'", "''") + "'))")) {
            List<String> types = new ArrayList<>();
            while (rs.next()) {
                types.add(rs.getString(1) + " " + rs.getString(2));
            }
            assertEquals(List.of("id BIGINT", "day DATE", "at TIMESTAMP", "ok BOOLEAN", "n DOUBLE", "s VARCHAR"), types);
            try (ResultSet v = st.executeQuery("SELECT day, \"at\", ok FROM read_parquet('" + file + "') ORDER BY id")) {
                v.next();
                assertEquals("2024-02-29", v.getString(1));
                assertEquals(java.time.LocalDateTime.of(2024, 2, 29, 13, 45), v.getObject(2, java.time.LocalDateTime.class));
                assertTrue(v.getBoolean(3));
            }
        }
    }

    @Test
    void sqlCommand_runsDotCommandsAndStopsAtTheFirstError() throws Exception {
        String db = tmp.resolve("db").toString();
        Run r = lumos("sql", db, "CREATE TABLE t(a INTEGER);\n.tables\n.mode csv\nINSERT INTO t VALUES (1);\nSELECT a FROM t;", "--format", "box");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\nt\n") && r.out().endsWith("a\n1\n"), r.out());
        Run md = lumos("sql", db, "SELECT a FROM t", "--format", "markdown");
        assertEquals("| a |\n|--:|\n| 1 |\n", md.out());
        Run failed = lumos("sql", db, "SELECT * FROM missing;\nSELECT 'not reached';");
        assertEquals(1, failed.exit());
        assertTrue(!failed.out().contains("not reached") && failed.err().startsWith("Error: "), failed.out() + failed.err());
        Run goesOn = lumos("sql", db, ".bail off\nSELECT * FROM missing;\nSELECT 'reached';");
        assertEquals(1, goesOn.exit());
        assertTrue(goesOn.out().contains("reached"), goesOn.out());
    }

    @Test
    void progressLine_showsShareRateAndTimeLeft() {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), false);
        assertEquals("12,000 rows  6,000 rows/s  0:02", bar.line(12_000, 2.0));
        bar.total(48_000);
        assertEquals("[======>                 ]  25%  12,000 / 48,000 rows  6,000 rows/s  ETA 0:06", bar.line(12_000, 2.0));
        assertEquals("[========================] 100%  48,000 / 48,000 rows  6,000 rows/s  ETA 0:00", bar.line(48_000, 8.0));
    }
}
