package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every declared type, written through the facade, reads back the same on both routes. */
class TypeMappingTest {
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().inMemory().open();
        db.execute("CREATE TABLE typed(id INTEGER PRIMARY KEY, i INTEGER, big BIGINT, r REAL, d DOUBLE, dec DECIMAL(10,2),"
                + " t TEXT, vc VARCHAR(20), b BLOB, flag BOOLEAN, day DATE, ts TIMESTAMP, dt DATETIME, j JSON, anything)");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void everyTypeRoundTripsOnBothRoutes() throws SQLException {
        byte[] blob = {0, 1, 2, (byte) 0xff};
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        db.update("INSERT INTO typed VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 1, 42, Long.MAX_VALUE, 1.25f, 2.5,
                19.99, "text", uuid, blob, true, LocalDate.of(2024, 2, 29), Instant.parse("2024-03-01T12:34:56.789Z"),
                OffsetDateTime.of(2024, 3, 1, 14, 0, 0, 0, ZoneOffset.ofHours(2)), "{\"a\": [1, 2]}", "free");
        for (Route route : Route.values()) {
            Row r = db.query(route, "SELECT * FROM typed").rows().get(0);
            String on = " on " + route;
            assertEquals(42L, r.get("i"), on);
            assertEquals(Long.MAX_VALUE, r.get("big"), on);
            assertEquals(1.25, r.get("r"), on);
            assertEquals(2.5, r.get("d"), on);
            assertEquals(19.99, r.getDouble("dec"), 1e-9, on);
            assertEquals("text", r.get("t"), on);
            assertEquals(uuid.toString(), r.get("vc"), on);
            assertArrayEquals(blob, r.getBytes("b"), on);
            assertEquals(1L, r.get("flag"), on);
            assertEquals(Boolean.TRUE, r.getBoolean("flag"), on);
            assertEquals("2024-02-29", r.get("day"), on);
            assertEquals(LocalDate.of(2024, 2, 29), r.getLocalDate("day"), on);
            assertEquals("2024-03-01 12:34:56.789", r.get("ts"), on);
            assertEquals(Instant.parse("2024-03-01T12:34:56.789Z"), r.getInstant("ts"), on);
            assertEquals(LocalDateTime.of(2024, 3, 1, 12, 0), r.getLocalDateTime("dt"), on);
            assertEquals("{\"a\": [1, 2]}", r.get("j"), on);
            assertEquals("free", r.get("anything"), on);
        }
    }

    @Test
    void typedGetters_refuseWhatTheyCannotRead() throws SQLException {
        db.update("INSERT INTO typed(id, t, b) VALUES (1, 'abc', x'00')");
        Row r = db.query("SELECT t, b FROM typed").rows().get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.getLong("t"));
        assertTrue(e.getMessage().contains("'abc'") && e.getMessage().contains("a long"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.getString("b"));
        assertThrows(IndexOutOfBoundsException.class, () -> r.get(5));
        assertThrows(java.util.NoSuchElementException.class, () -> r.get("nope"));
        assertEquals("abc", r.get("T"), "lookup by name ignores case");
    }

    @Test
    void valuesThatDoNotFit_areRejectedWithTheColumnNamed_andNothingIsWritten() throws SQLException {
        List<String[]> misfits = List.of(new String[] {"i", "'seven'"}, new String[] {"i", "1.5"}, new String[] {"d", "'x'"},
                new String[] {"flag", "2"}, new String[] {"day", "'2024-02-30'"}, new String[] {"ts", "'soon'"},
                new String[] {"t", "x'00'"});
        for (String[] m : misfits) {
            SQLDataException e = assertThrows(SQLDataException.class,
                    () -> db.update("INSERT INTO typed(id, " + m[0] + ") VALUES (1, " + m[1] + ")"));
            assertTrue(e.getMessage().contains("typed." + m[0]), e.getMessage());
        }
        db.update("INSERT INTO typed(id, i) VALUES (1, '12')"); // affinity makes it an integer
        assertEquals(12L, db.query(Route.OLAP, "SELECT i FROM typed").rows().get(0).get(0));
        assertEquals(1L, db.query(Route.OLTP, "SELECT count(*) FROM typed").rows().get(0).get(0));
    }
}
