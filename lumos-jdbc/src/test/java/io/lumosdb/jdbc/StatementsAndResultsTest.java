package io.lumosdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements, prepared statements (every setter), result sets (typed getters, metadata), batches and generated keys. */
class StatementsAndResultsTest {
    @TempDir
    Path dir;
    Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:lumos:" + dir.resolve("db"));
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, qty INTEGER,"
                    + " data BLOB, day DATE, at TIMESTAMP, flag BOOLEAN, ref TEXT)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    @Test
    void everySetter_roundTripsThroughTheTypedGetters() throws SQLException {
        Instant at = Instant.parse("2024-05-01T10:15:30.123456Z");
        UUID ref = UUID.randomUUID();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, 1);
            ps.setString(2, "anvil");
            ps.setDouble(3, 9.5);
            ps.setInt(4, 3);
            ps.setBytes(5, new byte[] {1, 2, 3});
            ps.setDate(6, Date.valueOf(LocalDate.of(2024, 5, 1)));
            ps.setTimestamp(7, Timestamp.from(at));
            ps.setBoolean(8, true);
            ps.setObject(9, ref);
            assertEquals(1, ps.executeUpdate());
            ps.clearParameters();
            ps.setShort(1, (short) 2);
            ps.setNString(2, "bolt");
            ps.setBigDecimal(3, new BigDecimal("0.25"));
            ps.setByte(4, (byte) 7);
            ps.setBinaryStream(5, new ByteArrayInputStream(new byte[] {9}));
            ps.setObject(6, LocalDate.of(2024, 6, 2));
            ps.setObject(7, LocalDateTime.of(2024, 6, 2, 8, 0));
            ps.setObject(8, false);
            ps.setNull(9, Types.VARCHAR);
            assertEquals(1, ps.executeUpdate());
            ps.setInt(1, 3);
            ps.setCharacterStream(2, new StringReader("cog"));
            ps.setFloat(3, 1.5f);
            ps.setObject(4, "12", Types.INTEGER);
            ps.setBlob(5, new javax.sql.rowset.serial.SerialBlob(new byte[] {4, 4}));
            ps.setNull(6, Types.DATE);
            ps.setNull(7, Types.TIMESTAMP);
            ps.setNull(8, Types.BOOLEAN);
            ps.setClob(9, new javax.sql.rowset.serial.SerialClob("c".toCharArray()));
            assertEquals(1, ps.executeUpdate());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM item WHERE id = ?")) {
            ps.setInt(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt("id"));
                assertEquals("anvil", rs.getString("name"));
                assertEquals(9.5, rs.getDouble("price"));
                assertEquals(new BigDecimal("9.5"), rs.getBigDecimal("price"));
                assertEquals(3L, rs.getLong("qty"));
                assertEquals((short) 3, rs.getShort("qty"));
                assertArrayEquals(new byte[] {1, 2, 3}, rs.getBytes("data"));
                assertArrayEquals(new byte[] {1, 2, 3}, rs.getBinaryStream("data").readAllBytes());
                assertEquals(Date.valueOf(LocalDate.of(2024, 5, 1)), rs.getDate("day"));
                assertEquals(LocalDate.of(2024, 5, 1), rs.getObject("day", LocalDate.class));
                assertEquals(at, rs.getTimestamp("at").toInstant());
                assertEquals(at, rs.getObject("at", Instant.class));
                assertTrue(rs.getBoolean("flag"));
                assertEquals(ref, rs.getObject("ref", UUID.class));
                assertFalse(rs.wasNull());
                assertFalse(rs.next());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            ps.setInt(1, 2);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(0.25, rs.getDouble(3));
                assertEquals(7, rs.getInt(4));
                assertArrayEquals(new byte[] {9}, rs.getBytes(5));
                assertEquals(LocalDate.of(2024, 6, 2), rs.getObject(6, LocalDate.class));
                assertEquals(LocalDateTime.of(2024, 6, 2, 8, 0), rs.getObject(7, LocalDateTime.class));
                assertFalse(rs.getBoolean(8));
                assertNull(rs.getString(9));
                assertTrue(rs.wasNull());
            }
            ps.setInt(1, 3);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("cog", rs.getString(2));
                assertEquals(12, rs.getInt(4));
                assertEquals(0, rs.getInt(6));
                assertTrue(rs.wasNull());
                assertNull(rs.getTimestamp(7));
                assertEquals("c", rs.getString(9));
            }
        }
    }

    @Test
    void resultSetMetaData_namesAndTypesTheColumns() throws SQLException {
        c.createStatement().executeUpdate("INSERT INTO item(id, name, price, data) VALUES (1, 'a', 2.5, x'00')");
        try (ResultSet rs = c.createStatement().executeQuery("SELECT id, name AS label, price, data, qty FROM item")) {
            ResultSetMetaData m = rs.getMetaData();
            assertEquals(5, m.getColumnCount());
            assertEquals("label", m.getColumnLabel(2));
            assertEquals(Types.BIGINT, m.getColumnType(1));
            assertEquals(Types.VARCHAR, m.getColumnType(2));
            assertEquals(Types.DOUBLE, m.getColumnType(3));
            assertEquals(Types.BLOB, m.getColumnType(4));
            assertEquals(Types.NULL, m.getColumnType(5));
            assertEquals(Long.class.getName(), m.getColumnClassName(1));
            assertThrows(SQLException.class, () -> m.getColumnType(6));
        }
    }

    @Test
    void typeMismatches_andMisuse_areSqlExceptionsNamingTheColumn() throws SQLException {
        c.createStatement().executeUpdate("INSERT INTO item(id, name) VALUES (1, 'not a number')");
        try (ResultSet rs = c.createStatement().executeQuery("SELECT name, id FROM item")) {
            assertThrows(SQLException.class, () -> rs.getInt(1)); // before the first row
            assertTrue(rs.next());
            SQLDataException e = assertThrows(SQLDataException.class, () -> rs.getInt(1));
            assertTrue(e.getMessage().contains("name") && e.getMessage().contains("not a number"), e.getMessage());
            assertThrows(SQLException.class, () -> rs.getString(3));
            assertThrows(SQLException.class, () -> rs.getString("nope"));
            assertThrows(SQLException.class, rs::previous);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM item WHERE id = ? AND name = ?")) {
            ps.setInt(1, 1);
            SQLDataException unset = assertThrows(SQLDataException.class, ps::executeQuery);
            assertTrue(unset.getMessage().contains("parameter 2"), unset.getMessage());
            assertThrows(SQLException.class, () -> ps.setInt(3, 1));
        }
        assertThrows(java.sql.SQLSyntaxErrorException.class, () -> c.createStatement().executeQuery("SELEC nonsense"));
    }

    @Test
    void execute_tellsReadsFromWrites_andMaxRowsLimitsAResult() throws SQLException {
        try (Statement s = c.createStatement()) {
            assertFalse(s.execute("INSERT INTO item(id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
            assertEquals(3, s.getUpdateCount());
            assertNull(s.getResultSet());
            assertTrue(s.execute("SELECT name FROM item ORDER BY id"));
            assertEquals(-1, s.getUpdateCount());
            s.setMaxRows(2);
            try (ResultSet rs = s.executeQuery("SELECT name FROM item ORDER BY id")) {
                assertTrue(rs.next());
                assertTrue(rs.next());
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void batches_countEachRow_andAFailingRowUndoesTheBatch() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO item(id, name) VALUES (?, ?)")) {
            for (int i = 1; i <= 5; i++) {
                ps.setInt(1, i);
                ps.setString(2, "n" + i);
                ps.addBatch();
            }
            assertArrayEquals(new int[] {1, 1, 1, 1, 1}, ps.executeBatch());
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE item SET qty = ? WHERE id <= ?")) {
            ps.setInt(1, 1);
            ps.setInt(2, 2);
            ps.addBatch();
            ps.setInt(1, 2);
            ps.setInt(2, 0);
            ps.addBatch();
            assertArrayEquals(new int[] {2, 0}, ps.executeBatch());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO item(id, name) VALUES (?, ?)")) {
            ps.setInt(1, 10);
            ps.setString(2, "new");
            ps.addBatch();
            ps.setInt(1, 1); // a duplicate key
            ps.setString(2, "dup");
            ps.addBatch();
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertArrayEquals(new int[] {1}, e.getUpdateCounts());
        }
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM item")) {
            rs.next();
            assertEquals(5, rs.getInt(1), "the failed batch left nothing behind");
        }
        try (Statement s = c.createStatement()) {
            s.addBatch("INSERT INTO item(id, name) VALUES (20, 'x')");
            s.addBatch("DELETE FROM item WHERE id <= 2");
            assertArrayEquals(new int[] {1, 2}, s.executeBatch());
        }
    }

    @Test
    void generatedKeys_areTheInsertedRowids() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO item(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "first");
            ps.executeUpdate();
            long first = key(ps.getGeneratedKeys());
            ps.setString(1, "second");
            ps.executeUpdate();
            assertEquals(first + 1, key(ps.getGeneratedKeys()));
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE item SET qty = 1", Statement.RETURN_GENERATED_KEYS)) {
            ps.executeUpdate();
            assertFalse(ps.getGeneratedKeys().next(), "an UPDATE generates no key");
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO item(id, name) VALUES (100, 'x')", new String[] {"id"});
            ResultSet keys = s.getGeneratedKeys();
            assertTrue(keys.next());
            assertEquals(100, keys.getLong("id"));
        }
    }

    private static long key(ResultSet keys) throws SQLException {
        assertTrue(keys.next());
        long k = keys.getLong(1);
        assertFalse(keys.next());
        return k;
    }

    @Test
    void largeResults_areStreamed() throws SQLException {
        try (Connection small = DriverManager.getConnection("jdbc:lumos:" + dir.resolve("small") + "?maxResultRows=10");
             Statement s = small.createStatement()) {
            s.executeUpdate("CREATE TABLE n(i INTEGER)");
            s.executeUpdate("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 50) INSERT INTO n SELECT i FROM r");
            try (ResultSet rs = s.executeQuery("SELECT i FROM n ORDER BY i")) {
                long sum = 0;
                int rows = 0;
                while (rs.next()) {
                    sum += rs.getLong(1);
                    rows++;
                }
                assertEquals(50, rows);
                assertEquals(50 * 51 / 2, sum);
            }
        }
    }

    @Test
    void blobsAndText_convertBothWays() throws SQLException {
        c.createStatement().executeUpdate("INSERT INTO item(id, name, data) VALUES (1, 'héllo', x'68656c6c6f')");
        try (ResultSet rs = c.createStatement().executeQuery("SELECT name, data FROM item")) {
            rs.next();
            assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), rs.getBytes(1));
            assertEquals("hello", rs.getString(2));
        }
    }
}
