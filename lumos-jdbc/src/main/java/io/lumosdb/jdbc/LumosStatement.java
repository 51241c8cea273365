package io.lumosdb.jdbc;

import io.lumosdb.RouteDecision;
import io.lumosdb.StatementKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A statement: each text is sent to the facade, which routes a read and runs a write on SQLite
 * ({@link LumosConnection}). The route of the last statement is {@code unwrap(RouteDecision.class)}.
 * One result per execution (no multiple results); results are forward-only and read-only.
 */
class LumosStatement extends JdbcObjects implements Statement {
    private static final Object[] NO_ARGS = {};

    /** Cancels statements past their query timeout; one daemon thread for the process, idle unless timeouts are set. */
    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lumos-jdbc query timeouts");
        t.setDaemon(true);
        return t;
    });

    final LumosConnection connection;
    private LumosResultSet result;
    private long updateCount = -1;
    private LumosResultSet generatedKeys;
    private final List<String> batch = new ArrayList<>();
    private String[] keyColumnNames;
    private long maxRows;
    private int fetchSize;
    private int queryTimeoutSeconds;
    private boolean closed;
    private boolean closeOnCompletion;
    private boolean poolable;
    private volatile Thread running;

    LumosStatement(LumosConnection connection) {
        this.connection = connection;
    }

    // ---------------------------------------------------------------- running (shared with prepared statements)

    final ResultSet runQuery(String sql, Object[] args) throws SQLException {
        begin();
        RowSource rows = timed(() -> connection.query(sql, args));
        result = new LumosResultSet(rows, this, maxRows);
        return result;
    }

    final long runUpdate(String sql, Object[] args, boolean wantKeys) throws SQLException {
        begin();
        if (wantKeys) {
            Object[] changedAndKey = timed(() -> connection.updateReturningKey(sql, args));
            String column = keyColumnNames != null && keyColumnNames.length > 0 ? keyColumnNames[0] : "GENERATED_KEY";
            List<Object[]> keys = changedAndKey[1] == null ? List.of() : List.<Object[]>of(new Object[] {changedAndKey[1]});
            generatedKeys = new LumosResultSet(RowSource.ofValues(List.of(column), keys), this, 0);
            updateCount = (Long) changedAndKey[0];
        } else {
            updateCount = timed(() -> connection.update(sql, args));
        }
        return updateCount;
    }

    /** Runs {@code sql} as what it is: true when it produced a result set. */
    final boolean runAny(String sql, Object[] args, StatementKind kind, boolean wantKeys) throws SQLException {
        if (kind == StatementKind.READ) {
            runQuery(sql, args);
            return true;
        }
        runUpdate(sql, args, wantKeys);
        return false;
    }

    final long[] runBatch(List<String> sqls, List<Object[]> rows) throws SQLException {
        begin();
        try {
            return timed(() -> connection.batch(sqls, rows));
        } finally {
            batch.clear();
        }
    }

    @FunctionalInterface
    interface Call<T> {
        T run() throws SQLException;
    }

    /** Runs {@code call}, cancelled through the facade if it outlasts the query timeout. */
    private <T> T timed(Call<T> call) throws SQLException {
        running = Thread.currentThread();
        ScheduledFuture<?> deadline = queryTimeoutSeconds <= 0 ? null
                : TIMEOUTS.schedule(this::cancelQuietly, queryTimeoutSeconds, TimeUnit.SECONDS);
        try {
            return call.run();
        } catch (SQLException e) {
            if (deadline != null && deadline.isDone()) {
                throw new java.sql.SQLTimeoutException("the statement ran past its query timeout of " + queryTimeoutSeconds
                        + " s and was cancelled: " + e.getMessage(), "57014", e);
            }
            throw e;
        } finally {
            running = null;
            if (deadline != null) {
                deadline.cancel(false);
            }
        }
    }

    private void cancelQuietly() {
        Thread t = running;
        if (t != null) {
            connection.db().cancel(t);
        }
    }

    private void begin() throws SQLException {
        checkOpen();
        closeResult();
        updateCount = -1;
        generatedKeys = null;
    }

    private void closeResult() throws SQLException {
        LumosResultSet r = result;
        result = null;
        if (r != null) {
            r.close();
        }
    }

    /** A result set of this statement was closed: with closeOnCompletion, the statement closes too. */
    void resultSetClosed(LumosResultSet rs) throws SQLException {
        if (rs == result && closeOnCompletion) {
            result = null;
            close();
        }
    }

    void keyColumnNames(String[] names) {
        this.keyColumnNames = names == null ? null : names.clone();
    }

    final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the statement is closed", "HY010");
        }
        connection.checkOpen();
    }

    // ---------------------------------------------------------------- Statement

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        return runQuery(sql, NO_ARGS);
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        return runUpdate(sql, NO_ARGS, false);
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        return runAny(sql, NO_ARGS, connection.kind(sql), false);
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return (int) executeLargeUpdate(sql, autoGeneratedKeys);
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        return runUpdate(sql, NO_ARGS, autoGeneratedKeys == RETURN_GENERATED_KEYS);
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return (int) runUpdate(sql, NO_ARGS, true);
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        return runUpdate(sql, NO_ARGS, true);
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        return (int) executeLargeUpdate(sql, columnNames);
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        keyColumnNames(columnNames);
        return runUpdate(sql, NO_ARGS, true);
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        return runAny(sql, NO_ARGS, connection.kind(sql), autoGeneratedKeys == RETURN_GENERATED_KEYS);
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        return runAny(sql, NO_ARGS, connection.kind(sql), true);
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        keyColumnNames(columnNames);
        return runAny(sql, NO_ARGS, connection.kind(sql), true);
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        checkOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        checkOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return toInts(executeLargeBatch());
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        List<String> sqls = List.copyOf(batch);
        List<Object[]> rows = new ArrayList<>(sqls.size());
        for (int i = 0; i < sqls.size(); i++) {
            rows.add(NO_ARGS);
        }
        return runBatch(sqls, rows);
    }

    static int[] toInts(long[] counts) {
        int[] out = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = (int) Math.min(counts[i], Integer.MAX_VALUE);
        }
        return out;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        checkOpen();
        return result;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) getLargeUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        checkOpen();
        return result != null ? -1 : updateCount;
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return getMoreResults(CLOSE_CURRENT_RESULT);
    }

    @Override
    public boolean getMoreResults(int current) throws SQLException {
        checkOpen();
        if (current != KEEP_CURRENT_RESULT) {
            closeResult();
        }
        result = null;
        updateCount = -1;
        return false;
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        checkOpen();
        return generatedKeys != null ? generatedKeys
                : new LumosResultSet(RowSource.ofValues(List.of("GENERATED_KEY"), List.of()), this, 0);
    }

    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            closeResult();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void cancel() throws SQLException {
        checkOpen();
        cancelQuietly();
    }

    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection;
    }

    @Override
    Object unwrapExtra(Class<?> type) {
        return type == RouteDecision.class ? connection.lastDecision() : null;
    }

    // ---------------------------------------------------------------- settings

    @Override public int getMaxFieldSize() { return 0; }
    @Override public void setMaxFieldSize(int max) { /* no limit: ignored */ }
    @Override public int getMaxRows() { return (int) Math.min(maxRows, Integer.MAX_VALUE); }
    @Override public long getLargeMaxRows() { return maxRows; }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        if (max < 0) {
            throw new SQLException("max rows must not be negative, was " + max, "22023");
        }
        this.maxRows = max;
    }

    @Override public void setEscapeProcessing(boolean enable) { /* no JDBC escapes are rewritten: SQL runs as written */ }

    @Override
    public int getQueryTimeout() {
        return queryTimeoutSeconds;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        if (seconds < 0) {
            throw new SQLException("query timeout must not be negative, was " + seconds, "22023");
        }
        this.queryTimeoutSeconds = seconds;
    }

    @Override public SQLWarning getWarnings() { return null; }
    @Override public void clearWarnings() { /* no warnings kept */ }
    @Override public void setCursorName(String name) throws SQLException { throw unsupported("named cursors"); }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        if (direction != ResultSet.FETCH_FORWARD) {
            throw unsupported("fetch directions other than FETCH_FORWARD");
        }
    }

    @Override public int getFetchDirection() { return ResultSet.FETCH_FORWARD; }
    @Override public void setFetchSize(int rows) { this.fetchSize = rows; }
    @Override public int getFetchSize() { return fetchSize; }
    @Override public int getResultSetConcurrency() { return ResultSet.CONCUR_READ_ONLY; }
    @Override public int getResultSetType() { return ResultSet.TYPE_FORWARD_ONLY; }
    @Override public int getResultSetHoldability() { return ResultSet.CLOSE_CURSORS_AT_COMMIT; }
    @Override public void setPoolable(boolean poolable) { this.poolable = poolable; }
    @Override public boolean isPoolable() { return poolable; }
    @Override public void closeOnCompletion() { this.closeOnCompletion = true; }
    @Override public boolean isCloseOnCompletion() { return closeOnCompletion; }
}
