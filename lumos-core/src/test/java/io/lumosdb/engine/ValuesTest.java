package io.lumosdb.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.cache.CacheSettings;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The value model of docs/sql-dialect.md ("One value model"): every supported parameter type, bound to
 * SQLite and to DuckDB through the facade, reads back as SQLite would store it; what cannot be stored is
 * refused naming the parameter; and DuckDB's richer result types fold into the same model.
 */
class ValuesTest {
    static final Instant AT = Instant.parse("2024-03-01T12:34:56.789Z");

    static LumosDB db;
    static Connection duck;

    @BeforeAll
    static void open() throws SQLException {
        // no cache: each engine answers every read
        db = LumosDB.builder().inMemory().cache(CacheSettings.disabled()).open();
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, big INTEGER, ts TIMESTAMP, day DATE)");
        db.update("INSERT INTO t VALUES (1, ?, ?, ?), (2, ?, NULL, NULL)", Long.MAX_VALUE, AT, LocalDate.of(2024, 2, 29), Long.MAX_VALUE);
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
        db.close();
    }

    // ---------------------------------------------------------------- parameters

    static Stream<Arguments> parameters() {
        BigInteger twoTo63 = BigInteger.ONE.shiftLeft(63);
        return Stream.of(
                Arguments.of("null", null, null),
                Arguments.of("Long", 7L, 7L),
                Arguments.of("Long.MIN_VALUE", Long.MIN_VALUE, Long.MIN_VALUE),
                Arguments.of("Integer", 7, 7L),
                Arguments.of("Short", (short) -7, -7L),
                Arguments.of("Byte", (byte) 7, 7L),
                Arguments.of("Double", 2.5, 2.5),
                Arguments.of("Float", 1.25f, 1.25),
                Arguments.of("BigDecimal", new BigDecimal("19.75"), 19.75),
                Arguments.of("BigInteger in 64 bits", BigInteger.valueOf(Long.MAX_VALUE), Long.MAX_VALUE),
                Arguments.of("BigInteger beyond 64 bits", twoTo63, twoTo63.doubleValue()),
                Arguments.of("String", "日本語 — ü", "日本語 — ü"),
                Arguments.of("empty String", "", ""),
                Arguments.of("Boolean true", true, 1L),
                Arguments.of("Boolean false", false, 0L),
                Arguments.of("byte[]", new byte[] {0, 1, (byte) 0xff}, new byte[] {0, 1, (byte) 0xff}),
                Arguments.of("Character", 'x', "x"),
                Arguments.of("UUID", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "123e4567-e89b-12d3-a456-426614174000"),
                Arguments.of("LocalDate", LocalDate.of(2024, 2, 29), "2024-02-29"),
                Arguments.of("Instant, whole seconds", Instant.parse("2024-03-01T12:34:56Z"), "2024-03-01 12:34:56"),
                Arguments.of("Instant, trailing zeros dropped", Instant.parse("2024-03-01T12:34:56.120Z"), "2024-03-01 12:34:56.12"),
                Arguments.of("Instant, microseconds", Instant.parse("2024-03-01T12:34:56.000001Z"), "2024-03-01 12:34:56.000001"),
                Arguments.of("OffsetDateTime", OffsetDateTime.of(2024, 3, 1, 14, 0, 0, 0, ZoneOffset.ofHours(2)), "2024-03-01 12:00:00"),
                Arguments.of("ZonedDateTime, summer time", ZonedDateTime.of(2024, 7, 1, 14, 0, 0, 0, ZoneId.of("Europe/Berlin")),
                        "2024-07-01 12:00:00"),
                Arguments.of("ZonedDateTime, west of UTC", ZonedDateTime.of(2024, 12, 31, 20, 30, 0, 0, ZoneId.of("America/New_York")),
                        "2025-01-01 01:30:00"),
                Arguments.of("LocalDateTime, taken as UTC", LocalDateTime.of(2024, 3, 1, 12, 0, 0, 500_000_000), "2024-03-01 12:00:00.5"),
                Arguments.of("java.util.Date", Date.from(AT), "2024-03-01 12:34:56.789"),
                Arguments.of("java.sql.Timestamp", java.sql.Timestamp.from(AT), "2024-03-01 12:34:56.789"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parameters")
    void parameter_readsBackInTheValueModel_onBothEngines(String type, Object value, Object expected) throws SQLException {
        for (Route route : Route.values()) {
            QueryResult result = db.query(route, "SELECT ? AS v", value);
            assertEquals(route, result.route());
            Object actual = result.rows().get(0).get(0);
            if (expected instanceof byte[] bytes) {
                assertArrayEquals(bytes, (byte[]) actual, type + " on " + route);
            } else {
                assertEquals(expected, actual, type + " on " + route);
            }
        }
    }

    /** The same instant in every Java form finds the stored timestamp on both engines (text compare in SQLite, typed in DuckDB). */
    static Stream<Arguments> sameInstant() {
        return Stream.of(Arguments.of(AT), Arguments.of(AT.atOffset(ZoneOffset.ofHours(-5))),
                Arguments.of(AT.atZone(ZoneId.of("Asia/Tokyo"))), Arguments.of(LocalDateTime.ofInstant(AT, ZoneOffset.UTC)),
                Arguments.of(Date.from(AT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameInstant")
    void timestampParameter_matchesTheStoredInstant_onBothEngines(Object at) throws SQLException {
        for (Route route : Route.values()) {
            List<Object> ids = db.query(route, "SELECT id FROM t WHERE ts = ?", at).rows().stream().map(r -> r.get(0)).toList();
            assertEquals(List.of(1L), ids, at.getClass().getSimpleName() + " on " + route);
            assertEquals(List.of(1L, 0L), db.query(route, "SELECT count(*) FILTER (WHERE ts >= ?), count(*) FILTER (WHERE ts > ?) FROM t",
                    at, at).rows().get(0).values(), at.getClass().getSimpleName() + " on " + route);
        }
    }

    // ---------------------------------------------------------------- refused parameters

    @ParameterizedTest
    @EnumSource(Route.class)
    void nan_isRefused_namingTheParameter(Route route) {
        for (Object nan : new Object[] {Double.NaN, Float.NaN}) {
            SQLDataException e = assertThrows(SQLDataException.class, () -> db.query(route, "SELECT ?, ? AS v", 1, nan));
            assertTrue(e.getMessage().contains("parameter 2 is NaN"), e.getMessage());
            assertEquals("22023", e.getSQLState());
        }
    }

    @Test
    void nan_isRefusedOnWrite_andNothingIsWritten() throws SQLException {
        SQLDataException e = assertThrows(SQLDataException.class,
                () -> db.update("INSERT INTO t(id, big, ts) VALUES (?, ?, ?)", 3, Double.NaN, AT));
        assertTrue(e.getMessage().contains("parameter 2 is NaN"), e.getMessage());
        assertEquals(2L, db.query(Route.OLTP, "SELECT count(*) FROM t").rows().get(0).get(0));
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(Arguments.of(new Object()), Arguments.of(Duration.ofSeconds(5)),
                Arguments.of(List.of(1, 2)), Arguments.of((Object) new int[] {1}), Arguments.of(new StringBuilder("text")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void unsupportedType_isRefused_namingTheParameterAndType(Object value) throws SQLException {
        String type = value.getClass().getName();
        for (Route route : Route.values()) {
            SQLDataException e = assertThrows(SQLDataException.class, () -> db.query(route, "SELECT ?, ?, ? AS v", 1, "two", value));
            assertTrue(e.getMessage().contains("parameter 3 has type " + type), e.getMessage());
        }
        SQLDataException e = assertThrows(SQLDataException.class, () -> db.update("UPDATE t SET big = ? WHERE id = 1", value));
        assertTrue(e.getMessage().contains("parameter 1 has type " + type), e.getMessage());
        assertEquals(Long.MAX_VALUE, db.query(Route.OLTP, "SELECT big FROM t WHERE id = 1").rows().get(0).get(0));
    }

    // ---------------------------------------------------------------- DuckDB's result types

    private static byte[] float32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static Stream<Arguments> duckdbResults() {
        return Stream.of(
                Arguments.of("1::TINYINT", 1L), Arguments.of("-2::SMALLINT", -2L), Arguments.of("3::INTEGER", 3L),
                Arguments.of("4::BIGINT", 4L), Arguments.of("200::UTINYINT", 200L), Arguments.of("60000::USMALLINT", 60_000L),
                Arguments.of("4294967295::UINTEGER", 4_294_967_295L), Arguments.of("5::HUGEINT", 5L),
                Arguments.of("9223372036854775807::HUGEINT", Long.MAX_VALUE), Arguments.of("(-9223372036854775808)::HUGEINT", Long.MIN_VALUE),
                Arguments.of("(SELECT sum(x) FROM (VALUES (1), (2)) v(x))", 3L),
                Arguments.of("1.5::DECIMAL(4,1)", 1.5), Arguments.of("12.345::DECIMAL(38,3)", 12.345), Arguments.of("round(48.65, 1)", 48.7),
                Arguments.of("2.5::FLOAT", 2.5), Arguments.of("3.5::DOUBLE", 3.5),
                Arguments.of("true", 1L), Arguments.of("false", 0L),
                Arguments.of("'text'", "text"), Arguments.of("NULL", null),
                Arguments.of("DATE '2024-02-29'", "2024-02-29"),
                Arguments.of("TIMESTAMP '2024-03-01 12:34:56'", "2024-03-01 12:34:56"),
                Arguments.of("TIMESTAMP '2024-03-01 12:34:56.120'", "2024-03-01 12:34:56.12"),
                Arguments.of("TIMESTAMP '2024-03-01 12:34:56.000001'", "2024-03-01 12:34:56.000001"),
                Arguments.of("TIMESTAMPTZ '2024-03-01 12:34:56+02'", "2024-03-01 10:34:56"),
                Arguments.of("TIME '12:34:56'", "12:34:56"),
                Arguments.of("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
                Arguments.of("'\\xAA\\x01'::BLOB", new byte[] {(byte) 0xaa, 1}),
                Arguments.of("[1, 2, 3]", List.of(1L, 2L, 3L)),
                Arguments.of("['a', NULL]", Arrays.asList("a", null)),
                Arguments.of("[[1, 2], [3]]", List.of(List.of(1L, 2L), List.of(3L))),
                Arguments.of("[DATE '2024-01-01', NULL]", Arrays.asList("2024-01-01", null)),
                Arguments.of("[]::INTEGER[]", List.of()),
                Arguments.of("[1.5::FLOAT, -2.0::FLOAT]", float32(1.5f, -2f)),
                Arguments.of("[1.5::FLOAT, -2.0::FLOAT]::FLOAT[2]", float32(1.5f, -2f)));
    }

    private static Object duckdb(String expression) throws SQLException {
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery("SELECT " + expression)) {
            assertTrue(rs.next());
            return rs.getObject(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duckdbResults")
    void duckdbResult_foldsIntoTheValueModel(String expression, Object expected) throws SQLException {
        Object normalized = Values.normalize(duckdb(expression));
        if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) normalized, expression);
        } else {
            assertEquals(expected, normalized, expression);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.lumosdb.engine.ValuesTest#beyond64Bits")
    void integerBeyond64Bits_isSqlitesIntegerOverflow(String expression) throws SQLException {
        Object raw = duckdb(expression);
        SQLDataException e = assertThrows(SQLDataException.class, () -> Values.normalize(raw), expression);
        assertTrue(e.getMessage().startsWith("integer overflow: " + raw), e.getMessage());
        assertEquals("22003", e.getSQLState());
    }

    static Stream<String> beyond64Bits() {
        return Stream.of("9223372036854775808::HUGEINT", "(-9223372036854775809)::HUGEINT",
                "170141183460469231731687303715884105727::HUGEINT", "18446744073709551615::UBIGINT");
    }

    @ParameterizedTest
    @EnumSource(Route.class)
    void sumBeyond64Bits_isIntegerOverflow_onBothRoutes(Route route) throws SQLException {
        SQLDataException e = assertThrows(SQLDataException.class, () -> db.query(route, "SELECT sum(big) FROM t"));
        assertTrue(e.getMessage().contains("integer overflow"), e.getMessage());
        assertEquals("22003", e.getSQLState());
        double total = 2.0 * Long.MAX_VALUE;
        assertEquals(total, db.query(route, "SELECT sum(CAST(big AS REAL)) FROM t").rows().get(0).getDouble(0), total * 1e-6,
                "the way around it that the message names");
    }

    @Test
    void valuesAlreadyInTheModel_areKeptAsTheyAre() throws SQLException {
        for (Object v : new Object[] {null, 1L, 1.5, "s"}) {
            assertEquals(v, Values.normalize(v));
        }
        byte[] bytes = {1, 2};
        assertArrayEquals(bytes, (byte[]) Values.normalize(bytes));
    }

    @Test
    void sqlDatesAndTimes_bindAsSqliteText_onBothRoutes() throws SQLException {
        for (Route route : Route.values()) {
            assertEquals("2024-02-29", db.query(route, "SELECT CAST(? AS TEXT) AS v", java.sql.Date.valueOf("2024-02-29")).rows().get(0).get(0));
            assertEquals("12:00:00", db.query(route, "SELECT CAST(? AS TEXT) AS v", java.sql.Time.valueOf("12:00:00")).rows().get(0).get(0));
            assertEquals("12:00:00", db.query(route, "SELECT CAST(? AS TEXT) AS v", LocalTime.NOON).rows().get(0).get(0));
        }
        assertEquals("12:00:00", Values.normalize(LocalTime.NOON), "as SQLite's time() writes it");
    }

    @Test
    void timestamps_readTheSame_inADaylightSavingZone() throws SQLException {
        java.util.TimeZone before = java.util.TimeZone.getDefault();
        java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Europe/Berlin"));
        try {
            db.update("INSERT INTO t(id, ts) VALUES (?, ?)", 900, Instant.parse("2024-03-31T02:30:00Z"));
            for (Route route : Route.values()) {
                assertEquals("2024-03-31 02:30:00", db.query(route, "SELECT ts FROM t WHERE id = 900").rows().get(0).get(0), route.name());
            }
        } finally {
            java.util.TimeZone.setDefault(before);
            db.update("DELETE FROM t WHERE id = 900");
        }
    }

    @Test
    void duckdbJsonAndStructs_foldIntoTheValueModel() throws SQLException {
        assertEquals("\"x\"", db.query(Route.OLAP, "SELECT json_extract('{\"a\": \"x\"}', '$.a') AS j").rows().get(0).get(0));
        assertEquals(List.of(1L, "b"), db.query(Route.OLAP, "SELECT {'a': 1, 'b': 'b'} AS s").rows().get(0).get(0));
    }
}
