package io.lumosdb.server;

import java.sql.SQLException;

/** The error of statement {@code index} of a batch: its message says which, {@link Problems} maps it as the original. */
final class SQLExceptionAt extends SQLException {
    private static final long serialVersionUID = 1L;

    final transient SQLException original;

    SQLExceptionAt(int index, SQLException original) {
        super("statements[" + index + "]: " + original.getMessage(), original.getSQLState(), original);
        this.original = original;
    }
}
