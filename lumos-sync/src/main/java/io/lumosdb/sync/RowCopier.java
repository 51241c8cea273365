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

    /** Appends the rows of {@code rs}; returns the number appended. */
    long append(ReplicatedTable shape, ResultSet rs) throws SQLException {
        try (Batch batch = batch(shape)) {
            return batch.append(rs);
        }
    }

    /** A batch of rows for one table, through one appender (opened at the first row, flushed at close). */
    Batch batch(ReplicatedTable shape) {
        return new Batch(shape);
    }

    /** Rows appended to one replica table through one DuckDB appender: one statement's cost, however many reads feed it. */
    final class Batch implements AutoCloseable {
        private final ReplicatedTable shape;
        private DuckDBAppender appender;
        private long maxRowid = Long.MIN_VALUE;

        private Batch(ReplicatedTable shape) {
            this.shape = shape;
        }

        /** Appends the rows of {@code rs}; returns the number appended. */
        long append(ResultSet rs) throws SQLException {
            long count = 0;
            SqliteRowReader reader = SqliteRowReader.of(rs.getStatement(), shape, state.utf8);
            try {
                while (rs.next()) {
                    Object[] row = reader.read(rs);
                    if (!shape.keyed()) {
                        maxRowid = Math.max(maxRowid, (Long) row[0]);
                    }
                    if (appender == null) {
                        appender = state.store.appender(shape.name());
                    }
                    ValueConverter.appendRow(appender, shape, row);
                    count++;
                }
            } catch (SQLException e) {
                throw namingTableOfBadValue(shape, e);
            }
            return count;
        }

        /** Appends the rows of {@code select} (the table's select list) with rowids from {@code first} to {@code last}. */
        long appendRange(java.sql.Connection sqlite, String select, long first, long last) throws SQLException {
            try (PreparedStatement ps = sqlite.prepareStatement(select + " WHERE rowid BETWEEN ? AND ?")) {
                ps.setLong(1, first);
                ps.setLong(2, last);
                try (ResultSet rs = ps.executeQuery()) {
                    return append(rs);
                }
            }
        }

        /** The largest rowid appended, or {@code Long.MIN_VALUE} (rowid tables). */
        long maxRowid() {
            return maxRowid;
        }

        /** Flushes the rows into the caller's DuckDB transaction. */
        @Override
        public void close() throws SQLException {
            if (appender != null) {
                DuckDBAppender open = appender;
                appender = null;
                try {
                    open.close();
                } catch (SQLException e) {
                    throw namingTableOfBadValue(shape, e);
                }
            }
        }
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
