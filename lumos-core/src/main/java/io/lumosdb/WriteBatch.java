package io.lumosdb;

import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.SqliteEngine;
import io.lumosdb.engine.StatementCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * One statement over many rows of values on the writer, inside a savepoint so that a failure leaves
 * nothing of the batch. SQLite's batch error does not say which row failed; the rows are then run one
 * by one, still inside the savepoint, to name it.
 */
final class WriteBatch {
    private final Connection writer;
    private final StatementCache statements;
    private final long schemaEpoch;
    private final String sql;
    private final List<Object[]> rows;

    WriteBatch(SqliteEngine sqlite, long schemaEpoch, String sql, List<Object[]> rows) {
        this.writer = sqlite.writer();
        this.statements = sqlite.writerStatements();
        this.schemaEpoch = schemaEpoch;
        this.sql = sql;
        this.rows = rows;
    }

    long run() throws SQLException {
        PreparedStatement ps;
        try {
            ps = statements.prepare(sql, schemaEpoch);
        } catch (SQLException e) {
            statements.evict(sql);
            throw EngineErrors.sqlite(e, sql);
        }
        for (int i = 0; i < rows.size(); i++) { // every row bound before anything runs
            try {
                StatementChecks.bind(ps, rows.get(i), Route.OLTP, sql);
                ps.addBatch();
            } catch (SQLException e) {
                ps.clearBatch();
                throw EngineErrors.atBatchRow(e, i, rows.size());
            }
        }
        Savepoint savepoint = writer.setSavepoint();
        try {
            long changed = 0;
            for (int count : ps.executeBatch()) {
                changed += Math.max(0, count);
            }
            writer.releaseSavepoint(savepoint);
            return changed;
        } catch (SQLException e) {
            ps.clearBatch();
            writer.rollback(savepoint);
            SQLException named = failingRow(ps, EngineErrors.sqlite(e, sql));
            writer.rollback(savepoint);
            writer.releaseSavepoint(savepoint);
            throw named;
        }
    }

    private SQLException failingRow(PreparedStatement ps, SQLException batchError) {
        for (int i = 0; i < rows.size(); i++) {
            try {
                StatementChecks.bind(ps, rows.get(i), Route.OLTP, sql);
                ps.executeUpdate();
            } catch (SQLException e) {
                return EngineErrors.atBatchRow(EngineErrors.sqlite(e, sql), i, rows.size());
            }
        }
        return batchError; // the rows pass one by one: the batch as a whole failed
    }
}
