package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db.updateBatch} and {@code Transaction.updateBatch}: many rows in one batch, all or none, a failure named by its row. */
class WriteBatchTest {
    @TempDir
    Path dir;
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().directory(dir.resolve("db")).largeTableRows(100).open();
        db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT NOT NULL, amount DOUBLE)");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    private static List<Object[]> orders(int from, int count) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            rows.add(new Object[] {i, "c" + (i % 7), i * 1.5});
        }
        return rows;
    }

    private long count(Route route) throws SQLException {
        return db.query(route, "SELECT count(*) FROM orders").rows().get(0).getLong(0);
    }

    @Test
    void aBatchWritesEveryRow_andTheReplicaAndTheCacheFollow() throws SQLException {
        assertEquals(0L, count(Route.OLAP)); // cached as 0 on DuckDB
        assertEquals(500L, db.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", orders(1, 500)));
        assertEquals(500L, count(Route.OLTP));
        assertEquals(500L, count(Route.OLAP), "a STRICT read on DuckDB sees the batch");
        long matching = db.query("SELECT count(*) FROM orders WHERE customer IN ('c1', 'c2')").rows().get(0).getLong(0);
        assertTrue(matching > 0);
        assertEquals(matching, db.updateBatch("UPDATE orders SET amount = amount + ? WHERE customer = ?",
                List.of(new Object[] {1.0, "c1"}, new Object[] {2.0, "c2"})), "rows changed, summed over the batch");
        db.sync().awaitCaughtUp(Duration.ofMinutes(2));
        assertEquals(db.query(Route.OLTP, "SELECT sum(amount) FROM orders").rows().get(0).getDouble(0),
                db.query(Route.OLAP, "SELECT sum(amount) FROM orders").rows().get(0).getDouble(0), 1e-9);
        assertEquals(0L, db.updateBatch("DELETE FROM orders WHERE id = ?", List.of()));
    }

    @Test
    void aFailingRow_isNamed_andNothingOfTheBatchIsWritten() throws SQLException {
        db.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", orders(1, 10));
        List<Object[]> rows = orders(100, 50);
        rows.set(37, new Object[] {5, "duplicate key", 1.0});
        SQLIntegrityConstraintViolationException e = assertThrows(SQLIntegrityConstraintViolationException.class,
                () -> db.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", rows));
        assertTrue(e.getMessage().contains("values row 37 of 50"), e.getMessage());
        assertEquals(10L, count(Route.OLTP), "none of the 37 rows before it was kept");

        rows.set(37, new Object[] {137, "fine", "not a number"});
        SQLDataException typed = assertThrows(SQLDataException.class,
                () -> db.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", rows));
        assertTrue(typed.getMessage().contains("values row 37") && typed.getMessage().contains("orders.amount"), typed.getMessage());

        rows.set(37, new Object[] {137, "too few"});
        SQLDataException arity = assertThrows(SQLDataException.class,
                () -> db.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", rows));
        assertTrue(arity.getMessage().contains("3 parameter(s) but 2") && arity.getMessage().contains("values row 37"), arity.getMessage());
        assertEquals(10L, count(Route.OLTP));
        assertEquals(10L, count(Route.OLAP), "nor reached DuckDB");

        rows.set(37, new Object[] {137, "fine", 2.0});
        assertEquals(50L, db.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", rows), "the statement is usable after failures");
        assertEquals(60L, count(Route.OLTP));
    }

    @Test
    void inATransaction_aFailedBatchLeavesNothing_butTheEarlierWritesStay() throws SQLException {
        long kept = db.transaction(tx -> {
            tx.update("INSERT INTO orders VALUES (1, 'first', 1.0)");
            List<Object[]> rows = orders(2, 5);
            rows.add(new Object[] {7, null, 1.0}); // customer is NOT NULL
            assertThrows(SQLIntegrityConstraintViolationException.class,
                    () -> tx.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", rows));
            assertEquals(1L, tx.query("SELECT count(*) FROM orders").rows().get(0).getLong(0));
            return tx.updateBatch("INSERT INTO orders(id, customer, amount) VALUES (?, ?, ?)", orders(10, 3));
        });
        assertEquals(3L, kept);
        assertEquals(4L, count(Route.OLTP));
        assertEquals(4L, count(Route.OLAP));
    }

    @Test
    void onlyRowWritesBatch() throws SQLException {
        assertThrows(SQLSyntaxErrorException.class, () -> db.updateBatch("SELECT * FROM orders WHERE id = ?", orders(1, 1)));
        assertThrows(SQLSyntaxErrorException.class, () -> db.updateBatch("CREATE TABLE x(a INTEGER)", List.<Object[]>of(new Object[0])));
        assertThrows(SQLSyntaxErrorException.class, () -> db.updateBatch("INSERT INTO nowhere VALUES (?)", List.<Object[]>of(new Object[] {1})));
        assertThrows(NullPointerException.class, () -> db.updateBatch("DELETE FROM orders WHERE id = ?", null));
        assertThrows(SQLTransientException.class, () -> db.transaction(tx -> db.updateBatch("DELETE FROM orders WHERE id = ?", orders(1, 1))),
                "inside a transaction the Transaction's updateBatch is the one to use");
        assertEquals(0L, count(Route.OLTP));
    }
}
