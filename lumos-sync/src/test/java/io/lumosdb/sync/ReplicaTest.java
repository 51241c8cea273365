package io.lumosdb.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replica against the real engines: capture, apply, reconcile, rebuild, type checks. */
class ReplicaTest {
    @TempDir
    Path dir;
    Connection sqlite;
    DuckDBConnection duck;
    Replica replica;

    @BeforeEach
    void open() throws SQLException {
        sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("a.sqlite"));
        duck = connectDuck(dir.resolve("a.duckdb"));
        replica = Replica.open(sqlite, duck);
    }

    @AfterEach
    void close() throws SQLException {
        replica.close(); // its checkpoints' DuckDB connection too
        duck.close();
        sqlite.close();
    }

    static DuckDBConnection connectDuck(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:" + file).unwrap(DuckDBConnection.class);
    }

    void sqlite(String sql) throws SQLException {
        try (Statement st = sqlite.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object o = rs.getObject(i);
                    sb.append(o instanceof Number n ? (Object) n.doubleValue() : o).append('|');
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }

    @Test
    void insertsUpdatesDeletes_reachDuckdb_andTheLogIsPruned() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, v DOUBLE, ok BOOLEAN)");
        replica.reconcile();
        assertTrue(replica.isReplicated("t"));
        sqlite("INSERT INTO t VALUES (1, 'a', 1.5, 1), (2, 'b', 2.5, 0), (3, 'c', NULL, NULL)");
        sqlite("UPDATE t SET v = v * 2 WHERE id = 1");
        sqlite("UPDATE t SET id = 10 WHERE id = 2"); // the rowid changes
        sqlite("DELETE FROM t WHERE id = 3");
        long applied = replica.apply();
        replica.prune();
        assertTrue(applied > 0);
        assertEquals(rows(sqlite, "SELECT id, name, v FROM t ORDER BY id"), rows(duck, "SELECT id, name, v FROM t ORDER BY id"));
        // pruned: only the entry at the applied sequence stays (it keeps sequence numbers increasing)
        assertEquals(List.of("1.0|"), rows(sqlite, "SELECT count(*) FROM _lumos_changes"));
        assertEquals(List.of((double) replica.appliedSequence() + "|"), rows(sqlite, "SELECT seq FROM _lumos_changes"));
        assertEquals(List.of("true|", "false|"), rows(duck, "SELECT ok FROM t ORDER BY id"));
    }

    @Test
    void aUtf16Database_isMirroredWithItsTextIntact() throws SQLException {
        try (Connection utf16 = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("u16.sqlite"));
                DuckDBConnection duck16 = connectDuck(dir.resolve("u16.duckdb"))) {
            try (Statement st = utf16.createStatement()) {
                st.execute("PRAGMA encoding = 'UTF-16le'");
                st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT)");
                st.execute("INSERT INTO t VALUES (1, '日本語 — first copy')");
            }
            Replica r = Replica.open(utf16, duck16); // the first copy
            try (Statement st = utf16.createStatement()) {
                st.execute("WITH RECURSIVE r(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM r WHERE i < 30001)"
                        + " INSERT INTO t SELECT i, 'row ' || i || ' ü' FROM r"); // a bulk scan
                st.execute("UPDATE t SET s = 'changed ✓' WHERE id = 1"); // a logged change
            }
            r.apply();
            assertEquals(rows(utf16, "SELECT * FROM t ORDER BY id"), rows(duck16, "SELECT * FROM t ORDER BY id"));
        }
    }

    @Test
    void aRowidAliasColumn_isFoundAsSqliteDefinesIt() throws SQLException {
        String[] declarations = {"id INTEGER PRIMARY KEY, v TEXT", "id integer primary key autoincrement, v TEXT",
            "id INTEGER, v TEXT, PRIMARY KEY (id DESC)", "id INTEGER PRIMARY KEY DESC, v TEXT", "id INT PRIMARY KEY, v TEXT",
            "id BIGINT PRIMARY KEY, v TEXT", "id INTEGER, v TEXT, PRIMARY KEY (id, v)", "id INTEGER, v TEXT"};
        for (int i = 0; i < declarations.length; i++) {
            String table = "t" + i;
            sqlite("CREATE TABLE " + table + "(" + declarations[i] + ")");
            sqlite("INSERT INTO " + table + "(rowid, id, v) VALUES (3, 7, 'x')"); // an alias takes the last value: 7
            boolean alias = rows(sqlite, "SELECT rowid FROM " + table).equals(List.of("7.0|"));
            assertEquals(alias ? "id" : null, ChangeCapture.describe(sqlite, table).rowidAlias(), declarations[i]);
        }
    }

    @Test
    void aRowidAlias_isNotStoredTwice_andItsViewShowsIt() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
        sqlite("INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20)");
        replica.reconcile(); // the first copy
        sqlite("WITH RECURSIVE r(i) AS (SELECT 3 UNION ALL SELECT i + 1 FROM r WHERE i < 25000) INSERT INTO t SELECT i, 'x' || i, i FROM r");
        sqlite("UPDATE t SET id = 100000 WHERE id = 2"); // the rowid changes with it
        sqlite("DELETE FROM t WHERE id = 3");
        replica.apply();
        assertEquals(List.of("_lumos_rowid|", "v|", "n|"), rows(duck, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'lumos_data' AND table_name = 't' ORDER BY ordinal_position"));
        assertEquals(List.of("id|", "v|", "n|"), rows(duck, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'main' AND table_name = 't' ORDER BY ordinal_position"));
        assertEquals(rows(sqlite, "SELECT * FROM t ORDER BY id"), rows(duck, "SELECT * FROM t ORDER BY id"));
        assertEquals(List.of("100000.0|b|"), rows(duck, "SELECT id, v FROM t WHERE id > 25000"));
    }

    @Test
    void aReplicaThatStoredTheRowidAliasTwice_isReCopiedInTheNewLayoutAtOpen() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        sqlite("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        replica.reconcile();
        // the layout before rowid aliases were recognised: the id stored as a column of its own, and
        // the shape recorded without the alias
        try (Statement st = duck.createStatement()) {
            st.execute("DROP VIEW main.t");
            st.execute("ALTER TABLE " + ReplicaStore.dataTable("t") + " ADD COLUMN id BIGINT");
            st.execute("UPDATE " + ReplicaStore.dataTable("t") + " SET id = _lumos_rowid");
            st.execute("CREATE VIEW main.t AS SELECT id, v FROM " + ReplicaStore.dataTable("t"));
        }
        duck.commit();
        ChangeCapture.putMeta(sqlite, ChangeCapture.SIGNATURE_KEY + "t", "id:INTEGER,v:TEXT");
        replica = Replica.open(sqlite, duck);
        assertEquals(List.of("_lumos_rowid|", "v|"), rows(duck, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = 'lumos_data' AND table_name = 't' ORDER BY ordinal_position"));
        assertEquals(rows(sqlite, "SELECT * FROM t ORDER BY id"), rows(duck, "SELECT * FROM t ORDER BY id"));
    }

    @Test
    void schemaChanges_areFollowed() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT)");
        sqlite("INSERT INTO t VALUES (1, 'x')");
        replica.reconcile();
        sqlite("ALTER TABLE t ADD COLUMN b INTEGER");
        sqlite("UPDATE t SET b = 7");
        replica.reconcile();
        replica.apply();
        assertEquals(List.of("1.0|x|7.0|"), rows(duck, "SELECT * FROM t"));
        sqlite("ALTER TABLE t RENAME TO u");
        replica.reconcile();
        sqlite("INSERT INTO u VALUES (2, 'y', 8)");
        replica.apply();
        assertFalse(replica.isReplicated("t"));
        assertEquals(rows(sqlite, "SELECT * FROM u ORDER BY id"), rows(duck, "SELECT * FROM u ORDER BY id"));
        assertThrows(SQLException.class, () -> rows(duck, "SELECT * FROM t"));
        duck.rollback(); // the failed query aborted the replica connection's transaction (DuckDB 2.0)
        sqlite("DROP TABLE u");
        replica.reconcile();
        assertEquals(List.of(), new ArrayList<>(replica.replicatedTables()));
    }

    @Test
    void valuesThatDoNotFitTheDeclaredType_areRejectedInSqlite() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, v DOUBLE, d DATE, ts TIMESTAMP, n INTEGER)");
        replica.reconcile();
        SQLException e = assertThrows(SQLException.class, () -> sqlite("INSERT INTO t(id, v) VALUES (1, 'lots')"));
        assertTrue(e.getMessage().contains("t.v"), e.getMessage());
        assertThrows(SQLException.class, () -> sqlite("INSERT INTO t(id, d) VALUES (1, '2024-13-45')"));
        assertThrows(SQLException.class, () -> sqlite("INSERT INTO t(id, ts) VALUES (1, 'yesterday')"));
        e = assertThrows(SQLException.class, () -> sqlite("INSERT INTO t(id, n) VALUES (1, 1.5)"));
        assertTrue(e.getMessage().contains("t.n") && !e.getMessage().contains("t.v"), e.getMessage());
        e = assertThrows(SQLException.class, () -> sqlite("INSERT INTO t(id, v, n) VALUES (1, 'lots', 1.5)"));
        assertTrue(e.getMessage().contains("t.v"), "the first column that does not fit: " + e.getMessage());
        // SQLite before 3.47 refuses a RAISE whose message is not a literal, and then cannot open the file at all
        for (String trigger : rows(sqlite, "SELECT sql FROM sqlite_master WHERE type = 'trigger'")) {
            assertTrue(trigger.replaceAll("RAISE\\(ABORT, '[^']*'\\)", "").indexOf("RAISE") < 0, "a non-literal RAISE message: " + trigger);
        }
        sqlite("INSERT INTO t VALUES (1, '2.5', '2024-02-29', '2024-02-29T10:00:00+02:00', '42')"); // affinity converts these
        replica.apply();
        assertEquals(List.of("1.0|2.5|2024-02-29|2024-02-29 08:00:00.0|42.0|"),
                rows(duck, "SELECT id, v, d, ts::VARCHAR || '.0', n FROM t"));
    }

    @Test
    void f32BlobColumns_areFloatArraysInDuckdb_andCheckedForLengthInSqlite() throws SQLException {
        sqlite("CREATE TABLE v(id INTEGER PRIMARY KEY, e F32_BLOB(3))");
        replica.reconcile();
        SQLException e = assertThrows(SQLException.class, () -> sqlite("INSERT INTO v VALUES (1, x'00000000')"));
        assertTrue(e.getMessage().contains("v.e"), e.getMessage());
        assertThrows(SQLException.class, () -> sqlite("INSERT INTO v VALUES (1, 'text')"));
        // 1.0, 2.0, -0.5 as little-endian float32
        sqlite("INSERT INTO v VALUES (1, x'0000803F00000040000000BF'), (2, NULL)");
        replica.apply();
        assertEquals(List.of("FLOAT[3]|"), rows(duck, "SELECT DISTINCT typeof(e) FROM v WHERE e IS NOT NULL"));
        assertEquals(List.of("[1.0, 2.0, -0.5]|", "null|"), rows(duck, "SELECT e::VARCHAR FROM v ORDER BY id"));
    }

    @Test
    void tablesThatCannotBeMirrored_areLeftOutWithAReason() throws SQLException {
        sqlite("CREATE TABLE kv(k BLOB PRIMARY KEY, v TEXT) WITHOUT ROWID");
        sqlite("CREATE TABLE dirty(id INTEGER PRIMARY KEY, v DOUBLE)");
        sqlite("INSERT INTO dirty VALUES (1, 'not a number')"); // before any trigger existed
        replica.reconcile();
        assertTrue(replica.whyNotReplicated("kv").orElseThrow().contains("WITHOUT ROWID with key column k"));
        String why = replica.whyNotReplicated("dirty").orElseThrow();
        assertTrue(why.contains("dirty") && why.contains("rowid 1") && why.contains("column v"), why);
        assertFalse(replica.isReplicated("dirty"));
    }

    @Test
    void appendsAreScanned_andRowidReuseBelowTheMarkIsLogged() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        replica.reconcile();
        sqlite("INSERT INTO t(v) VALUES ('a'), ('b'), ('c')"); // appends: scanned, not logged
        assertEquals(List.of("0.0|"), rows(sqlite, "SELECT count(*) FROM _lumos_changes WHERE tbl = 't'"));
        replica.apply();
        assertEquals(rows(sqlite, "SELECT * FROM t ORDER BY id"), rows(duck, "SELECT * FROM t ORDER BY id"));
        sqlite("DELETE FROM t WHERE id = 3");               // the largest row goes...
        sqlite("INSERT INTO t(v) VALUES ('c2')");           // ...and its rowid comes back: at the mark, so logged
        sqlite("INSERT INTO t(id, v) VALUES (2, 'x') ON CONFLICT(id) DO UPDATE SET v = 'b2'");
        sqlite("INSERT OR REPLACE INTO t VALUES (1, 'a2')");
        sqlite("INSERT INTO t(v) VALUES ('d'), ('e')");     // appends again
        sqlite("UPDATE t SET v = v || '!' WHERE id >= 4");  // rows the scan has not reached yet
        sqlite("DELETE FROM t WHERE id = 5");
        replica.apply();
        assertEquals(rows(sqlite, "SELECT * FROM t ORDER BY id"), rows(duck, "SELECT * FROM t ORDER BY id"));
        sqlite("DELETE FROM t");
        sqlite("INSERT INTO t(v) VALUES ('again')");        // rowid 1 after emptying the table
        replica.apply();
        assertEquals(rows(sqlite, "SELECT * FROM t ORDER BY id"), rows(duck, "SELECT * FROM t ORDER BY id"));
    }

    @Test
    void rowsAboveTheMarkFromAFirstCopy_areReplacedByTheScan_notDuplicated() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        replica.reconcile();
        sqlite("INSERT INTO t(v) VALUES ('a'), ('b'), ('c')");
        replica.apply(); // DuckDB's mark: 3
        // what a first copy leaves when rows are appended while it runs: a row above DuckDB's mark,
        // seen by a replica that has not read DuckDB's largest rowid yet (opened anew)
        try (Statement st = duck.createStatement()) {
            st.execute("INSERT INTO " + ReplicaStore.dataTable("t") + " VALUES (4, 'copied early')"); // (rowid, v): the id is the rowid
        }
        duck.commit();
        replica = Replica.open(sqlite, duck);
        sqlite("INSERT INTO t(v) VALUES ('d')"); // rowid 4: an append, found by the scan
        replica.apply();
        assertEquals(rows(sqlite, "SELECT * FROM t ORDER BY id"), rows(duck, "SELECT * FROM t ORDER BY id"));
        sqlite("INSERT INTO t(v) VALUES ('e'), ('f')"); // DuckDB's largest rowid is known now: plain appends
        replica.apply();
        assertEquals(rows(sqlite, "SELECT * FROM t ORDER BY id"), rows(duck, "SELECT * FROM t ORDER BY id"));
    }

    @Test
    void withoutRowidTables_areMirroredByTheirKey() throws SQLException {
        sqlite("CREATE TABLE kv(region TEXT, id INTEGER, v DOUBLE, PRIMARY KEY (region, id)) WITHOUT ROWID");
        sqlite("INSERT INTO kv VALUES ('eu', 1, 1.5), ('eu', 2, 2.5), ('us', 1, 3.5)");
        replica.reconcile(); // existing rows are copied
        assertTrue(replica.isReplicated("kv"));
        sqlite("INSERT INTO kv VALUES ('us', 2, 4.5), ('it''s', 7, 0)");
        sqlite("UPDATE kv SET v = v * 10 WHERE region = 'eu'");
        sqlite("UPDATE kv SET id = 99 WHERE region = 'us' AND id = 1"); // the key itself changes
        sqlite("INSERT OR REPLACE INTO kv VALUES ('eu', 2, -1)");
        sqlite("DELETE FROM kv WHERE region = 'it''s'");
        replica.apply();
        String sql = "SELECT region, id, v FROM kv ORDER BY region, id";
        assertEquals(rows(sqlite, sql), rows(duck, sql));
        assertEquals(4, rows(duck, sql).size());
        // keys travel to DuckDB's delete as one array parameter: text that looks like its syntax stays text
        sqlite("INSERT INTO kv VALUES ('a,\"b\"]'' [', 1, 1)");
        replica.apply();
        sqlite("UPDATE kv SET v = 2 WHERE id = 1 AND region LIKE 'a,%'");
        replica.apply();
        assertEquals(rows(sqlite, sql), rows(duck, sql));
        assertEquals(5, rows(duck, sql).size());
    }

    @Test
    void missingOrForeignDuckdbFile_isRebuiltFromSqlite() throws Exception {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
        replica.reconcile();
        sqlite("INSERT INTO t(v) VALUES (1), (2), (3)");
        replica.apply();
        String id = replica.replicaId();
        duck.close();
        Files.delete(dir.resolve("a.duckdb"));
        duck = connectDuck(dir.resolve("a.duckdb"));
        replica = Replica.open(sqlite, duck);
        assertEquals(List.of("6.0|"), rows(duck, "SELECT sum(v) FROM t"));
        assertEquals(id, replica.replicaId());

        // a DuckDB file from another database
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("b.sqlite"));
                DuckDBConnection otherDuck = connectDuck(dir.resolve("b.duckdb"))) {
            try (Statement st = other.createStatement()) {
                st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
                st.execute("INSERT INTO t VALUES (1, 100)");
            }
            Replica b = Replica.open(other, otherDuck);
            assertNotEquals(id, b.replicaId());
        }
        duck.close();
        Files.copy(dir.resolve("b.duckdb"), dir.resolve("a.duckdb"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(dir.resolve("a.duckdb.wal"));
        duck = connectDuck(dir.resolve("a.duckdb"));
        replica = Replica.open(sqlite, duck);
        assertEquals(List.of("6.0|"), rows(duck, "SELECT sum(v) FROM t"));
    }

    @Test
    void applyInChunks_coversBulkWrites() throws Exception {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
        replica.reconcile();
        sqlite("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + (ChangeApplier.APPLY_CHUNK + 1234)
                + ") INSERT INTO t(v) SELECT i FROM r");
        sqlite("UPDATE t SET v = -v WHERE id % 1000 = 0");
        replica.apply();
        replica.prune(); // the worker prunes when idle
        assertEquals(rows(sqlite, "SELECT count(*), sum(v) FROM t"), rows(duck, "SELECT count(*), sum(v) FROM t"));
        assertTrue(ReplicaCheckpointTest.walShrinksBelow(dir.resolve("a.duckdb.wal"), 1_000_000), "a bulk apply is checkpointed out of the WAL");
        // pruned: only the entry at the applied sequence stays (it keeps sequence numbers increasing)
        assertEquals(List.of("1.0|"), rows(sqlite, "SELECT count(*) FROM _lumos_changes"));
        assertEquals(List.of((double) replica.appliedSequence() + "|"), rows(sqlite, "SELECT seq FROM _lumos_changes"));
    }

    @Test
    void firstCopyOfALargeTable_isStagedInParts_andAMisfitLateInItLeavesDuckdbWithout() throws SQLException {
        int rows = StagedAppender.STAGE_ROWS * 2 + 777; // three stages in one copy
        sqlite("CREATE TABLE big(id INTEGER PRIMARY KEY, n INTEGER, s TEXT)");
        sqlite("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < " + rows + ")"
                + " INSERT INTO big SELECT x, CASE WHEN x % 5 = 0 THEN NULL ELSE x * 31 END, 'v' || x FROM r");
        long late = StagedAppender.STAGE_ROWS + 10; // its stage comes after the first one moved into the replica
        sqlite("UPDATE big SET n = 'not a number' WHERE id = " + late); // before any trigger existed
        replica.reconcile();
        String why = replica.whyNotReplicated("big").orElseThrow();
        assertTrue(why.contains("rowid " + late) && why.contains("column n"), why);
        assertEquals(List.of(), rows(duck, "SELECT table_name FROM duckdb_tables() WHERE table_name = 'big'"),
                "the rolled-back copy leaves no table, no staged rows");
        assertEquals(List.of(), rows(duck, "SELECT table_name FROM duckdb_tables() WHERE temporary"));

        sqlite("UPDATE big SET n = NULL WHERE id = " + late);
        replica.reconcile();
        assertTrue(replica.isReplicated("big"));
        String select = "SELECT count(*), count(n), sum(n), sum(id), min(s), max(s) FROM big";
        assertEquals(rows(sqlite, select), rows(duck, select));
        // the copy keeps rowid order (DuckDB's zone maps on the identity column rely on it)
        assertEquals(List.of("0.0|"), rows(duck, "SELECT count(*) FROM (SELECT " + ReplicaStore.ROWID + " < lag("
                + ReplicaStore.ROWID + ") OVER (ORDER BY rowid) AS backwards FROM " + ReplicaStore.dataTable("big") + ") WHERE backwards"));
    }

    @Test
    void bulkAppendsOfEveryColumnType_readAheadAndArriveWhole() throws SQLException {
        sqlite("CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, d DOUBLE, s TEXT, b BLOB, day DATE)");
        replica.reconcile();
        int rows = ChangeApplier.READ_AHEAD_MIN_ROWS * 2 + 321;
        sqlite("WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r WHERE x < " + rows + ")"
                + " INSERT INTO t(i, d, s, b, day) SELECT"
                + " CASE WHEN x % 7 = 0 THEN NULL ELSE x * 9973 - 4611686018427387904 END,"
                + " CASE WHEN x % 11 = 0 THEN NULL ELSE x / 3.0 - 1e300 / x END,"
                + " CASE WHEN x % 13 = 0 THEN NULL WHEN x % 13 = 1 THEN '' ELSE 'é ' || x || char(10) || '\"q\"' END,"
                + " CASE WHEN x % 17 = 0 THEN NULL ELSE randomblob(x % 40) END,"
                + " CASE WHEN x % 19 = 0 THEN NULL ELSE date('2000-01-01', '+' || (x % 9000) || ' days') END"
                + " FROM r");
        replica.apply();
        // hex(NULL) is the empty text in SQLite and NULL in DuckDB: spelled out alike
        String select = "SELECT id, i, d, s, CASE WHEN b IS NULL THEN '-' ELSE hex(b) END, CAST(day AS TEXT) FROM t ORDER BY id";
        List<String> expected = rows(sqlite, select);
        assertEquals(rows, expected.size());
        assertEquals(expected, rows(duck, select));
    }
}
