package io.lumosdb.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native row read gives exactly what sqlite-jdbc's getObject gives, for every kind of value SQLite stores. */
class SqliteRowReaderTest {
    private static final ReplicatedTable ROWID_TABLE = new ReplicatedTable("t", List.of(
            new ReplicatedTable.Column("i", "INTEGER", ColumnType.INTEGER),
            new ReplicatedTable.Column("r", "REAL", ColumnType.DOUBLE),
            new ReplicatedTable.Column("s", "TEXT", ColumnType.TEXT),
            new ReplicatedTable.Column("b", "BLOB", ColumnType.BLOB),
            new ReplicatedTable.Column("x", "", ColumnType.ANY)), List.of());

    @TempDir
    Path dir;

    private static void exec(Connection c, String... sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** All rows of {@code query}, read natively if {@code utf8}, else through getObject; checks which read was used. */
    private static List<Object[]> read(Connection c, String query, ReplicatedTable shape, boolean utf8) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(query)) {
            SqliteRowReader reader = SqliteRowReader.of(ps, shape, utf8);
            assertEquals(utf8, reader.isNative());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
        }
        return rows;
    }

    private static void assertSameRows(List<Object[]> expected, List<Object[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertArrayEquals(expected.get(r), actual.get(r), "row " + r);
            for (int c = 0; c < expected.get(r).length; c++) {
                Object e = expected.get(r)[c];
                Object a = actual.get(r)[c];
                assertEquals(e == null ? null : e.getClass(), a == null ? null : a.getClass(), "row " + r + ", value " + c);
            }
        }
    }

    @Test
    void everyKindOfValue_readsAsGetObjectReadsIt() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("v.sqlite"))) {
            assertTrue(SqliteRowReader.isUtf8(c));
            exec(c, "CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, x)",
                    "INSERT INTO t VALUES (1, 0.1 + 0.2, 'plain', X'00FF', NULL)",
                    "INSERT INTO t VALUES (2147483647, -0.0, '', X'', 'text, untyped')",
                    "INSERT INTO t VALUES (2147483648, 1e308, 'π ≈ 3.14159 — 日本語 🎉', zeroblob(3000), 42)",
                    "INSERT INTO t VALUES (-9223372036854775808, -2147483649, CAST(X'61FF62C3' AS TEXT), NULL, 1.5)",
                    "INSERT INTO t VALUES (NULL, 'text in a REAL column', 'a' || char(0) || 'b', 'text in a BLOB column', X'01')",
                    "INSERT INTO t VALUES (-2147483648, 5, 7, 8.25, '')");
            String query = "SELECT rowid, i, r, s, b, x FROM t ORDER BY rowid";
            List<Object[]> byJdbc = read(c, query, ROWID_TABLE, false);
            assertSameRows(byJdbc, read(c, query, ROWID_TABLE, true));
            // and the values are what was stored, not merely alike in both reads
            assertEquals(Long.class, byJdbc.get(0)[0].getClass());
            assertEquals(2147483648L, byJdbc.get(2)[1]);
            assertEquals(2147483647, byJdbc.get(1)[1]);
            assertEquals(0.1 + 0.2, byJdbc.get(0)[2]);
            assertEquals("", byJdbc.get(1)[3]);
            assertEquals("π ≈ 3.14159 — 日本語 🎉", byJdbc.get(2)[3]);
            assertEquals("a\0b", byJdbc.get(4)[3]);
            assertEquals(3000, ((byte[]) byJdbc.get(2)[4]).length);
            assertEquals(8.25, byJdbc.get(5)[4]); // BLOB affinity keeps a number a number
        }
    }

    @Test
    void keyedRows_readTheirKeyAsText() throws SQLException {
        ReplicatedTable keyed = new ReplicatedTable("k", List.of(
                new ReplicatedTable.Column("a", "TEXT", ColumnType.TEXT),
                new ReplicatedTable.Column("n", "INTEGER", ColumnType.INTEGER)), List.of("a", "n"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("k.sqlite"))) {
            exec(c, "CREATE TABLE k(a TEXT, n INTEGER, PRIMARY KEY (a, n)) WITHOUT ROWID",
                    "INSERT INTO k VALUES ('x,\"y]', 1), ('ü', 2)");
            String query = "SELECT " + keyed.identity("k") + ", a, n FROM k ORDER BY a";
            List<Object[]> natively = read(c, query, keyed, true);
            assertSameRows(read(c, query, keyed, false), natively);
            assertEquals("[\"x,\\\"y]\",1]", natively.get(0)[0]);
            assertEquals("ü", natively.get(1)[1]);
        }
    }

    @Test
    void aUtf16Database_isReadThroughJdbc_andItsTextArrivesIntact() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("u16.sqlite"))) {
            exec(c, "PRAGMA encoding = 'UTF-16le'", "CREATE TABLE t(i INTEGER, r REAL, s TEXT, b BLOB, x)",
                    "INSERT INTO t VALUES (1, 2.5, '日本語 and ascii', X'0102', 'x')");
            assertFalse(SqliteRowReader.isUtf8(c));
            List<Object[]> rows = read(c, "SELECT rowid, i, r, s, b, x FROM t", ROWID_TABLE, SqliteRowReader.isUtf8(c));
            assertEquals("日本語 and ascii", rows.get(0)[3]);
        }
    }
}
