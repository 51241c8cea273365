package io.lumosdb;

import io.lumosdb.engine.ConnectionLease;
import io.lumosdb.engine.Values;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A query result read row by row, for results too large to hold in memory. It keeps an engine
 * connection until closed: use it in try-with-resources.
 *
 * <pre>{@code
 * try (ResultStream rows = db.stream("SELECT * FROM events")) {
 *     for (Row row : rows) {
 *         process(row);
 *     }
 * }
 * }</pre>
 */
public final class ResultStream implements AutoCloseable, Iterable<Row> {
    private final ResultSet resultSet;
    private final ConnectionLease lease;
    private final Columns columns;
    private final RouteDecision decision;
    private boolean iterated;
    private boolean closed;

    ResultStream(ResultSet resultSet, Columns columns, ConnectionLease lease, RouteDecision decision) {
        this.resultSet = resultSet;
        this.lease = lease;
        this.columns = columns;
        this.decision = decision;
    }

    /** Column names in order. */
    public java.util.List<String> columns() {
        return columns.names();
    }

    /** The route the query took and why. */
    public RouteDecision decision() {
        return decision;
    }

    /**
     * The rows; can be iterated once. An engine error while reading surfaces as an
     * {@link IllegalStateException} whose cause is the {@link SQLException}.
     */
    @Override
    public Iterator<Row> iterator() {
        if (iterated) {
            throw new IllegalStateException("a ResultStream can be iterated once");
        }
        iterated = true;
        return new Iterator<>() {
            private Boolean hasNext;

            @Override
            public boolean hasNext() {
                if (hasNext == null) {
                    try {
                        hasNext = !closed && resultSet.next();
                    } catch (SQLException e) {
                        throw new IllegalStateException("reading the next row failed: " + e.getMessage(), e);
                    }
                }
                return hasNext;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                hasNext = null;
                try {
                    Object[] values = new Object[columns.names().size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Values.read(resultSet, i + 1);
                    }
                    return new Row(columns, values);
                } catch (SQLException e) {
                    throw new IllegalStateException("reading a row failed: " + e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            resultSet.close();
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }
}
