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
 * Flyway migrates a Lumos-DB database through the driver, configured as docs/jdbc.md says: with a
 * {@link LumosDataSource} (Flyway finds its database support by URL only for the URLs it knows), and with a baseline at
 * version 0 (Flyway's SQLite support counts Lumos-DB's own {@code _lumos_*} tables, so a new database never looks
 * empty to it; the baseline lets V1 and on run).
 */
class FlywayMigrationTest {
    @TempDir
    Path dir;

    private static org.flywaydb.core.api.configuration.FluentConfiguration configured(String url) {
        return Flyway.configure().dataSource(new LumosDataSource(url)).baselineOnMigrate(true).baselineVersion("0");
    }

    @Test
    void migrate_appliesEachVersionOnce_andRecordsItsHistory() throws SQLException {
        String url = "jdbc:lumos:" + dir.resolve("db");
        Flyway flyway = configured(url).locations("classpath:db/migration").load();
        MigrateResult first = flyway.migrate();
        assertEquals(3, first.migrationsExecuted, "V1, V2 and V3 after the baseline at 0");
        assertEquals("3", first.targetSchemaVersion);
        assertEquals(0, flyway.migrate().migrationsExecuted, "a second run finds nothing to do");
        flyway.validate();
        assertTrue(java.util.Arrays.stream(flyway.info().all()).filter(m -> !m.getVersion().getVersion().equals("0"))
                .allMatch(m -> m.getState() == MigrationState.SUCCESS));

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
        Flyway flyway = configured(url).locations("classpath:db/broken").load();
        FlywayException e = assertThrows(FlywayException.class, flyway::migrate);
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
        try (Connection c = new LumosDataSource(url).getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM author")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the failed migration's first insert was rolled back with it");
        }
        assertEquals("1", flyway.info().current().getVersion().getVersion());
    }
}
