package io.lumosdb;

import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.route.Router;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Transaction} handed to the work of {@link LumosDB#transaction}: SQLite's writer connection,
 * inside {@code BEGIN IMMEDIATE}, usable only by the thread running the work and only while it runs.
 */
final class WriterTransaction implements Transaction {
    /** How a transaction reads: on the writer, which sees the transaction's own writes. */
    @FunctionalInterface
    interface Reads {
        QueryResult onWriter(String sql, Object[] args) throws SQLException;
    }

    private final WritePath writes;
    private final StatementChecks checks;
    private final SqliteEngine sqlite;
    private final SchemaView schema;
    private final Reads reads;
    private final Map<String, Long> rowDeltas = new HashMap<>();
    private boolean open = true;
    private boolean schemaChanged;

    WriterTransaction(WritePath writes, StatementChecks checks, SqliteEngine sqlite, SchemaView schema, Reads reads) {
        this.writes = writes;
        this.checks = checks;
        this.sqlite = sqlite;
        this.schema = schema;
        this.reads = reads;
    }

    @Override
    public long update(String sql, Object... args) throws SQLException {
        checkOpen(sql);
        Router.Analysis analysis = checks.analyze(sql);
        if (analysis.read()) {
            throw new SQLSyntaxErrorException("Transaction.update() runs writes and DDL; use query() for a SELECT -- in: "
                    + EngineErrors.shorten(sql), "42000");
        }
        long changed = writes.runWrite(sql, args, analysis);
        schemaChanged |= analysis.ddl() || WritePath.isUnparsedWrite(analysis);
        if (analysis.targetTable() != null) {
            rowDeltas.merge(analysis.targetTable(), analysis.rowDelta(changed), Long::sum);
        }
        return changed;
    }

    @Override
    public long updateBatch(String sql, List<Object[]> rows) throws SQLException {
        checkOpen(sql);
        Objects.requireNonNull(rows, "rows");
        Router.Analysis analysis = checks.analyze(sql);
        if (analysis.read() || analysis.ddl() || analysis.targetTable() == null) {
            throw new SQLSyntaxErrorException("updateBatch() runs one INSERT, UPDATE or DELETE for each row of values -- in: "
                    + EngineErrors.shorten(sql), "42000");
        }
        if (rows.isEmpty()) {
            return 0;
        }
        long changed = new WriteBatch(sqlite, schema.epoch(), sql, rows).run();
        rowDeltas.merge(analysis.targetTable(), analysis.rowDelta(changed), Long::sum);
        return changed;
    }

    @Override
    public QueryResult query(String sql, Object... args) throws SQLException {
        checkOpen(sql);
        if (!checks.analyze(sql).read()) {
            throw new SQLSyntaxErrorException("Transaction.query() runs SELECT statements; use update() for writes"
                    + " -- in: " + EngineErrors.shorten(sql), "42000");
        }
        return reads.onWriter(sql, args);
    }

    private void checkOpen(String sql) throws SQLException {
        checks.checkUsable(sql);
        if (!open || !writes.ownsTransaction()) {
            throw new SQLTransientException("this Transaction is no longer usable: it was used outside its work or"
                    + " off its thread -- in: " + EngineErrors.shorten(sql), "25000");
        }
    }

    /** The work returned or threw: nothing more runs through this transaction. */
    void end() {
        open = false;
    }

    boolean schemaChanged() {
        return schemaChanged;
    }

    /** Per table written, how the writes moved its row count. */
    Map<String, Long> rowDeltas() {
        return rowDeltas;
    }
}
