package io.lumosdb.sync;

import java.sql.SQLException;

/**
 * A change could not be applied to the DuckDB replica. The message names the table, the row and the
 * cause; the change stays in the log and the replica keeps its last consistent state.
 */
public class ReplicaException extends SQLException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the table and row
     * @param cause the engine's error
     */
    public ReplicaException(String message, Throwable cause) {
        super(message, "LUMOS", cause);
    }
}
