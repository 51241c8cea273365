package io.lumosdb.jdbc;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.ResultTooLargeException;
import io.lumosdb.Route;
import io.lumosdb.RouteDecision;
import io.lumosdb.Row;
import io.lumosdb.StatementKind;
import io.lumosdb.Transaction;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A JDBC connection: a view of one shared {@link LumosDB} with JDBC's session state (auto-commit, read-only, the
 * open transaction). Statements go to the facade, so the router picks the engine per statement; the route of the
 * last one is {@code unwrap(RouteDecision.class)}, the database {@code unwrap(LumosDB.class)}.
 *
 * <p><b>Transactions.</b> In auto-commit mode (the default) each statement is its own transaction, as with
 * {@link LumosDB#update} and {@link LumosDB#query}, and reads keep auto-routing. With {@code setAutoCommit(false)}
 * the first statement opens a SQLite transaction ({@code BEGIN IMMEDIATE}: it takes the database's write lock,
 * so other connections' writes wait for the commit, up to the write timeout) in which every statement runs on
 * SQLite and reads see the transaction's writes ({@link ManualTransaction}); the isolation is SQLite's,
 * {@code SERIALIZABLE}, whatever level is asked for (JDBC lets a driver give a stricter one). A read-only connection
 * ({@code setReadOnly(true)}) opens no transaction: its reads keep auto-routing, and writes are refused.
 */
final class LumosConnection extends ConnectionDefaults {
    /** The decision reported for a write: every write runs on SQLite, the source of truth. */
    static final RouteDecision WRITE_DECISION = new RouteDecision(Route.OLTP,
            "a write: INSERT, UPDATE, DELETE and DDL run on SQLite, the source of truth; the replica follows");
    static final RouteDecision TRANSACTION_DECISION = new RouteDecision(Route.OLTP,
            "inside a transaction (auto-commit off): every statement runs on SQLite and sees the transaction's writes");

    private final LumosDB db;
    private final String url;
    private final boolean shared;
    private final Object lock = new Object();
    private boolean autoCommit = true;
    private boolean readOnly;
    private boolean closed;
    private ManualTransaction transaction;
    private SQLWarning warnings;
    private volatile RouteDecision lastDecision;

    /**
     * @param shared whether the database was taken from {@link SharedDatabases} (and is released on close)
     */
    LumosConnection(LumosDB db, String url, boolean shared) {
        this.db = db;
        this.url = url;
        this.shared = shared;
    }

    LumosDB db() {
        return db;
    }

    String url() {
        return url;
    }

    // ---------------------------------------------------------------- running statements (for the statements)

    StatementKind kind(String sql) throws SQLException {
        checkOpen();
        return db.kind(sql);
    }

    /** Runs a read: on the open transaction if there is one, else through the router. */
    RowSource query(String sql, Object[] args) throws SQLException {
        synchronized (lock) {
            ManualTransaction tx = transactionForStatement();
            if (tx != null) {
                QueryResult r = tx.run(t -> t.query(sql, args));
                lastDecision = TRANSACTION_DECISION;
                return RowSource.of(r);
            }
            try {
                QueryResult r = db.query(sql, args);
                lastDecision = r.decision();
                return RowSource.of(r);
            } catch (ResultTooLargeException tooLarge) {
                var stream = db.stream(sql, args); // a result larger than a QueryResult holds is read row by row
                lastDecision = stream.decision();
                return RowSource.of(stream);
            }
        }
    }

    /** Runs a read of SQLite's catalog: on the open transaction (which sees its own DDL) or on SQLite. */
    List<Row> catalogQuery(String sql, Object... args) throws SQLException {
        synchronized (lock) {
            ManualTransaction tx = transactionForStatement();
            return tx != null ? tx.run(t -> t.query(sql, args)).rows() : db.query(Route.OLTP, sql, args).rows();
        }
    }

    /** Runs a write or DDL statement. */
    long update(String sql, Object[] args) throws SQLException {
        synchronized (lock) {
            checkWritable(sql);
            ManualTransaction tx = transactionForStatement();
            long changed = tx != null ? tx.run(t -> t.update(sql, args)) : db.update(sql, args);
            lastDecision = tx != null ? TRANSACTION_DECISION : WRITE_DECISION;
            return changed;
        }
    }

    /**
     * Runs a write and reads the rowid SQLite gave its last inserted row, in one transaction on the writer (the
     * only connection whose {@code last_insert_rowid()} knows it).
     *
     * @return {changed rows, the key or null when no row was inserted}
     */
    Object[] updateReturningKey(String sql, Object[] args) throws SQLException {
        synchronized (lock) {
            checkWritable(sql);
            ManualTransaction tx = transactionForStatement();
            Object[] result = tx != null ? tx.run(t -> insertAndKey(t, sql, args)) : db.transaction(t -> insertAndKey(t, sql, args));
            lastDecision = tx != null ? TRANSACTION_DECISION : WRITE_DECISION;
            return result;
        }
    }

    private static Object[] insertAndKey(Transaction t, String sql, Object[] args) throws SQLException {
        long changed = t.update(sql, args);
        if (changed == 0 || !SqlScanner.isInsert(sql)) {
            return new Object[] {changed, null}; // an UPDATE or DELETE leaves last_insert_rowid() as it was: no key
        }
        return new Object[] {changed, t.query("SELECT last_insert_rowid()").rows().get(0).getLong(0)};
    }

    /**
     * Runs each row's statement in one transaction (the open one, or one of its own), with each row's count.
     *
     * @throws java.sql.BatchUpdateException with the counts of the rows before the failing one
     */
    long[] batch(List<String> sqls, List<Object[]> rows) throws SQLException {
        synchronized (lock) {
            for (String sql : sqls) {
                checkWritable(sql);
            }
            ManualTransaction tx = transactionForStatement();
            long[] counts = new long[rows.size()];
            int[] done = {0};
            ManualTransaction.Work<Void> work = t -> {
                for (int i = 0; i < counts.length; i++) {
                    counts[i] = t.update(sqls.size() == 1 ? sqls.get(0) : sqls.get(i), rows.get(i));
                    done[0] = i + 1;
                }
                return null;
            };
            try {
                if (tx != null) {
                    tx.run(work);
                } else {
                    db.transaction(work::run);
                }
            } catch (SQLException e) {
                long[] before = java.util.Arrays.copyOf(counts, done[0]);
                throw new java.sql.BatchUpdateException("batch row " + done[0] + " (0-based) failed"
                        + (tx == null ? " and the batch was rolled back" : "") + ": " + e.getMessage(),
                        e.getSQLState(), e.getErrorCode(), before, e);
            }
            lastDecision = tx != null ? TRANSACTION_DECISION : WRITE_DECISION;
            return counts;
        }
    }

    RouteDecision lastDecision() {
        return lastDecision;
    }

    private ManualTransaction transactionForStatement() throws SQLException {
        checkOpen();
        if (autoCommit || readOnly) {
            return null;
        }
        if (transaction == null) {
            transaction = new ManualTransaction(db);
        }
        return transaction;
    }

    private void checkWritable(String sql) throws SQLException {
        if (readOnly) {
            throw new java.sql.SQLNonTransientException("the connection is read-only (setReadOnly(true)); refused: "
                    + (sql.length() > 120 ? sql.substring(0, 117) + "..." : sql), "25006");
        }
    }

    void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLNonTransientConnectionException("the connection is closed", "08003");
        }
        if (db.isClosed()) {
            throw new SQLNonTransientConnectionException("the database " + db.directory() + " is closed", "08003");
        }
    }

    // ---------------------------------------------------------------- statements

    @Override
    public Statement createStatement() throws SQLException {
        checkOpen();
        return new LumosStatement(this);
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        checkOpen();
        return new LumosPreparedStatement(this, sql, false);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        checkOpen();
        return new LumosPreparedStatement(this, sql, autoGeneratedKeys == Statement.RETURN_GENERATED_KEYS);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        checkOpen();
        return new LumosPreparedStatement(this, sql, true);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        checkOpen();
        LumosPreparedStatement ps = new LumosPreparedStatement(this, sql, true);
        ps.keyColumnNames(columnNames);
        return ps;
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        checkResultSetKind(type, concurrency);
        return createStatement();
    }

    @Override
    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        return createStatement(type, concurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        checkResultSetKind(type, concurrency);
        return prepareStatement(sql);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        return prepareStatement(sql, type, concurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        throw unsupported("stored procedures (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        throw unsupported("stored procedures (prepareCall)");
    }

    @Override
    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        throw unsupported("stored procedures (prepareCall)");
    }

    /** Results are forward-only and read-only; another kind asked for gets those, with a warning (as JDBC says). */
    private void checkResultSetKind(int type, int concurrency) throws SQLException {
        checkOpen();
        if (type != java.sql.ResultSet.TYPE_FORWARD_ONLY || concurrency != java.sql.ResultSet.CONCUR_READ_ONLY) {
            addWarning(new SQLWarning("results are TYPE_FORWARD_ONLY and CONCUR_READ_ONLY; the kind asked for"
                    + " (type " + type + ", concurrency " + concurrency + ") was replaced by those", "01000"));
        }
    }

    private void addWarning(SQLWarning w) {
        if (warnings == null) {
            warnings = w;
        } else {
            warnings.setNextWarning(w);
        }
    }

    // ---------------------------------------------------------------- transactions

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        checkOpen();
        synchronized (lock) {
            if (autoCommit && !this.autoCommit) {
                endTransaction(true); // JDBC: switching auto-commit on commits the open transaction
            }
            this.autoCommit = autoCommit;
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        checkOpen();
        synchronized (lock) {
            if (autoCommit) {
                throw new SQLException("commit() in auto-commit mode: each statement is already committed;"
                        + " call setAutoCommit(false) to group statements", "25000");
            }
            endTransaction(true);
        }
    }

    @Override
    public void rollback() throws SQLException {
        checkOpen();
        synchronized (lock) {
            if (autoCommit) {
                throw new SQLException("rollback() in auto-commit mode: each statement is already committed", "25000");
            }
            endTransaction(false);
        }
    }

    private void endTransaction(boolean commit) throws SQLException {
        ManualTransaction tx = transaction;
        transaction = null;
        if (tx != null) {
            if (commit) {
                tx.commit();
            } else {
                tx.rollback();
            }
        }
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        checkOpen();
        synchronized (lock) {
            if (transaction != null && readOnly != this.readOnly) {
                throw new SQLException("setReadOnly() inside an open transaction; commit or roll back first", "25001");
            }
            this.readOnly = readOnly;
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return readOnly;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen(); // every level runs as SERIALIZABLE (see the class comment)
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        return TRANSACTION_SERIALIZABLE;
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        throw unsupported("savepoints");
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        throw unsupported("savepoints");
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        throw unsupported("savepoints");
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        throw unsupported("savepoints");
    }

    // ---------------------------------------------------------------- life

    /** Rolls back an open transaction, and releases the shared database (the last connection closes it). */
    @Override
    public void close() throws SQLException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                endTransaction(false);
            } finally {
                if (shared) {
                    SharedDatabases.release(db);
                }
            }
        }
    }

    @Override
    public boolean isClosed() {
        return closed || db.isClosed();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("timeout must not be negative, was " + timeout, "22023");
        }
        return !isClosed();
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        close();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        checkOpen();
        return new LumosDatabaseMetaData(this);
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return warnings;
    }

    @Override
    public void clearWarnings() throws SQLException {
        checkOpen();
        warnings = null;
    }

    @Override
    Object unwrapExtra(Class<?> type) {
        if (type == RouteDecision.class) {
            return lastDecision;
        }
        return type == LumosDB.class ? db : null;
    }

    @Override
    public String toString() {
        return "LumosConnection[" + url + (closed ? ", closed" : "") + "]";
    }

    // ---------------------------------------------------------------- not for an embedded database

    @Override public Clob createClob() throws SQLException { return new javax.sql.rowset.serial.SerialClob(new char[0]); }
    @Override public Blob createBlob() throws SQLException { return new javax.sql.rowset.serial.SerialBlob(new byte[0]); }
    @Override public NClob createNClob() throws SQLException { throw unsupported("NClob"); }
    @Override public SQLXML createSQLXML() throws SQLException { throw unsupported("SQLXML"); }
    @Override public Array createArrayOf(String typeName, Object[] elements) throws SQLException { throw unsupported("arrays"); }
    @Override public Struct createStruct(String typeName, Object[] attributes) throws SQLException { throw unsupported("structs"); }
    @Override public void setClientInfo(String name, String value) throws SQLClientInfoException { /* no client info: ignored */ }
    @Override public void setClientInfo(Properties properties) throws SQLClientInfoException { /* no client info: ignored */ }
    @Override public String getClientInfo(String name) { return null; }
    @Override public Properties getClientInfo() { return new Properties(); }
    @Override public Map<String, Class<?>> getTypeMap() { return Map.of(); }
    @Override public void setTypeMap(Map<String, Class<?>> map) throws SQLException { throw unsupported("type maps"); }

}
