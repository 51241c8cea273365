package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DDL committed while the DuckDB replica is not open yet gives the same outcome as with the replica open: the
 * new or altered table's values are type-checked from the commit on (a value the replica could not hold is
 * refused, the database unchanged), and the replica holds the table once it opens.
 *
 * <p>"Not open yet" is made certain with {@link LumosDBBuilder#openReplicaOnFirstUse()}: nothing here uses the
 * replica before the checks (a transaction, a write to SQLite and an OLTP read do not), so it is in the state
 * of an opening that has not published its replica, whatever the machine's speed; "open" waits for the
 * replica to have caught up before the DDL.
 */
class DdlWhileReplicaOpensTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "replica open before the DDL: {0}")
    @ValueSource(booleans = {true, false})
    void createTableInATransaction_typeChecksFromTheCommitOn(boolean replicaOpen) throws SQLException {
        try (LumosDB db = open(replicaOpen)) {
            db.transaction(tx -> {
                tx.update("CREATE TABLE d(id INTEGER PRIMARY KEY, x DOUBLE, s TEXT)");
                return tx.update("INSERT INTO d(x, s) VALUES (1.5, 'a')");
            });
            assertEquals(!replicaOpen, db.replicaOpening(), "the replica's state when the write below runs");
            SQLDataException e = assertThrows(SQLDataException.class, () -> db.update("INSERT INTO d(x, s) VALUES ('not a number', 'b')"));
            assertTrue(e.getMessage().contains("d.x"), e.getMessage());
            assertThrows(SQLDataException.class, () -> db.update("UPDATE d SET x = 'nan?' WHERE id = 1"));
            assertUnchanged(db, "d", List.of(List.of(1L, 1.5, "a")));
            db.update("INSERT INTO d(x, s) VALUES (2.5, 'b')");
            assertReplicated(db, "d", 2);
        }
    }

    @ParameterizedTest(name = "replica open before the DDL: {0}")
    @ValueSource(booleans = {true, false})
    void alterTableInATransaction_keepsTheTypeChecks(boolean replicaOpen) throws SQLException {
        Path home = dir.resolve("alter-" + replicaOpen);
        try (LumosDB db = LumosDB.open(home)) {
            db.execute("CREATE TABLE a(id INTEGER PRIMARY KEY, x INTEGER)");
            db.update("INSERT INTO a(x) VALUES (7)");
        }
        try (LumosDB db = open(home, replicaOpen)) {
            db.transaction(tx -> tx.update("ALTER TABLE a ADD COLUMN y DOUBLE"));
            assertEquals(!replicaOpen, db.replicaOpening());
            SQLDataException old = assertThrows(SQLDataException.class, () -> db.update("INSERT INTO a(x) VALUES ('seven')"));
            assertTrue(old.getMessage().contains("a.x"), old.getMessage());
            SQLDataException added = assertThrows(SQLDataException.class, () -> db.update("UPDATE a SET y = 'why' WHERE id = 1"));
            assertTrue(added.getMessage().contains("a.y"), added.getMessage());
            assertUnchanged(db, "a", List.of(java.util.Arrays.asList(1L, 7L, null)));
            db.update("UPDATE a SET y = 0.5 WHERE id = 1");
            assertReplicated(db, "a", 1);
            assertEquals(List.of(List.of(0.5)), db.query(Route.OLAP, "SELECT y FROM a").rows().stream().map(Row::values).toList());
        }
    }

    private LumosDB open(boolean replicaOpen) throws SQLException {
        return open(dir.resolve("db-" + replicaOpen), replicaOpen);
    }

    private static LumosDB open(Path home, boolean replicaOpen) throws SQLException {
        LumosDB db = LumosDB.builder().directory(home).openReplicaOnFirstUse().open();
        if (replicaOpen) {
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            assertFalse(db.replicaOpening());
        }
        return db;
    }

    private static void assertUnchanged(LumosDB db, String table, List<List<Object>> rows) throws SQLException {
        assertEquals(rows, db.query(Route.OLTP, "SELECT * FROM " + table + " ORDER BY id").rows().stream().map(Row::values).toList());
    }

    /** The replica (opened now if it was not) holds the table with SQLite's rows. */
    private static void assertReplicated(LumosDB db, String table, long rows) throws SQLException {
        db.sync().awaitCaughtUp(Duration.ofMinutes(2));
        assertTrue(db.replicatedTables().contains(table), db.replicatedTables().toString());
        assertEquals(rows, db.query(Route.OLAP, "SELECT count(*) FROM " + table).rows().get(0).getLong(0));
        assertEquals(db.query(Route.OLTP, "SELECT * FROM " + table + " ORDER BY id").rows().stream().map(Row::values).toList(),
                db.query(Route.OLAP, "SELECT * FROM " + table + " ORDER BY id").rows().stream().map(Row::values).toList());
    }
}
