package io.lumosdb;

import java.sql.SQLNonTransientException;

/**
 * A query's result has more rows than the database materializes ({@link LumosDBBuilder#maxResultRows}).
 * Use {@link LumosDB#stream} for large results.
 */
public class ResultTooLargeException extends SQLNonTransientException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the statement and the limit
     */
    public ResultTooLargeException(String message) {
        super(message, "54000");
    }
}
