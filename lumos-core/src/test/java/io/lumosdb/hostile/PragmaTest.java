package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PRAGMAs: reads return rows; settings that weaken durability or change shared connections are refused with the reason. */
class PragmaTest {
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().inMemory().largeTableRows(1).readerPoolSize(1).open();
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT)");
        db.update("INSERT INTO t(s) VALUES ('Abc'), ('abc')");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void settingPragmas_throughQuery_areRefused_andNoReaderKeepsState() throws SQLException {
        for (String sql : new String[] {"PRAGMA case_sensitive_like=OFF", "PRAGMA case_sensitive_like = 0",
                "PRAGMA main.case_sensitive_like(false)", "pragma /* x */ case_sensitive_like=OFF"}) {
            assertThrows(SQLSyntaxErrorException.class, () -> db.query(sql), sql);
            assertThrows(SQLSyntaxErrorException.class, () -> db.execute(sql), sql);
        }
        // the only reader was handed every attempt: LIKE still means the same on both routes
        assertEquals(List.of(List.of(1L)), Hostile.sameOnBothRoutes(db, "SELECT count(*) FROM t WHERE s LIKE 'a%'"));
    }

    @Test
    void durabilityPragmas_areRefused_withTheReason() {
        for (String sql : new String[] {"PRAGMA synchronous=OFF", "PRAGMA synchronous = 0", "PRAGMA journal_mode=OFF",
                "PRAGMA journal_mode = MEMORY", "PRAGMA locking_mode=EXCLUSIVE", "PRAGMA writable_schema=ON",
                "PRAGMA synchronous /**/ = 0", "PRAGMA \"synchronous\"=OFF", "PRAGMA foreign_keys=OFF"}) {
            SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class, () -> db.execute(sql), sql);
            assertTrue(e.getMessage().contains("refused"), e.getMessage());
        }
        SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class, () -> db.execute("PRAGMA synchronous=OFF"));
        assertTrue(e.getMessage().contains("durability"), e.getMessage());
    }

    @Test
    void readPragmas_returnRows_andFileSettingsCanBeWritten() throws SQLException {
        assertEquals(2, db.query("PRAGMA table_info(t)").size());
        assertEquals("wal", db.query("PRAGMA journal_mode").rows().get(0).getString(0));
        assertEquals(1, db.query("PRAGMA synchronous").size());
        db.execute("PRAGMA user_version = 7");
        assertEquals(7L, db.query("PRAGMA user_version").rows().get(0).getLong(0));
        assertEquals("ok", db.query("PRAGMA integrity_check").rows().get(0).getString(0));
        assertEquals(Route.OLTP, db.explain("PRAGMA table_info(t)").route());
        assertThrows(SQLSyntaxErrorException.class, () -> db.query("PRAGMA user_version = 8"), "a write through query()");
    }

    @Test
    void headerPragmaWrittenInATransaction_isReadBackAtOnce() throws Exception {
        db.execute("CREATE TABLE h(id INTEGER PRIMARY KEY)");
        for (int i = 1; i <= 3; i++) {
            int n = i;
            db.transaction(tx -> {
                tx.update("INSERT INTO h VALUES (?)", n);
                tx.update("PRAGMA user_version = " + (100 + n));
                tx.update("PRAGMA application_id = " + n);
                return null;
            });
            assertEquals(100L + i, db.query("PRAGMA user_version").rows().get(0).getLong(0));
            assertEquals((long) i, db.query("PRAGMA application_id").rows().get(0).getLong(0));
            assertEquals((long) i, (long) db.transaction(tx -> tx.query("SELECT count(*) FROM h").rows().get(0).getLong(0)));
        }
    }

    @Test
    void vacuum_isRefused_becauseItMayRenumberRowids() {
        SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class, () -> db.execute("VACUUM"));
        assertTrue(e.getMessage().contains("rowid"), e.getMessage());
    }
}
