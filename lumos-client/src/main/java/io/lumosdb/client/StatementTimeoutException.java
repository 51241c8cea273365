package io.lumosdb.client;

/** 408: the statement ran past its timeout and the server cancelled it. */
public class StatementTimeoutException extends LumosException {
    private static final long serialVersionUID = 1L;

    /** See {@link LumosException#LumosException(int, String, String, String, Throwable)}. */
    public StatementTimeoutException(int status, String title, String detail, String requestId, Throwable cause) {
        super(status, title, detail, requestId, cause);
    }
}
