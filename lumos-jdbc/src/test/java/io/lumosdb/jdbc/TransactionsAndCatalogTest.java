package io.lumosdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.Route;
import io.lumosdb.RouteDecision;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manual-commit transactions, read-only connections, and the catalog through DatabaseMetaData. */
class TransactionsAndCatalogTest {
    @TempDir
    Path dir;
    Connection c;
    Connection other;

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:lumos:" + dir.resolve("db") + "?writeTimeout=1s";
        c = DriverManager.getConnection(url);
        other = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE account(id INTEGER PRIMARY KEY, owner TEXT NOT NULL UNIQUE, balance REAL DEFAULT 0)");
            s.executeUpdate("CREATE TABLE transfer(id INTEGER PRIMARY KEY AUTOINCREMENT, src INTEGER NOT NULL REFERENCES account(id)"
                    + " ON DELETE CASCADE, dst INTEGER REFERENCES account, amount DECIMAL(10,2), at TIMESTAMP)");
            s.executeUpdate("CREATE INDEX transfer_by_src ON transfer(src, at DESC)");
            s.executeUpdate("CREATE VIEW rich AS SELECT * FROM account WHERE balance > 100");
            s.executeUpdate("INSERT INTO account VALUES (1, 'ann', 100), (2, 'bob', 50)");
        }
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
        other.close();
    }

    private static double balance(Connection conn, int id) throws SQLException {
        try (ResultSet rs = conn.createStatement().executeQuery("SELECT balance FROM account WHERE id = " + id)) {
            assertTrue(rs.next());
            return rs.getDouble(1);
        }
    }

    @Test
    void commit_makesTheWritesVisible_andTheTransactionSeesItsOwnWrites() throws SQLException {
        c.setAutoCommit(false);
        c.createStatement().executeUpdate("UPDATE account SET balance = balance - 30 WHERE id = 1");
        c.createStatement().executeUpdate("UPDATE account SET balance = balance + 30 WHERE id = 2");
        assertEquals(70, balance(c, 1), "the transaction reads its own write");
        assertEquals(100, balance(other, 1), "another connection sees only committed data");
        RouteDecision inTx = c.unwrap(RouteDecision.class);
        assertEquals(Route.OLTP, inTx.route());
        c.commit();
        assertEquals(70, balance(other, 1));
        assertEquals(80, balance(other, 2));
    }

    @Test
    void rollback_undoesEverything_andAFailedStatementKeepsTheTransactionOpen() throws SQLException {
        c.setAutoCommit(false);
        c.createStatement().executeUpdate("UPDATE account SET balance = 0 WHERE id = 1");
        assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("INSERT INTO account VALUES (3, 'ann', 1)"));
        c.createStatement().executeUpdate("INSERT INTO account VALUES (3, 'cy', 1)");
        assertEquals(0, balance(c, 1));
        c.rollback();
        assertEquals(100, balance(c, 1));
        try (ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM account")) {
            rs.next();
            assertEquals(2, rs.getInt(1));
        }
    }

    @Test
    void anOpenTransaction_makesOtherWritersWait_andClosingRollsBack() throws SQLException {
        c.setAutoCommit(false);
        c.createStatement().executeUpdate("UPDATE account SET balance = 1 WHERE id = 1");
        SQLException locked = assertThrows(SQLException.class, () -> other.createStatement().executeUpdate("UPDATE account SET balance = 2 WHERE id = 2"));
        assertTrue(locked.getMessage().contains("write lock"), locked.getMessage());
        c.close();
        assertEquals(100, balance(other, 1), "closing with an open transaction rolls it back");
        other.createStatement().executeUpdate("UPDATE account SET balance = 2 WHERE id = 2"); // the lock is free again
        assertEquals(2, balance(other, 2));
    }

    @Test
    void setAutoCommitTrue_commitsTheOpenTransaction() throws SQLException {
        c.setAutoCommit(false);
        c.createStatement().executeUpdate("DELETE FROM account WHERE id = 2");
        c.setAutoCommit(true);
        try (ResultSet rs = other.createStatement().executeQuery("SELECT count(*) FROM account")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
        assertThrows(SQLException.class, c::commit, "commit in auto-commit mode is an error");
    }

    @Test
    void readOnlyConnections_refuseWrites_andTakeNoWriteLock() throws SQLException {
        c.setReadOnly(true);
        c.setAutoCommit(false);
        assertEquals(100, balance(c, 1));
        other.createStatement().executeUpdate("UPDATE account SET balance = 5 WHERE id = 2"); // not blocked
        SQLException refused = assertThrows(SQLException.class, () -> c.createStatement().executeUpdate("DELETE FROM account"));
        assertEquals("25006", refused.getSQLState());
        c.commit();
        assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
    }

    @Test
    void metadata_listsTablesAndViews_withoutLumosOwnTables() throws SQLException {
        DatabaseMetaData m = c.getMetaData();
        List<String> all = names(m.getTables(null, null, "%", null), "TABLE_NAME");
        assertEquals(List.of("account", "transfer", "rich"), all);
        assertEquals(List.of("rich"), names(m.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"));
        assertEquals(List.of("account"), names(m.getTables(null, "main", "acc%", null), "TABLE_NAME"));
        assertEquals(List.of(), names(m.getTables(null, "other", "%", null), "TABLE_NAME"));
    }

    @Test
    void metadata_describesColumns() throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(null, null, "transfer", "%")) {
            List<String> seen = new ArrayList<>();
            while (rs.next()) {
                seen.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getString("TYPE_NAME") + ":"
                        + rs.getString("IS_NULLABLE") + ":" + rs.getInt("ORDINAL_POSITION") + ":" + rs.getString("IS_AUTOINCREMENT"));
            }
            assertEquals(List.of("id:" + Types.INTEGER + ":INTEGER:NO:1:YES", "src:" + Types.INTEGER + ":INTEGER:NO:2:NO",
                    "dst:" + Types.INTEGER + ":INTEGER:YES:3:NO", "amount:" + Types.DECIMAL + ":DECIMAL(10,2):YES:4:NO",
                    "at:" + Types.TIMESTAMP + ":TIMESTAMP:YES:5:NO"), seen);
        }
        try (ResultSet rs = c.getMetaData().getColumns(null, null, "account", "balance")) {
            assertTrue(rs.next());
            assertEquals("0", rs.getString("COLUMN_DEF"));
            assertFalse(rs.next());
        }
    }

    @Test
    void metadata_givesKeysAndIndexes() throws SQLException {
        DatabaseMetaData m = c.getMetaData();
        assertEquals(List.of("id"), names(m.getPrimaryKeys(null, null, "account"), "COLUMN_NAME"));
        try (ResultSet fk = m.getImportedKeys(null, null, "transfer")) {
            List<String> keys = new ArrayList<>();
            while (fk.next()) {
                keys.add(fk.getString("FKCOLUMN_NAME") + "->" + fk.getString("PKTABLE_NAME") + "." + fk.getString("PKCOLUMN_NAME")
                        + ":" + fk.getInt("DELETE_RULE"));
            }
            keys.sort(null);
            assertEquals(List.of("dst->account.id:" + DatabaseMetaData.importedKeyNoAction,
                    "src->account.id:" + DatabaseMetaData.importedKeyCascade), keys);
        }
        assertEquals(List.of("transfer", "transfer"), names(m.getExportedKeys(null, null, "account"), "FKTABLE_NAME"));
        try (ResultSet ix = m.getIndexInfo(null, null, "transfer", false, true)) {
            List<String> cols = new ArrayList<>();
            while (ix.next()) {
                cols.add(ix.getString("INDEX_NAME") + "." + ix.getInt("ORDINAL_POSITION") + "=" + ix.getString("COLUMN_NAME")
                        + ix.getString("ASC_OR_DESC") + (ix.getBoolean("NON_UNIQUE") ? "" : "!"));
            }
            assertEquals(List.of("transfer_by_src.1=srcA", "transfer_by_src.2=atD"), cols);
        }
        assertEquals(List.of("owner"), names(m.getIndexInfo(null, null, "account", true, true), "COLUMN_NAME"));
    }

    @Test
    void metadata_insideATransaction_seesItsDdl() throws SQLException {
        c.setAutoCommit(false);
        c.createStatement().executeUpdate("CREATE TABLE fresh(x INTEGER)");
        assertEquals(List.of("fresh"), names(c.getMetaData().getTables(null, null, "fresh", null), "TABLE_NAME"));
        c.rollback();
        assertEquals(List.of(), names(c.getMetaData().getTables(null, null, "fresh", null), "TABLE_NAME"));
    }

    private static List<String> names(ResultSet rs, String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(rs.getString(column));
            }
        }
        return out;
    }
}
