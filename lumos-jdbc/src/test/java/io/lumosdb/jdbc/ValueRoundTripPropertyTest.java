package io.lumosdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Invariants of the driver's values: whatever a setter binds, the matching getter reads back unchanged (through the
 * facade, SQLite, and the result set's conversions), and the parameter count is that of the statement's
 * {@code ?}s outside quotes and comments.
 */
class ValueRoundTripPropertyTest {
    static Path dir;
    static Connection c;
    static long nextId;

    @BeforeContainer
    static void open() throws Exception {
        dir = Files.createTempDirectory("lumos-jdbc-prop-");
        c = DriverManager.getConnection("jdbc:lumos:" + dir.resolve("db") + "?cache=false");
        c.createStatement().executeUpdate("CREATE TABLE v(id INTEGER PRIMARY KEY, l INTEGER, d REAL, s TEXT, b BLOB, t TEXT)");
    }

    @AfterContainer
    static void close() throws SQLException {
        c.close();
    }

    @Property(tries = 200)
    void whatASetterBinds_theGetterReadsBack(@ForAll long l, @ForAll @DoubleRange(min = -1e300, max = 1e300) double d,
            @ForAll @Size(max = 40) String s, @ForAll @Size(max = 64) java.util.List<Byte> bytes,
            @ForAll @LongRange(min = 0, max = 253_402_300_799L) long epochSecond) throws SQLException {
        net.jqwik.api.Assume.that(s.indexOf(0) < 0); // text with NUL is refused by Lumos-DB (a type error), not stored
        long id = ++nextId;
        byte[] b = new byte[bytes.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = bytes.get(i);
        }
        Instant t = Instant.ofEpochSecond(epochSecond).plus(id % 1_000_000, ChronoUnit.MICROS);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO v VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setLong(2, l);
            ps.setDouble(3, d);
            ps.setString(4, s);
            ps.setBytes(5, b);
            ps.setObject(6, t);
            assertEquals(1, ps.executeUpdate());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT l, d, s, b, t FROM v WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(l, rs.getLong(1));
                assertEquals(d, rs.getDouble(2));
                assertEquals(s, rs.getString(3));
                assertArrayEquals(b, rs.getBytes(4));
                assertEquals(t, rs.getObject(5, Instant.class));
                assertEquals(t, rs.getTimestamp(5).toInstant());
                assertFalse(rs.next());
            }
        }
    }

    @Property(tries = 300)
    void theParameterCount_isTheQuestionMarksOutsideQuotesAndComments(@ForAll @Size(max = 12) java.util.List<@net.jqwik.api.constraints.IntRange(min = 0, max = 4) Integer> parts) {
        StringBuilder sql = new StringBuilder("SELECT 1");
        int expected = 0;
        for (int p : parts) {
            switch (p) {
                case 0 -> { sql.append(", ?"); expected++; }
                case 1 -> sql.append(", '?''?'"); // one literal: ?'?
                case 2 -> sql.append(" /* ? */");
                case 3 -> sql.append(", \"a?\"");
                default -> sql.append(" -- ?\n");
            }
        }
        assertEquals(expected, SqlScanner.parameterCount(sql.toString()), sql.toString());
    }
}
