package io.lumosdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flyway migrates a Lumos-DB database through the driver, configured by URL or with a DataSource and nothing else:
 * Flyway finds Lumos-DB's support (io.lumosdb.jdbc.flyway) by its plugin loader, which leaves Lumos-DB's own
 * tables out of what Flyway counts and cleans.
 */
class FlywayMigrationTest {
    @TempDir
    Path dir;

    private static org.flywaydb.core.api.configuration.FluentConfiguration configured(String url) {
        return Flyway.configure().dataSource(new LumosDataSource(url));
    }

    @Test
    void migrate_appliesEachVersionOnce_andRecordsItsHistory() throws SQLException {
        String url = "jdbc:lumos:" + dir.resolve("db");
        Flyway flyway = Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load();
        MigrateResult first = flyway.migrate();
        assertEquals(3, first.migrationsExecuted);
        assertEquals("3", first.targetSchemaVersion);
        assertEquals(0, flyway.migrate().migrationsExecuted, "a second run finds nothing to do");
        flyway.validate();
        assertEquals(3, flyway.info().applied().length);
        assertTrue(java.util.Arrays.stream(flyway.info().all()).allMatch(m -> m.getState() == MigrationState.SUCCESS));

        try (Connection c = new LumosDataSource(url).getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT a.name, b.title, b.isbn FROM book b JOIN author a ON a.id = b.author_id ORDER BY b.published")) {
            assertTrue(rs.next());
            assertEquals("Stanisław Lem", rs.getString(1));
            assertTrue(rs.next());
            assertEquals("978-0-06-051275-0", rs.getString(3));
        }
    }

    @Test
    void aFailingMigration_leavesNothingOfItself() throws SQLException {
        String url = "jdbc:lumos:" + dir.resolve("broken");
        Flyway flyway = configured(url).locations("classpath:db/migration", "classpath:db/broken").load(); // V1-V3, then V4 fails
        FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
        try (Connection c = new LumosDataSource(url).getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM author")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the failed migration's first insert was rolled back with it");
        }
        assertEquals("3", flyway.info().current().getVersion().getVersion());
    }

    @Test
    void clean_dropsTheApplicationsTables_butNotLumosDbsOwn() throws SQLException {
        String url = "jdbc:lumos:" + dir.resolve("clean");
        Flyway flyway = configured(url).locations("classpath:db/migration").cleanDisabled(false).load();
        flyway.migrate();
        flyway.clean();
        try (Connection c = new LumosDataSource(url).getConnection()) {
            try (ResultSet tables = c.getMetaData().getTables(null, null, "%", null)) {
                assertTrue(!tables.next(), "no application table is left");
            }
        }
        assertEquals(3, flyway.migrate().migrationsExecuted, "a cleaned database migrates again from V1");
        try (Connection c = new LumosDataSource(url).getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM book")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "Lumos-DB's own tables survived the clean: the database works on");
        }
    }
}
