package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.cache.CacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite reads of a kept statement run through sqlite-jdbc's native statement after their first run
 * ({@code SqliteNativeRead}): every value must read as sqlite-jdbc's result set reads it, and the limits
 * and errors must stay those of the JDBC path.
 */
class NativeSqliteReadTest {
    private static final String LOOKUP = "SELECT v FROM t WHERE id = ?";
    private static Path shared;
    private static LumosDB db;
    private static Connection plain;
    private static long nextId;

    @TempDir
    Path dir;

    @BeforeContainer
    static void open() throws Exception {
        shared = Files.createTempDirectory("lumos-native-read-");
        db = LumosDB.builder().directory(shared).cache(CacheSettings.disabled()).open();
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"); // no type: any value keeps its own
        plain = DriverManager.getConnection("jdbc:sqlite:" + shared.resolve("lumos.sqlite"));
    }

    @AfterContainer
    static void close() throws Exception {
        plain.close();
        db.close();
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().between(-5, 5).map(i -> (Object) (long) i),
                Arbitraries.doubles().filter(d -> !Double.isNaN(d)).map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(40).filter(s -> s.indexOf('\0') < 0).map(Object.class::cast),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(Object.class::cast),
                Arbitraries.just(null));
    }

    @Property(tries = 300)
    void everyValue_readsAsSqliteJdbcReadsIt(@ForAll("values") Object value) throws SQLException {
        long id = nextId++;
        db.update("INSERT INTO t VALUES (?, ?)", id, value);
        Object first = db.query(LOOKUP, id).rows().get(0).get(0);
        Object again = db.query(LOOKUP, id).rows().get(0).get(0); // a kept statement, read natively
        Object viaJdbc;
        try (PreparedStatement ps = plain.prepareStatement(LOOKUP)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                viaJdbc = rs.getObject(1);
            }
        }
        if (viaJdbc instanceof Integer i) {
            viaJdbc = (long) i;
        }
        if (value instanceof byte[] || viaJdbc instanceof byte[]) {
            assertArrayEquals((byte[]) viaJdbc, (byte[]) again, "a blob of " + (value == null ? 0 : ((byte[]) value).length) + " bytes");
            assertArrayEquals((byte[]) first, (byte[]) again);
        } else {
            assertEquals(viaJdbc, again, "value " + value);
            assertEquals(first, again);
        }
    }

    @Test
    void theReaders_mapTheDatabaseFile() throws SQLException {
        try (LumosDB mapped = LumosDB.builder().directory(dir.resolve("mapped")).cache(CacheSettings.disabled()).open()) {
            assertEquals(1L << 30, mapped.query("PRAGMA mmap_size").rows().get(0).getLong(0), "readers read pages in place");
        }
    }

    @Test
    void manyRows_andTheRowLimit_andArgumentErrors_asOnTheJdbcPath() throws SQLException {
        try (LumosDB small = LumosDB.builder().directory(dir.resolve("db")).cache(CacheSettings.disabled()).maxResultRows(5).open()) {
            small.execute("CREATE TABLE r(id INTEGER PRIMARY KEY, s TEXT)");
            for (int i = 0; i < 8; i++) {
                small.update("INSERT INTO r VALUES (?, ?)", i, "é" + i);
            }
            String range = "SELECT id, s FROM r WHERE id < ? ORDER BY id";
            for (int run = 0; run < 3; run++) { // the first run through JDBC, then natively
                QueryResult r = small.query(range, 5);
                assertEquals(5, r.size());
                assertEquals("é4", r.rows().get(4).getString(1));
                assertEquals(List.of("id", "s"), r.columns());
                ResultTooLargeException tooMany = assertThrows(ResultTooLargeException.class, () -> small.query(range, 6));
                assertTrue(tooMany.getMessage().contains("more than 5 rows"), tooMany.getMessage());
                SQLDataException missing = assertThrows(SQLDataException.class, () -> small.query(range));
                assertTrue(missing.getMessage().contains("1 parameter(s) but 0 value(s)"), missing.getMessage());
                SQLDataException nan = assertThrows(SQLDataException.class, () -> small.query(range, Double.NaN));
                assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
                assertEquals(0, small.query(range, -1).size());
            }
            small.execute("ALTER TABLE r ADD COLUMN extra INTEGER DEFAULT 7");
            QueryResult wider = small.query("SELECT * FROM r WHERE id = ?", 2);
            assertEquals(List.of("id", "s", "extra"), wider.columns());
            assertEquals(7L, small.query("SELECT * FROM r WHERE id = ?", 2).rows().get(0).get(2), "labels and width follow the schema");
        }
    }

    @Test
    void aUtf16Database_isReadThroughJdbc_withTheSameValues() throws Exception {
        // a fresh file made UTF-16 before its first table, as an application's own file could be
        Path file = dir.resolve("u16").resolve("lumos.sqlite");
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA encoding = 'UTF-16le'");
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT)");
            st.execute("INSERT INTO t VALUES (1, 'ünï')");
        }
        try (LumosDB u = LumosDB.builder().directory(file.getParent()).cache(CacheSettings.disabled()).open()) {
            List<Object> seen = new ArrayList<>();
            for (int run = 0; run < 3; run++) {
                seen.add(u.query("SELECT s FROM t WHERE id = ?", 1).rows().get(0).get(0));
            }
            assertEquals(List.of("ünï", "ünï", "ünï"), seen);
            assertNull(u.query("SELECT s FROM t WHERE id = ?", 2).rows().stream().findFirst().orElse(null));
        }
    }
}
