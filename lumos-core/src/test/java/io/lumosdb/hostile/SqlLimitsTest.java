package io.lumosdb.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import io.lumosdb.SqlLimits;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Input deep or long enough to overflow a parser's stack, or to send JSqlParser's backtracking
 * grammar into exponential time, fails at once with a clear error, on a thread with a small stack too.
 */
class SqlLimitsTest {
    /** A hang guard only: the checks are linear scans, failing in far less. */
    private static final Duration GUARD = Duration.ofSeconds(60);
    LumosDB db;

    @BeforeEach
    void open() throws SQLException {
        db = LumosDB.builder().inMemory().largeTableRows(1).open();
        db.execute("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT)");
        db.update("INSERT INTO t VALUES (1, 'x')");
    }

    @AfterEach
    void close() throws SQLException {
        db.close();
    }

    static String chain(int terms) {
        StringBuilder sb = new StringBuilder("SELECT 1");
        for (int i = 1; i < terms; i++) {
            sb.append("+1");
        }
        return sb.toString();
    }

    static String ors(int terms) {
        StringBuilder sb = new StringBuilder("SELECT count(*) FROM t WHERE a = 0");
        for (int i = 1; i < terms; i++) {
            sb.append(" OR a = ").append(i);
        }
        return sb.toString();
    }

    static String nested(int depth) {
        return "SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth);
    }

    /** Runs {@code sql} through query() and explain() on a thread with a 256 KiB stack; returns what query threw. */
    private SQLException refusedOnSmallStack(String sql) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Throwable> explained = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                db.query(sql);
            } catch (Throwable e) {
                thrown.set(e);
            }
            try {
                db.explain(sql);
            } catch (Throwable e) {
                explained.set(e);
            }
        }, "small-stack", 256 * 1024);
        assertTimeoutPreemptively(GUARD, () -> {
            t.start();
            t.join();
        });
        assertTrue(thrown.get() instanceof SQLSyntaxErrorException, "query: " + thrown.get());
        assertTrue(explained.get() instanceof SQLSyntaxErrorException, "explain: " + explained.get());
        return (SQLException) thrown.get();
    }

    @Test
    void longOperatorChains_areRefused_namingTheLimit() throws Exception {
        for (String sql : new String[] {chain(5_000), ors(10_000), chain(1_001)}) {
            SQLException e = refusedOnSmallStack(sql);
            assertTrue(e.getMessage().contains("more than 1000 operands"), e.getMessage());
            assertEquals("54001", e.getSQLState());
        }
    }

    @Test
    void deepNesting_isRefused_namingTheLimit() throws Exception {
        for (String sql : new String[] {nested(1_000), nested(101), "SELECT " + "[".repeat(500) + "1" + "]".repeat(500)}) {
            SQLException e = refusedOnSmallStack(sql);
            assertTrue(e.getMessage().contains("deeper than 100 levels"), e.getMessage());
        }
    }

    @Test
    void withinTheLimits_statementsRunOnBothRoutes() throws Exception {
        assertTimeoutPreemptively(GUARD, () -> {
            assertEquals(999L, db.query(chain(999)).rows().get(0).getLong(0));
            assertEquals(1L, db.query(Route.OLAP, ors(900)).rows().get(0).getLong(0));
            assertEquals(1L, db.query(nested(30)).rows().get(0).getLong(0)); // beyond what JSqlParser's retry affords
            assertEquals(1L, db.query(Route.OLAP, nested(30)).rows().get(0).getLong(0));
            long inList = db.query("SELECT count(*) FROM t WHERE a IN (" + "1, ".repeat(20_000) + "2)").rows().get(0).getLong(0);
            assertEquals(1L, inList, "a long IN list is no operator chain");
        });
    }

    @Test
    void limitsAreConfigurable() throws Exception {
        try (LumosDB strict = LumosDB.builder().inMemory().sqlLimits(SqlLimits.of(5, 10)).open()) {
            SQLSyntaxErrorException deep = assertThrows(SQLSyntaxErrorException.class, () -> strict.query(nested(6)));
            assertTrue(deep.getMessage().contains("deeper than 5 levels"), deep.getMessage());
            SQLSyntaxErrorException wide = assertThrows(SQLSyntaxErrorException.class, () -> strict.query(chain(11)));
            assertTrue(wide.getMessage().contains("more than 10 operands"), wide.getMessage());
            assertEquals(10L, strict.query(chain(10)).rows().get(0).getLong(0));
        }
        assertThrows(IllegalArgumentException.class, () -> SqlLimits.of(0, 10));
        assertThrows(IllegalStateException.class, () -> LumosDB.builder().sqlLimits(SqlLimits.defaults()).sqlLimits(SqlLimits.defaults()));
    }

    @Test
    void quotedTextAndComments_doNotCount() throws Exception {
        String inString = "SELECT '" + "(".repeat(5_000) + "+".repeat(5_000) + "' AS s";
        assertEquals(10_000, db.query(inString).rows().get(0).getString(0).length());
        String inComment = "SELECT 1 /* " + "((((+".repeat(2_000) + " */ -- " + ")+".repeat(2_000);
        assertEquals(1L, db.query(inComment).rows().get(0).getLong(0));
    }
}
