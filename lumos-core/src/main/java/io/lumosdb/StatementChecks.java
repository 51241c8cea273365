package io.lumosdb;

import io.lumosdb.engine.EngineErrors;
import io.lumosdb.engine.Values;
import io.lumosdb.route.Router;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;

/**
 * What every call checks before an engine sees its statement: the database is open, the text is one
 * statement the facade may run (the router's analysis and {@code StatementPolicy}), the parameters are
 * as many as the statement has and of a type it can store.
 */
final class StatementChecks {
    private final Path directory;
    private final Router router;
    private volatile boolean closed;

    StatementChecks(Path directory, Router router) {
        this.directory = directory;
        this.router = router;
    }

    void markClosed() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    /** Throws if the database is closed or the text is empty. */
    void checkUsable(String sql) throws SQLException {
        if (closed) {
            throw closedError(sql);
        }
        if (sql == null || sql.isBlank()) {
            throw new SQLSyntaxErrorException("the SQL text is empty", "42000");
        }
    }

    /** The router's analysis of {@code sql}, refusing texts that hold several statements or that no call may run. */
    Router.Analysis analyze(String sql) throws SQLException {
        Router.Analysis analysis = router.analyze(sql);
        if (analysis.severalStatements()) {
            throw new SQLSyntaxErrorException("one statement per call: the text holds several (split it, or run them in"
                    + " db.transaction) -- in: " + EngineErrors.shorten(sql), "42000");
        }
        if (analysis.refused() != null) {
            throw new SQLSyntaxErrorException("refused: " + analysis.refused() + " -- in: " + EngineErrors.shorten(sql), "42501");
        }
        return analysis;
    }

    SQLNonTransientConnectionException closedError(String sql) {
        return new SQLNonTransientConnectionException("database " + directory + " is closed -- in: "
                + EngineErrors.shorten(sql), "08003");
    }

    /** Binds {@code args} to {@code ps} for {@code route}'s engine, after checking their number. */
    static void bind(PreparedStatement ps, Object[] args, Route route, String sql) throws SQLException {
        Values.bindAll(ps, bindable(ps, args, route, sql));
    }

    /**
     * {@code args} as {@code route}'s engine binds them ({@link Values#bindable}), checked to be as many as
     * the statement's parameters; {@link #bind} binds these.
     */
    static Object[] bindable(PreparedStatement ps, Object[] args, Route route, String sql) throws SQLException {
        Object[] values = counted(ps, args, route, sql);
        Object[] bindable = new Object[values.length];
        try {
            for (int i = 0; i < values.length; i++) {
                bindable[i] = Values.bindable(i + 1, values[i], route == Route.OLAP);
            }
        } catch (SQLDataException e) {
            throw new SQLDataException("[" + route + "] " + e.getMessage() + " -- in: " + EngineErrors.shorten(sql), "22023", e);
        }
        return bindable;
    }

    /** {@code args} (null: one NULL), checked to be as many as {@code ps} has parameters. */
    private static Object[] counted(PreparedStatement ps, Object[] args, Route route, String sql) throws SQLException {
        Object[] values = args == null ? new Object[] {null} : args;
        int expected = ps.getParameterMetaData().getParameterCount();
        if (expected != values.length) {
            throw new SQLDataException("[" + route + "] the statement has " + expected + " parameter(s) but "
                    + values.length + " value(s) were given -- in: " + EngineErrors.shorten(sql), "07001");
        }
        return values;
    }
}
