package io.lumosdb.jdbc;

import io.lumosdb.QueryResult;
import io.lumosdb.ResultStream;
import io.lumosdb.Row;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;

/**
 * The rows behind a {@link LumosResultSet}: a facade result held in memory, a facade stream read row by row, or rows
 * the driver made itself (catalog answers of {@link LumosDatabaseMetaData}).
 */
abstract class RowSource {
    final List<String> columns;

    RowSource(List<String> columns) {
        this.columns = columns;
    }

    /** Moves to the next row; false after the last. */
    abstract boolean next() throws SQLException;

    /** The current row's value at 0-based {@code index} (Lumos-DB's value model). */
    abstract Object value(int index);

    /** Every row, if held in memory (for metadata that looks at values); null for a stream. */
    abstract List<?> rowsInMemory();

    void close() throws SQLException {}

    static RowSource of(QueryResult result) {
        return new ListRows(result.columns(), result.rows());
    }

    static RowSource of(ResultStream stream) {
        return new StreamedRows(stream);
    }

    static RowSource ofValues(List<String> columns, List<Object[]> rows) {
        return new ListRows(columns, rows);
    }

    /** Rows held in memory: the facade's {@link Row}s or the driver's own value arrays. */
    private static final class ListRows extends RowSource {
        private final List<?> rows;
        private int position = -1;

        ListRows(List<String> columns, List<?> rows) {
            super(columns);
            this.rows = rows;
        }

        @Override
        boolean next() {
            if (position < rows.size()) {
                position++;
            }
            return position < rows.size();
        }

        @Override
        Object value(int index) {
            return valueOf(rows.get(position), index);
        }

        @Override
        List<?> rowsInMemory() {
            return rows;
        }
    }

    private static final class StreamedRows extends RowSource {
        private final ResultStream stream;
        private final Iterator<Row> rows;
        private Row current;

        StreamedRows(ResultStream stream) {
            super(stream.columns());
            this.stream = stream;
            this.rows = stream.iterator();
        }

        @Override
        boolean next() throws SQLException {
            try {
                current = rows.hasNext() ? rows.next() : null;
            } catch (IllegalStateException e) {
                throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getMessage(), e);
            }
            return current != null;
        }

        @Override
        Object value(int index) {
            return current.get(index);
        }

        @Override
        List<?> rowsInMemory() {
            return null;
        }

        @Override
        void close() throws SQLException {
            stream.close();
        }
    }

    /** The value at {@code index} of a row of {@link #rowsInMemory()}. */
    static Object valueOf(Object row, int index) {
        return row instanceof Row r ? r.get(index) : ((Object[]) row)[index];
    }
}
