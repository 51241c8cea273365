package io.lumosdb;

import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.route.Router;
import io.lumosdb.sync.Replica;
import io.lumosdb.vector.VectorStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The path of a write: the facade's write lock (fair, with a timeout), the statement on SQLite's one
 * writer connection, then what follows a commit: the cache told, the schema followed after DDL, the
 * replica's worker woken (the data reaches DuckDB asynchronously; reads wait for it according to their
 * {@link Freshness}), the router's row estimates adjusted.
 */
final class WritePath {
    private final SqliteEngine sqlite;
    private final BackgroundReplica replica;
    private final SchemaView schema;
    private final QueryCaching caching;
    private final StatementChecks checks;
    private final ReentrantLock writeLock;
    private final Duration writeTimeout;
    private final String directory;
    private final Telemetry telemetry;
    private volatile Thread transactionOwner;

    WritePath(Settings settings, SqliteEngine sqlite, BackgroundReplica replica, SchemaView schema, QueryCaching caching,
            StatementChecks checks, ReentrantLock writeLock, Telemetry telemetry) {
        this.sqlite = sqlite;
        this.replica = replica;
        this.schema = schema;
        this.caching = caching;
        this.checks = checks;
        this.writeLock = writeLock;
        this.writeTimeout = settings.writeTimeout();
        this.directory = settings.directory().toString();
        this.telemetry = telemetry;
    }

    /** Runs {@code write}, reporting its time or failure to the telemetry as {@code kind}, in a span named {@code span}. */
    private <T> T observed(String span, String kind, String sql, SqlCall<T> write) throws SQLException {
        long start = System.nanoTime();
        try (Telemetry.Stage stage = telemetry.stage(span)) {
            try {
                T result = write.call();
                telemetry.wrote(kind, sql, System.nanoTime() - start);
                return result;
            } catch (SQLException e) {
                stage.fail(e);
                telemetry.failed("write", Route.OLTP, sql, e, System.nanoTime() - start);
                throw e;
            }
        }
    }

