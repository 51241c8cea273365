package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Data and SQL the two engines used to read differently, silently: the answer must not depend on the route. */
class EngineDivergenceTest {
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().inMemory().largeTableRows(1).open();
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    @Test
    void tableNamesWithDotsAndQuotes_strictReadsSeeTheNewestRows() throws SQLException {
        // created with SQLite's four quoting forms, read with the one both engines know
        String[][] tables = {{"\"a.b\"", "\"a.b\""}, {"\"we\"\"ird\"", "\"we\"\"ird\""}, {"[sq.br]", "\"sq.br\""},
            {"`back.tick`", "\"back.tick\""}};
        for (String[] names : tables) {
            db.execute("CREATE TABLE " + names[0] + "(id INTEGER PRIMARY KEY, x TEXT)");
            String table = names[1];
            for (int i = 0; i < 3; i++) {
                db.update("INSERT INTO " + table + "(x) VALUES ('v')");
                assertEquals(List.of(List.of((long) i + 1)), Hostile.sameOnBothRoutes(db, "SELECT count(*) FROM " + table), table);
            }
            db.update("UPDATE " + table + " SET x = 'w' WHERE id = 2");
            assertEquals(List.of(List.of("v"), List.of("w"), List.of("v")),
                    Hostile.sameOnBothRoutes(db, "SELECT x FROM " + table + " ORDER BY id"), table);
        }
    }

    @Test
    void aTableOfOnlyItsRowid_isMirrored() throws SQLException {
        db.execute("CREATE TABLE ids(id INTEGER PRIMARY KEY)");
        db.update("INSERT INTO ids VALUES (1), (5)");
        db.update("DELETE FROM ids WHERE id = 1");
        assertTrue(db.replicatedTables().contains("ids"));
        assertEquals(List.of(List.of(5L)), Hostile.sameOnBothRoutes(db, "SELECT id FROM ids"));
    }

    @Test
    void generatedColumns_areInTheReplica() throws SQLException {
        db.execute("CREATE TABLE g(id INTEGER PRIMARY KEY, x INTEGER, twice INTEGER GENERATED ALWAYS AS (x * 2) VIRTUAL,"
                + " next INTEGER AS (x + 1) STORED)");
        db.update("INSERT INTO g(x) VALUES (1), (2)");
        db.update("UPDATE g SET x = 5 WHERE id = 1");
        assertEquals(List.of(List.of(1L, 5L, 10L, 6L), List.of(2L, 2L, 4L, 3L)), Hostile.sameOnBothRoutes(db, "SELECT * FROM g ORDER BY id"));
        assertEquals(Route.OLAP, db.query("SELECT * FROM g").route(), "auto-routed SELECT * on the replica has every column");
        assertEquals(4, db.query("SELECT * FROM g").columns().size());
    }

    @Test
    void realKeysOfWithoutRowidTables_keepEveryDigit() throws SQLException {
        db.execute("CREATE TABLE r(k REAL PRIMARY KEY, v TEXT) WITHOUT ROWID");
        db.update("INSERT INTO r VALUES (1.0, 'one')");
        db.update("INSERT INTO r VALUES (?, 'two')", 1.0000000000000002);
        db.update("INSERT INTO r VALUES (?, 'tiny')", Double.MIN_VALUE);
        db.update("INSERT INTO r VALUES (?, 'huge')", -Double.MAX_VALUE);
        db.update("INSERT INTO r VALUES (?, 'e300')", 1e300); // SQLite cannot turn its text back into the same double
        db.update("INSERT INTO r VALUES (?, 'e300+')", Math.nextUp(1e300));
        db.update("UPDATE r SET v = v || '!' WHERE k >= 1e299");
        assertEquals(List.of(List.of(6L)), Hostile.sameOnBothRoutes(db, "SELECT count(*) FROM r"));
        assertEquals(List.of(List.of("e300!"), List.of("e300+!")), Hostile.sameOnBothRoutes(db, "SELECT v FROM r WHERE k >= 1e299 ORDER BY k"));
        db.update("DELETE FROM r WHERE k >= 1e299");
        db.update("UPDATE r SET v = 'TWO' WHERE k = ?", 1.0000000000000002);
        db.update("DELETE FROM r WHERE k = 1.0");
        assertEquals(List.of(List.of("huge"), List.of("tiny"), List.of("TWO")), Hostile.sameOnBothRoutes(db, "SELECT v FROM r ORDER BY k"));
    }

    @Test
    void textWithNul_isRefused_namingTheColumn() throws SQLException {
        db.execute("CREATE TABLE s(id INTEGER PRIMARY KEY, x TEXT, anything)");
        SQLDataException bound = assertThrows(SQLDataException.class, () -> db.update("INSERT INTO s(x) VALUES (?)", "abc\0defghi"));
        assertTrue(bound.getMessage().contains("s.x") && bound.getMessage().contains("NUL"), bound.getMessage());
        assertThrows(SQLDataException.class, () -> db.update("INSERT INTO s(x) VALUES ('ab' || char(0) || 'c')"));
        assertThrows(SQLDataException.class, () -> db.update("INSERT INTO s(anything) VALUES (?)", "a\0b"));
        db.update("INSERT INTO s(x, anything) VALUES ('plain', x'00ff')"); // a blob may hold any byte
        assertEquals(List.of(List.of(5L, 2L)), Hostile.sameOnBothRoutes(db, "SELECT length(x), length(anything) FROM s"));
    }

    @Test
    void emptyInLists_andIntegerOverflow_answerAsSQLite() throws SQLException {
        db.execute("CREATE TABLE n(id INTEGER PRIMARY KEY, big INTEGER)");
        db.update("INSERT INTO n(big) VALUES (9223372036854775807), (9223372036854775807)");
        assertEquals(2, db.query("SELECT 1 FROM n WHERE NULL NOT IN ()").size());
        assertEquals(Route.OLTP, db.explain("SELECT 1 FROM n WHERE NULL NOT IN ()").route());
        assertEquals(0, db.query("SELECT 1 FROM n WHERE NULL IN ()").size());
        for (Route route : Route.values()) {
            SQLDataException e = assertThrows(SQLDataException.class, () -> db.query(route, "SELECT sum(big) FROM n"), route.name());
            assertTrue(e.getMessage().contains("integer overflow"), e.getMessage());
            assertEquals("22003", e.getSQLState());
        }
        assertEquals(List.of(List.of(9223372036854775807L)), Hostile.sameOnBothRoutes(db, "SELECT sum(big) FROM n WHERE id = 1"));
    }

    @Test
    void nanParameters_areRefused() throws SQLException {
        db.execute("CREATE TABLE d(id INTEGER PRIMARY KEY, x DOUBLE)");
        SQLDataException e = assertThrows(SQLDataException.class, () -> db.update("INSERT INTO d(x) VALUES (?)", Double.NaN));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(SQLDataException.class, () -> db.update("INSERT INTO d(x) VALUES (?)", Float.NaN));
        db.update("INSERT INTO d(x) VALUES (?)", Double.POSITIVE_INFINITY);
        assertEquals(List.of(List.of(Double.POSITIVE_INFINITY)), Hostile.sameOnBothRoutes(db, "SELECT x FROM d"));
    }
}
