package io.lumosdb.sync;

import java.sql.SQLException;

/**
 * A change could not be applied to the DuckDB replica. The message names the table, the row and the
 * cause; the change stays in the log and the replica keeps its last consistent state.
 */
public class ReplicaException extends SQLException {
    private static final long serialVersionUID = 1L;
    private final String table;

    /**
     * @param message what failed, naming the table and row
     * @param cause the engine's error
     */
    public ReplicaException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message what failed, naming the table and row
     * @param table the table whose change failed, or null when the failure is not a table's
     * @param cause the engine's error
     */
    public ReplicaException(String message, String table, Throwable cause) {
        super(message, "LUMOS", cause);
        this.table = table;
    }

    /** The table whose change failed, if the failure is a table's. */
    public java.util.Optional<String> table() {
        return java.util.Optional.ofNullable(table);
    }
}
