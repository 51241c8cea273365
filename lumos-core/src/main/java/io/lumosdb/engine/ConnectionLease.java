package io.lumosdb.engine;

import java.sql.SQLException;

/**
 * A connection borrowed from one of the engines' pools, with that connection's statement cache.
 * Closing the lease gives the connection back.
 */
public final class ConnectionLease implements AutoCloseable {
    /** How a lease gives its connection back. */
    @FunctionalInterface
    interface Return {
        void giveBack() throws SQLException;
    }

    private final StatementCache statements;
    private final Return giveBack;

    ConnectionLease(StatementCache statements, Return giveBack) {
        this.statements = statements;
        this.giveBack = giveBack;
    }

    public StatementCache statements() {
        return statements;
    }

    @Override
    public void close() throws SQLException {
        giveBack.giveBack();
    }
}
