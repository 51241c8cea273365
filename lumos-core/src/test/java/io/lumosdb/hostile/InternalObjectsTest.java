package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lumos-DB's own objects (change log, capture triggers, vector tables) cannot be written or dropped through it. */
class InternalObjectsTest {
    @TempDir
    Path dir;

    @Test
    void writesAndDdlOnInternalObjects_areRefused_andNothingChanges() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(1).open()) {
            db.execute("CREATE TABLE w(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO w(v) VALUES (1), (2)");
            List<String> attacks = List.of("DROP TRIGGER _lumos_u_w", "DROP TRIGGER \"_lumos_d_w\"", "DROP TRIGGER [_LUMOS_I_W]",
                    "DELETE FROM _lumos_changes", "INSERT INTO _lumos_changes(tbl, rid) VALUES ('w', 1)",
                    "DROP TABLE _lumos_changes", "UPDATE main._lumos_hwm SET hwm = 0", "ALTER TABLE _lumos_meta RENAME TO m",
                    "CREATE TABLE _lumos_mine(x)", "CREATE VIEW v AS SELECT * FROM _lumos_changes",
                    "DROP TABLE _lumos_vector_collections");
            for (String sql : attacks) {
                SQLSyntaxErrorException e = assertThrows(SQLSyntaxErrorException.class, () -> db.execute(sql), sql);
                assertTrue(e.getMessage().contains("_lumos_") && e.getMessage().contains("refused"), e.getMessage());
                assertEquals("42501", e.getSQLState());
                assertThrows(SQLSyntaxErrorException.class, () -> db.transaction(tx -> tx.update(sql)), sql);
            }
            db.update("UPDATE w SET v = v * 10");
            assertEquals(List.of(List.of(10L), List.of(20L)), Hostile.sameOnBothRoutes(db, "SELECT v FROM w ORDER BY id"));
            assertEquals(0L, db.sync().status().pendingChanges());
            // reading them is allowed, and a name in a string literal is just text
            db.query("SELECT count(*) FROM _lumos_changes");
            db.update("INSERT INTO w(v) VALUES (length('_lumos_changes'))");
            assertEquals(14L, Hostile.value(db, Route.OLAP, "SELECT v FROM w WHERE id = 3"));
        }
    }

    @Test
    void triggersDroppedBehindItsBack_areRepairedAtOpen_andTheReplicaCopiedAgain() throws SQLException {
        Path home = dir.resolve("db");
        try (LumosDB db = LumosDB.open(home)) {
            db.execute("CREATE TABLE w(id INTEGER PRIMARY KEY, v INTEGER)");
            db.update("INSERT INTO w(v) VALUES (1), (2)");
            Hostile.caughtUp(db);
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("lumos.sqlite"));
                Statement st = raw.createStatement()) {
            st.execute("DROP TRIGGER _lumos_u_w");
            st.execute("UPDATE w SET v = 99 WHERE id = 1"); // unlogged: no trigger
        }
        try (LumosDB db = LumosDB.open(home)) {
            Hostile.caughtUp(db);
            assertEquals(List.of(List.of(99L), List.of(2L)), Hostile.sameOnBothRoutes(db, "SELECT v FROM w ORDER BY id"));
            db.update("UPDATE w SET v = 7 WHERE id = 2"); // logged again
            assertEquals(List.of(List.of(99L), List.of(7L)), Hostile.sameOnBothRoutes(db, "SELECT v FROM w ORDER BY id"));
        }
    }
}
