package io.lumosdb;

import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.Values;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a JDBC result set into a {@link QueryResult}, normalizing values (see {@link Values}). */
final class ResultReader {
    private ResultReader() {}

    static Columns columns(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> names = new ArrayList<>(meta.getColumnCount());
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return new Columns(names);
    }

    static QueryResult read(ResultSet rs, Columns labels, int maxRows, RouteDecision decision, long startNanos, String sql)
            throws SQLException {
        Columns columns = labels != null && labels.names().size() == rs.getMetaData().getColumnCount() ? labels : columns(rs);
        int width = columns.names().size();
        List<Row> rows = new ArrayList<>();
        while (rs.next()) {
            if (rows.size() == maxRows) {
                throw new ResultTooLargeException("the result has more than " + maxRows + " rows, the most a QueryResult holds"
                        + " (LumosDB.Builder.maxResultRows); read it with LumosDB.stream(...) -- in: " + EngineErrors.shorten(sql));
            }
            Object[] values = new Object[width];
            for (int i = 0; i < width; i++) {
                values[i] = Values.normalize(rs.getObject(i + 1));
            }
            rows.add(new Row(columns, values));
        }
        return new QueryResult(columns, rows, decision, Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
