package io.lumosdb.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second-thread read of a bulk apply: order, back-pressure, and that failures stop the reader. */
class ReadAheadTest {
    private static final String READER = "read-ahead-test";
    private static final int ROWS = ReadAhead.CHUNK_ROWS * 9 + 17; // more than the queue holds: the reader waits

    @TempDir
    Path dir;
    Connection sqlite;

    @BeforeEach
    void open() throws SQLException {
        sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("r.sqlite"));
        try (Statement st = sqlite.createStatement()) {
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            st.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + ROWS + ")"
                    + " INSERT INTO t SELECT i, 'v' || i FROM r");
        }
        sqlite.setAutoCommit(false); // the replica reads inside its own transaction
    }

    @AfterEach
    void close() throws SQLException {
        sqlite.close();
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        return new Object[] {rs.getLong(1), rs.getString(2)};
    }

    @Test
    void everyRowArrivesInOrder_onTheCallingThread() throws SQLException {
        List<Long> ids = new ArrayList<>();
        Thread caller = Thread.currentThread();
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT id, v FROM t ORDER BY id")) {
            long n = ReadAhead.run(ps, ReadAheadTest::row, r -> {
                assertEquals(caller, Thread.currentThread());
                assertEquals("v" + r[0], r[1]);
                ids.add((Long) r[0]);
            }, READER);
            assertEquals(ROWS, n);
        }
        assertEquals(ROWS, ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(i + 1L, ids.get(i));
        }
        assertFalse(readerAlive());
    }

    @Test
    void aFailingConsumer_stopsTheReader_andTheConnectionIsUsableAfterwards() throws SQLException {
        SQLException refused = new SQLException("DuckDB refused row 5000", "22018");
        try (PreparedStatement ps = sqlite.prepareStatement("SELECT id, v FROM t ORDER BY id")) {
            SQLException thrown = assertThrows(SQLException.class, () -> ReadAhead.run(ps, ReadAheadTest::row, r -> {
                if ((Long) r[0] == 5_000) {
                    throw refused;
                }
            }, READER));
            assertEquals(refused, thrown);
        }
        assertFalse(readerAlive(), "the reader has stopped before run returns");
        sqlite.rollback(); // what the replica does next, on the same connection
        assertEquals(ROWS, count());
    }

    @Test
    void aQueryFailingMidway_reachesTheCaller() throws SQLException {
        // integer overflow at row 10,000: an error SQLite raises while stepping, after many rows were read
        String sql = "SELECT id, CASE WHEN id = 10000 THEN abs(-9223372036854775807 - 1) ELSE v END FROM t ORDER BY id";
        long[] seen = {0};
        try (PreparedStatement ps = sqlite.prepareStatement(sql)) {
            SQLException thrown = assertThrows(SQLException.class, () -> ReadAhead.run(ps, ReadAheadTest::row, r -> seen[0]++, READER));
            assertTrue(thrown.getMessage().contains("overflow"), thrown.getMessage());
        }
        assertTrue(seen[0] < 10_000, "no row at or after the failing one arrives: " + seen[0]);
        assertFalse(readerAlive());
        sqlite.rollback();
        assertEquals(ROWS, count());
    }

    private long count() throws SQLException {
        try (Statement st = sqlite.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean readerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(READER) && t.isAlive());
    }
}
