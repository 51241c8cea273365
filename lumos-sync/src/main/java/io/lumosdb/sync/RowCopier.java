package io.lumosdb.sync;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.LongConsumer;
import org.duckdb.DuckDBAppender;

/**
 * Copies rows read from SQLite into a table of the replica: a few at a time through DuckDB's appender,
 * or many (a table's first copy, a long scan of appends) with the SQLite read on a second thread
 * ({@link ReadAhead}) and DuckDB's writes staged ({@link StagedAppender}). Rows come as
 * {@code identity, columns...} ({@link ReplicatedTable#selectList}).
 */
final class RowCopier {
    private final ReplicaState state;

    RowCopier(ReplicaState state) {
        this.state = state;
    }

    /** Appends the rows of {@code rs}; returns the largest rowid appended (for rowid tables) and the count. */
    long[] append(ReplicatedTable shape, ResultSet rs) throws SQLException {
        long max = Long.MIN_VALUE;
        long count = 0;
        SqliteRowReader reader = SqliteRowReader.of(rs.getStatement(), shape, state.utf8);
        try (DuckDBAppender appender = state.store.appender(shape.name())) {
            while (rs.next()) {
                Object[] row = reader.read(rs);
                if (!shape.keyed()) {
                    max = Math.max(max, (Long) row[0]);
                }
                ValueConverter.appendRow(appender, shape, row);
                count++;
            }
        } catch (SQLException e) {
            throw namingTableOfBadValue(shape, e);
        }
        return new long[] {max, count};
    }

    /**
     * Copies the rows of {@code scan} in bulk; returns the count. {@code progress} hears the rows copied
     * so far, every {@value StagedAppender#STAGE_ROWS}.
     */
    long appendInBulk(ReplicatedTable shape, PreparedStatement scan, LongConsumer progress) throws SQLException {
        String reader = Thread.currentThread().getName() + " read-ahead";
        try (StagedAppender staged = new StagedAppender(state.store.connection(), shape, progress)) {
            ReadAhead.run(scan, SqliteRowReader.of(scan, shape, state.utf8)::read, staged::append, reader);
            return staged.finish();
        } catch (SQLException e) {
            throw namingTableOfBadValue(shape, e);
        }
    }

    /** A value DuckDB cannot hold (SQLSTATE 22018) is the named table's failure, for the repair to copy it again. */
    private static SQLException namingTableOfBadValue(ReplicatedTable shape, SQLException e) {
        return e.getSQLState() != null && e.getSQLState().equals("22018") ? new ReplicaException(e.getMessage(), shape.name(), e)
                : e;
    }
}
