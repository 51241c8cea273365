package io.lumosdb;

import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.SqliteNativeRead;
import io.lumosdb.engine.Values;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a JDBC result set into a {@link QueryResult}, normalizing values (see {@link Values}). */
final class ResultReader {
    private ResultReader() {}

    static List<String> labels(ResultSet rs) throws SQLException {
        return labels(rs.getMetaData());
    }

    static List<String> labels(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return names;
    }

    /** Reads every row of {@code rs}, labelled {@code columns} (the facade's cached labels for the SQL text). */
    static QueryResult read(ResultSet rs, Columns columns, int maxRows, RouteDecision decision, long startNanos, String sql)
            throws SQLException {
        int width = columns.names().size();
        List<Row> rows = new ArrayList<>(4);
        while (rs.next()) {
            if (rows.size() == maxRows) {
                throw tooLarge(maxRows, sql);
            }
            Object[] values = new Object[width];
            for (int i = 0; i < width; i++) {
                values[i] = Values.read(rs, i + 1);
            }
            rows.add(new Row(columns, values));
        }
        return QueryResult.ofOwnedRows(columns, rows, decision, System.nanoTime() - startNanos);
    }

    /** The rows {@link SqliteNativeRead#query} read (at most {@code maxRows + 1}), labelled {@code columns}. */
    static QueryResult fromValues(List<Object[]> values, Columns columns, int maxRows, RouteDecision decision, long startNanos, String sql)
            throws ResultTooLargeException {
        if (values.size() > maxRows) {
            throw tooLarge(maxRows, sql);
        }
        List<Row> rows = new ArrayList<>(values.size());
        for (Object[] v : values) {
            rows.add(new Row(columns, v));
        }
        return QueryResult.ofOwnedRows(columns, rows, decision, System.nanoTime() - startNanos);
    }

    private static ResultTooLargeException tooLarge(int maxRows, String sql) {
        return new ResultTooLargeException("the result has more than " + maxRows + " rows, the most a QueryResult holds"
                + " (LumosDBBuilder.maxResultRows); read it with LumosDB.stream(...) -- in: " + EngineErrors.shorten(sql));
    }
}
