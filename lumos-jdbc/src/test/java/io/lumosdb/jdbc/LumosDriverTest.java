package io.lumosdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.RouteDecision;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver is found, reads its URL settings, and shares one database per directory. */
class LumosDriverTest {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:lumos:" + dir.resolve("db");
    }

    @Test
    void serviceLoader_findsTheDriver_andDriverManagerOpensLumosUrls() throws SQLException {
        assertTrue(ServiceLoader.load(Driver.class).stream().anyMatch(p -> p.type() == LumosDriver.class));
        try (Connection c = DriverManager.getConnection(url())) {
            assertEquals(LumosDriver.NAME, c.getMetaData().getDriverName());
            assertEquals("SQLite", c.getMetaData().getDatabaseProductName());
            assertTrue(c.getMetaData().getDatabaseMajorVersion() >= 3);
            assertTrue(c.isValid(1));
        }
    }

    @Test
    void otherUrls_areNotTaken() throws SQLException {
        assertNull(new LumosDriver().connect("jdbc:sqlite:" + dir.resolve("x.db"), null));
        assertFalse(new LumosDriver().acceptsURL("jdbc:duckdb:"));
    }

    @Test
    void urlSettings_reachTheBuilder() throws SQLException {
        try (Connection c = DriverManager.getConnection(url() + "?largeTableRows=5&freshness=any&writeTimeout=2s");
             Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER)");
            for (int i = 0; i < 20; i++) {
                s.executeUpdate("INSERT INTO t(v) VALUES (" + i + ")");
            }
            c.unwrap(LumosDB.class).sync().awaitCaughtUp(java.time.Duration.ofSeconds(60));
            c.unwrap(LumosDB.class).execute("ANALYZE"); // the router's row counts, to pass largeTableRows=5
            try (var rs = s.executeQuery("SELECT v % 3, count(*) FROM t GROUP BY v % 3 ORDER BY 1")) {
                int groups = 0;
                while (rs.next()) {
                    groups++;
                }
                assertEquals(3, groups);
            }
            RouteDecision why = s.unwrap(RouteDecision.class);
            assertEquals(Route.OLAP, why.route(), why.toString());
            s.executeQuery("SELECT v FROM t WHERE id = 3").close();
            assertEquals(Route.OLTP, s.unwrap(RouteDecision.class).route());
        }
    }

    @Test
    void unknownOrMalformedSettings_areRefusedWithTheirName() {
        var unknown = assertThrows(SQLNonTransientConnectionException.class, () -> DriverManager.getConnection(url() + "?freshnes=any"));
        assertTrue(unknown.getMessage().contains("freshnes"), unknown.getMessage());
        var bad = assertThrows(SQLNonTransientConnectionException.class, () -> DriverManager.getConnection(url() + "?writeTimeout=soon"));
        assertTrue(bad.getMessage().contains("writeTimeout=soon"), bad.getMessage());
        var negative = assertThrows(SQLNonTransientConnectionException.class, () -> DriverManager.getConnection(url() + "?largeTableRows=-1"));
        assertTrue(negative.getMessage().contains("largeTableRows"), negative.getMessage());
        assertThrows(SQLNonTransientConnectionException.class, () -> DriverManager.getConnection("jdbc:lumos:"));
    }

    @Test
    void connectionsOfOneDirectory_shareOneDatabase_closedWithTheLast() throws SQLException {
        Connection a = DriverManager.getConnection(url());
        Connection b = DriverManager.getConnection(url());
        LumosDB db = a.unwrap(LumosDB.class);
        assertSame(db, b.unwrap(LumosDB.class));
        assertEquals(2, SharedDatabases.connections(dir.resolve("db")));
        a.createStatement().executeUpdate("CREATE TABLE t(x INTEGER)");
        b.createStatement().executeUpdate("INSERT INTO t VALUES (7)");
        a.close();
        assertFalse(db.isClosed());
        try (var rs = b.createStatement().executeQuery("SELECT x FROM t")) {
            assertTrue(rs.next());
            assertEquals(7, rs.getInt(1));
        }
        b.close();
        assertTrue(db.isClosed());
        assertEquals(0, SharedDatabases.connections(dir.resolve("db")));
        try (Connection again = DriverManager.getConnection(url())) { // the directory opens again after the last close
            assertNotNull(again.unwrap(LumosDB.class));
            assertFalse(again.unwrap(LumosDB.class).isClosed());
        }
    }

    @Test
    void aSecondUrlWithOtherSettings_isRefused() throws SQLException {
        try (Connection a = DriverManager.getConnection(url() + "?freshness=any")) {
            var e = assertThrows(SQLNonTransientConnectionException.class, () -> DriverManager.getConnection(url() + "?freshness=strict"));
            assertTrue(e.getMessage().contains("same URL settings"), e.getMessage());
            try (Connection same = DriverManager.getConnection(url() + "?freshness=any")) {
                assertSame(a.unwrap(LumosDB.class), same.unwrap(LumosDB.class));
            }
        }
    }

    @Test
    void dataSourceOverAGivenDatabase_leavesItOpen() throws SQLException {
        try (LumosDB db = LumosDB.open(dir.resolve("own"))) {
            LumosDataSource ds = LumosDataSource.of(db);
            try (Connection c = ds.getConnection()) {
                c.createStatement().executeUpdate("CREATE TABLE t(x INTEGER)");
            }
            assertFalse(db.isClosed());
            assertEquals(0, db.query("SELECT count(*) FROM t").rows().get(0).getLong(0));
            assertSame(db, ds.unwrap(LumosDB.class));
        }
    }

    @Test
    void dataSourceForAUrl_sharesWithTheDriver() throws SQLException {
        LumosDataSource ds = new LumosDataSource(url());
        try (Connection a = ds.getConnection(); Connection b = DriverManager.getConnection(url())) {
            assertSame(a.unwrap(LumosDB.class), b.unwrap(LumosDB.class));
        }
        assertThrows(IllegalArgumentException.class, () -> new LumosDataSource("jdbc:sqlite:x"));
        assertInstanceOf(javax.sql.DataSource.class, ds);
        assertArrayEquals(new int[0], new int[0]);
    }
}
