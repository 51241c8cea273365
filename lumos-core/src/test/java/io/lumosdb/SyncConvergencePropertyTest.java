package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import net.jqwik.api.constraints.Size;

/**
 * Property: after any sequence of inserts, updates, deletes, transactions (committed or rolled back)
 * and schema changes, the replica equals SQLite, and every STRICT read routed to DuckDB equals the
 * same query on SQLite, at every step.
 */
class SyncConvergencePropertyTest {

    /** (operation, key, value): the operation picks what to do, key and value parameterize it. */
    @Provide
    Arbitrary<List<Tuple3<Integer, Integer, Integer>>> operations() {
        Arbitrary<Tuple3<Integer, Integer, Integer>> op = net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 99), Arbitraries.integers().between(1, 60),
                Arbitraries.integers().between(-1000, 1000)).as(Tuple::of);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 25)
    void replicaEqualsSqlite_afterAnyHistory(@ForAll("operations") @Size(max = 60) List<Tuple3<Integer, Integer, Integer>> ops)
            throws SQLException {
        try (LumosDB db = LumosDB.builder().inMemory().largeTableRows(5).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER, s TEXT)");
            int extraColumns = 0;
            int step = 0;
            for (Tuple3<Integer, Integer, Integer> op : ops) {
                int what = op.get1();
                int key = op.get2();
                int value = op.get3();
                if (what < 30) {
                    db.update("INSERT OR REPLACE INTO t(id, v, s) VALUES (?, ?, ?)", key, value, "s" + value);
                } else if (what < 50) {
                    db.update("UPDATE t SET v = v + ?, s = s || 'u' WHERE id % 7 = ?", value, key % 7);
                } else if (what < 62) {
                    db.update("DELETE FROM t WHERE id BETWEEN ? AND ?", key, key + Math.abs(value % 5));
                } else if (what < 75) {
                    db.transaction(tx -> {
                        tx.update("INSERT OR REPLACE INTO t(id, v, s) VALUES (?, ?, 'tx')", key + 100, value);
                        tx.update("DELETE FROM t WHERE id = ?", key);
                        return null;
                    });
                } else if (what < 87) {
                    try {
                        db.transaction(tx -> {
                            tx.update("INSERT OR REPLACE INTO t(id, v, s) VALUES (?, ?, 'gone')", key + 200, value);
                            tx.update("UPDATE t SET v = 0");
                            throw new IllegalStateException("roll back");
                        });
                    } catch (IllegalStateException expected) {
                        // rolled back: nothing of it may reach either engine
                    }
                } else if (what < 93 && extraColumns < 3) {
                    extraColumns++;
                    db.execute("ALTER TABLE t ADD COLUMN c" + extraColumns + " INTEGER DEFAULT " + value);
                } else if (what < 97) {
                    db.execute("CREATE TABLE IF NOT EXISTS u" + key % 3 + "(id INTEGER PRIMARY KEY, w INTEGER) WITHOUT ROWID");
                    db.update("INSERT OR REPLACE INTO u" + key % 3 + " VALUES (?, ?)", key, value);
                } else {
                    db.execute("DROP TABLE IF EXISTS u" + key % 3);
                }
                step++;
                String aggregate = "SELECT count(*), sum(v), min(id), max(id) FROM t";
                assertEquals(db.query(Route.OLTP, aggregate).rows(), db.query(Route.OLAP, aggregate).rows(),
                        "STRICT read after step " + step + " " + op);
            }
            for (Row table : db.query(Route.OLTP, "SELECT name FROM sqlite_master WHERE type = 'table'"
                    + " AND substr(name, 1, 7) <> '_lumos_'").rows()) {
                String sql = "SELECT * FROM " + table.getString(0) + " ORDER BY id";
                assertEquals(db.query(Route.OLTP, sql).rows(), db.query(Route.OLAP, sql).rows(), "replica of " + table.getString(0));
            }
        }
    }
}
