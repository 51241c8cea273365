package io.lumosdb.engine;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

/** An older engine on the class path (a dependency conflict) is named at open, not met as a strange setting later. */
class EngineVersionsTest {
    @Test
    void theBuildsVersionsAreRecorded() {
        assertTrue(EngineVersions.builtWith("duckdb").matches("\\d+\\.\\d+\\.\\d+.*"), EngineVersions.builtWith("duckdb"));
        assertTrue(EngineVersions.builtWith("sqlite").matches("\\d+\\.\\d+\\.\\d+.*"), EngineVersions.builtWith("sqlite"));
    }

    @Test
    void versionsCompareOnTheirFirstThreeNumbers() {
        assertEquals(0, EngineVersions.compare("v2.0.0", "2.0.0.1"));
        assertTrue(EngineVersions.compare("v1.4.4", "2.0.0.1") < 0);
        assertTrue(EngineVersions.compare("3.50.3", "3.49.1.0") > 0);
        assertTrue(EngineVersions.compare("3.9.0", "3.10.0") < 0, "numerically, not as text");
    }

    @Test
    void anOlderEngine_isRefusedNamingBothVersions() {
        SQLNonTransientConnectionException e = assertThrows(SQLNonTransientConnectionException.class,
                () -> EngineVersions.requireAtLeast("DuckDB", "org.duckdb:duckdb_jdbc", "v1.1.3", "2.0.0.1"));
        assertTrue(e.getMessage().contains("v1.1.3") && e.getMessage().contains("2.0.0.1")
                && e.getMessage().contains("org.duckdb:duckdb_jdbc"), e.getMessage());
        assertDoesNotThrow(() -> EngineVersions.requireAtLeast("DuckDB", "org.duckdb:duckdb_jdbc", "v2.1.0", "2.0.0.1"));
    }
}