    /** A call that may fail with an {@code SQLException}. */
    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** One INSERT, UPDATE, DELETE or DDL statement in its own transaction; see {@link LumosDB#update}. */
    long update(String sql, Object[] args) throws SQLException {
        return observed("lumos.write", "statement", sql, () -> updateObserved(sql, args));
    }

    private long updateObserved(String sql, Object[] args) throws SQLException {
        checks.checkUsable(sql);
        Router.Analysis analysis = checks.analyze(sql);
        if (analysis.read()) {
            throw new SQLSyntaxErrorException("update() and execute() run writes and DDL; use query() for a SELECT -- in: "
                    + EngineErrors.shorten(sql), "42000");
        }
        requireOutsideTransaction("db.update()", sql);
        if ((analysis.ddl() || isUnparsedWrite(analysis)) && replica.opening()) {
            replica.awaitSettled(writeTimeout); // before our lock, which the opening takes: a new table's triggers come at once
        }
        lockForWrite(sql);
        try {
            long changed = runWrite(sql, args, analysis);
            afterCommit(analysis.ddl() || isUnparsedWrite(analysis), analysis, changed,
                    analysis.targetTable() == null ? Set.of() : Set.of(analysis.targetTable()));
            return changed;
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs {@code work} in one SQLite transaction; see {@link LumosDB#transaction}. */
    <T> T transaction(TransactionWork<T> work, WriterTransaction.Reads reads) throws SQLException {
        return observed("lumos.transaction", "transaction", "(transaction)", () -> transactionObserved(work, reads));
    }

    private <T> T transactionObserved(TransactionWork<T> work, WriterTransaction.Reads reads) throws SQLException {
        checks.checkUsable("(transaction)");
        if (transactionOwner == Thread.currentThread()) {
            throw new SQLTransientException("nested transaction: db.transaction() called inside another on this thread;"
                    + " run the statements on the outer Transaction", "25001");
        }
        lockForWrite("(transaction)");
        Connection writer = sqlite.writer();
        WriterTransaction tx = new WriterTransaction(this, checks, sqlite, schema, reads);
        try {
            writer.setAutoCommit(false);
            transactionOwner = Thread.currentThread();
            T result;
            try {
                result = work.run(tx);
            } catch (Throwable t) {
                tx.end();
                writer.rollback();
                throw t;
            }
            tx.end();
            try {
                writer.commit();
            } catch (SQLException e) {
                try {
                    writer.rollback(); // never leave a failed commit for setAutoCommit(true) to retry
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw EngineErrors.sqlite(e, "COMMIT");
            }
            writer.setAutoCommit(true);
            afterCommit(tx.schemaChanged(), null, 0, tx.rowDeltas().keySet());
            tx.rowDeltas().forEach(schema.catalog()::noteWrite);
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new SQLException("the transaction's work failed and was rolled back: " + e, "40000", e);
        } catch (Throwable t) {
            throw new SQLException("the transaction's work failed and was rolled back: " + t, "40000", t);
        } finally {
            transactionOwner = null;
            if (!writer.getAutoCommit()) {
                writer.setAutoCommit(true);
            }
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in one transaction on the writer, for the vector collections: committed when it
     * returns, rolled back when it throws; then the tables it wrote are made stale in the cache and the
     * replica is told, as after any write through the facade.
     */
    <T> T writeForVectors(Set<String> tables, boolean schemaChange, VectorStorage.SqlWork<T> work) throws SQLException {
        return observed("lumos.write", "vector", "(vector write)", () -> vectorWriteObserved(tables, schemaChange, work));
    }

    private <T> T vectorWriteObserved(Set<String> tables, boolean schemaChange, VectorStorage.SqlWork<T> work) throws SQLException {
        checks.checkUsable("(vector write)");
        if (transactionOwner == Thread.currentThread()) {
            throw new SQLTransientException("a vector collection was written inside db.transaction() on the same thread;"
                    + " vector writes run in transactions of their own", "25001");
        }
        lockForWrite("(vector write)");
        Connection writer = sqlite.writer();
        try {
            T result;
            writer.setAutoCommit(false);
            try {
                result = work.run(writer);
                writer.commit();
            } catch (SQLException | RuntimeException | Error e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
            afterCommit(schemaChange, null, 0, tables);
            return result;
        } finally {
            writeLock.unlock();
        }
    }

    /** Runs one write or DDL statement on the writer, in whatever transaction it is in. */
    long runWrite(String sql, Object[] args, Router.Analysis analysis) throws SQLException {
        Connection writer = sqlite.writer();
        try {
            if (analysis.ddl() && analysis.targetTable() != null && analysis.keyword().equals("ALTER")) {
                return alterTable(writer, sql, args, analysis.targetTable());
            }
            if (analysis.ddl()) {
                try (PreparedStatement ps = writer.prepareStatement(sql)) {
                    StatementChecks.bind(ps, args, Route.OLTP, sql);
                    ps.execute();
                    return 0;
                }
            }
            PreparedStatement ps = sqlite.writerStatements().prepare(sql, schema.epoch());
            StatementChecks.bind(ps, args, Route.OLTP, sql);
            boolean hasResult = ps.execute();
            if (hasResult) {
                ps.getResultSet().close();
                return 0;
            }
            return Math.max(0, ps.getUpdateCount());
        } catch (SQLException e) {
            sqlite.writerStatements().evict(sql);
            throw EngineErrors.sqlite(e, sql);
        }
    }

    /**
     * ALTER TABLE with the table's capture triggers dropped in the same transaction: SQLite refuses to
     * drop a column a trigger names. A failed ALTER rolls the triggers back with it; a successful one is
     * followed by reconcile, which copies the table afresh.
     */
    private long alterTable(Connection writer, String sql, Object[] args, String table) throws SQLException {
        boolean ownTransaction = writer.getAutoCommit();
        if (ownTransaction) {
            writer.setAutoCommit(false);
        }
        try (PreparedStatement ps = writer.prepareStatement(sql)) {
            Replica.prepareAlter(writer, table);
            StatementChecks.bind(ps, args, Route.OLTP, sql);
            ps.execute();
            if (ownTransaction) {
                writer.commit();
            }
            return 0;
        } catch (SQLException e) {
            if (ownTransaction) {
                writer.rollback();
            }
            throw e;
        } finally {
            if (ownTransaction) {
                writer.setAutoCommit(true);
            }
        }
    }

    /**
     * After a write committed: follow schema changes (in commit order: the write lock is held), wake the
     * replica's worker, adjust statistics.
     */
    private void afterCommit(boolean schemaChanged, Router.Analysis analysis, long changed, Set<String> written) throws SQLException {
        caching.committed(written, schemaChanged); // first: the commit is visible to readers from now on
        if (schemaChanged) {
            if (!replica.reconcile()) {
                captureBeforeOpen();
            }
            schema.schemaChanged();
        }
        if (schemaChanged || analysis == null || analysis.targetTable() == null || replica.isReplicated(analysis.targetTable())) {
            replica.committed(); // a write to a table without a replica gives the worker nothing to do
        }
        if (analysis != null && analysis.targetTable() != null) {
            schema.catalog().noteWrite(analysis.targetTable(), analysis.rowDelta(changed));
        }
    }

    /**
     * After DDL while the replica is not open (opening, or waiting for its first use), under the write
     * lock: the tables the DDL created or altered get their capture triggers now, in a transaction of
     * their own, so that their values are type-checked from this commit on, as with the replica open (a
     * value DuckDB's column could not hold is refused, the database unchanged, instead of being accepted
     * and later keeping the table out of the replica). The checks are SQLite triggers that follow the
     * columns' declared types: they need no DuckDB. Chosen over the alternatives: waiting for the opening
     * cannot be done here (the opening needs the write lock this commit holds), and waiting before every
     * transaction would make each wait for DuckDB (a transaction cannot know before its work runs whether
     * it holds DDL) and load DuckDB for {@code openReplicaOnFirstUse}; checking the DDL against a scratch
     * DuckDB would load its native library, the cost the background open avoids, and DuckDB checks
     * nothing of a new table's values at DDL time anyway. The opening's reconcile copies these tables whole.
     */
    private void captureBeforeOpen() throws SQLException {
        Connection writer = sqlite.writer();
        writer.setAutoCommit(false);
        try {
            Replica.captureBeforeOpen(writer);
            writer.commit();
        } catch (SQLException | RuntimeException e) {
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
        }
        caching.accountQuietly(); // our own commit, not another program's
    }

    /**
     * A write the parser could not place (e.g. CREATE TRIGGER): the schema is read again after it. Not a
     * PRAGMA: those allowed to write ({@code user_version}, {@code optimize}, cache sizes; StatementPolicy)
     * change no table, and re-reading the schema and reconciling the replica cost 100 ms or more a commit
     * (lumos-cluster records its applied log index with {@code PRAGMA user_version} in every commit).
     */
    static boolean isUnparsedWrite(Router.Analysis analysis) {
        return analysis.targetTable() == null && !analysis.ddl() && !"PRAGMA".equalsIgnoreCase(analysis.keyword());
    }

    /** Throws if the calling thread runs a transaction: its statements go through the Transaction. */
    void requireOutsideTransaction(String call, String sql) throws SQLException {
        if (transactionOwner == Thread.currentThread()) {
            throw new SQLTransientException(call + " called inside db.transaction() on the same thread; use the "
                    + "Transaction passed to the work -- in: " + EngineErrors.shorten(sql), "25001");
        }
    }

    /** Whether the calling thread runs the open transaction. */
    boolean ownsTransaction() {
        return transactionOwner == Thread.currentThread();
    }

    private void lockForWrite(String sql) throws SQLException {
        try {
            if (!writeLock.tryLock(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientException("timed out after " + writeTimeout.toMillis()
                        + " ms waiting for the write lock of " + directory + " -- in: " + EngineErrors.shorten(sql), "40001");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientException("interrupted while waiting for the write lock -- in: " + EngineErrors.shorten(sql), "40001", e);
        }
        if (checks.closed()) {
            writeLock.unlock();
            throw checks.closedError(sql);
        }
    }

    /** Takes the write lock for close(), waiting up to the write timeout; whether it was taken. */
    boolean lockForClose() {
        try {
            return writeLock.tryLock(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void unlock() {
        writeLock.unlock();
    }
}
