package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schema changes through the facade reach DuckDB in order with the data written around them. */
class SchemaChangeTest {
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().inMemory().largeTableRows(10).open();
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c DOUBLE)");
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 500) INSERT INTO t SELECT i, 'a' || i, i, i / 2.0 FROM r");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private void assertSameOnBothEngines(String sql) throws SQLException {
        QueryResult onSqlite = db.query(Route.OLTP, sql);
        QueryResult onDuck = db.query(Route.OLAP, sql);
        assertEquals(onSqlite.columns(), onDuck.columns(), sql);
        assertEquals(onSqlite.rows(), onDuck.rows(), sql);
    }

    @Test
    void addRenameAndDropColumns_withWritesBetween() throws SQLException {
        db.update("UPDATE t SET b = b * 10 WHERE id % 3 = 0");
        db.execute("ALTER TABLE t ADD COLUMN d TEXT DEFAULT 'new'");
        db.update("UPDATE t SET d = 'set' WHERE id <= 5");
        assertSameOnBothEngines("SELECT * FROM t ORDER BY id");
        db.execute("ALTER TABLE t RENAME COLUMN a TO name");
        db.update("INSERT INTO t(id, name, b, c, d) VALUES (1000, 'late', 1, 1.0, 'x')");
        assertSameOnBothEngines("SELECT * FROM t ORDER BY id");
        db.execute("ALTER TABLE t DROP COLUMN c");
        db.update("DELETE FROM t WHERE id > 400");
        assertSameOnBothEngines("SELECT * FROM t ORDER BY id");
        assertEquals(Route.OLAP, db.explain("SELECT name, sum(b) FROM t GROUP BY name").route());
        assertThrows(SQLSyntaxErrorException.class, () -> db.query(Route.OLAP, "SELECT c FROM t"));
    }

    @Test
    void renameAndDropTables_andViews() throws SQLException {
        db.execute("ALTER TABLE t RENAME TO items");
        db.update("INSERT INTO items(id, a, b, c) VALUES (9999, 'z', 1, 1)");
        assertSameOnBothEngines("SELECT count(*), sum(b) FROM items");
        assertThrows(SQLSyntaxErrorException.class, () -> db.query(Route.OLAP, "SELECT count(*) FROM t"));
        db.execute("CREATE VIEW big_items AS SELECT id, b FROM items WHERE b > 250");
        db.update("UPDATE items SET b = 1000 WHERE id < 10");
        assertSameOnBothEngines("SELECT count(*), sum(b) FROM big_items");
        assertEquals(Route.OLAP, db.explain("SELECT count(*), sum(b) FROM big_items").route());
        db.execute("DROP VIEW big_items");
        db.execute("DROP TABLE items");
        db.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, note TEXT)"); // same name, new shape
        db.update("INSERT INTO items VALUES (1, 'fresh')");
        assertSameOnBothEngines("SELECT * FROM items");
    }
}
