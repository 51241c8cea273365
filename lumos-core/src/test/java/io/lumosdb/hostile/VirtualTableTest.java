package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.RouteDecision;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Virtual tables (FTS5, R*Tree) are served by SQLite, and no capture trigger ever stands on their shadow
 * tables: one there made the next insert crash the JVM, and the file crash the sqlite3 shell.
 */
class VirtualTableTest {
    @TempDir
    Path dir;

    @Test
    void fts5AndRtree_throughTheFacade_workAndAreServedBySqlite() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(1).open()) {
            db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)");
            db.execute("CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx)");
            for (int i = 0; i < 50; i++) {
                db.update("INSERT INTO docs VALUES (?, ?)", "title " + i, i % 2 == 0 ? "even lumos" : "odd");
                db.update("INSERT INTO boxes VALUES (?, ?, ?)", i, i, i + 1);
            }
            db.update("DELETE FROM docs WHERE title = 'title 0'");
            Hostile.caughtUp(db);
            assertEquals(24L, db.query("SELECT count(*) FROM docs WHERE docs MATCH 'lumos'").rows().get(0).getLong(0));
            assertEquals(2L, db.query("SELECT count(*) FROM boxes WHERE minx <= 10 AND maxx >= 10").rows().get(0).getLong(0));
            RouteDecision why = db.explain("SELECT count(*) FROM docs");
            assertEquals(Route.OLTP, why.route());
            assertTrue(why.reason().contains("virtual table (fts5)"), why.reason());
            assertEquals(0L, triggersOnVirtualOrShadowTables(db));
        }
    }

    @Test
    void aFileWithTriggersOnShadowTables_isRepairedAtOpen() throws SQLException {
        Path home = dir.resolve("db");
        try (LumosDB db = LumosDB.open(home)) {
            db.execute("CREATE VIRTUAL TABLE docs USING fts5(body)");
            db.update("INSERT INTO docs VALUES ('before')");
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("lumos.sqlite"));
                Statement st = raw.createStatement()) {
            // what an earlier version left: capture triggers on the shadow tables (inserting now would crash)
            for (String shadow : new String[] {"docs_data", "docs_idx", "docs_content", "docs_docsize", "docs_config"}) {
                st.execute("CREATE TRIGGER \"_lumos_i_" + shadow + "\" AFTER INSERT ON " + shadow
                        + " BEGIN INSERT INTO _lumos_changes(tbl, rid) VALUES ('" + shadow + "', NEW.rowid); END");
            }
        }
        try (LumosDB db = LumosDB.open(home)) {
            for (int i = 0; i < 20; i++) {
                db.update("INSERT INTO docs VALUES (?)", "after " + i);
            }
            assertEquals(21L, db.query("SELECT count(*) FROM docs").rows().get(0).getLong(0));
            assertEquals(20L, db.query("SELECT count(*) FROM docs WHERE docs MATCH 'after'").rows().get(0).getLong(0));
            assertEquals(0L, triggersOnVirtualOrShadowTables(db));
        }
    }

    private static long triggersOnVirtualOrShadowTables(LumosDB db) throws SQLException {
        return db.query("SELECT count(*) FROM sqlite_master t WHERE type = 'trigger' AND NOT EXISTS"
                + " (SELECT 1 FROM pragma_table_list l WHERE l.type = 'table' AND l.name = t.tbl_name)").rows().get(0).getLong(0);
    }

}
