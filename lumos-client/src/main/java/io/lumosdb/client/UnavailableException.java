package io.lumosdb.client;

/** 503 (not ready, shutting down, database closed), or no answer at all (status 0: connection refused or reset, I/O failure, client timeout). */
public class UnavailableException extends LumosException {
    private static final long serialVersionUID = 1L;

    /** See {@link LumosException#LumosException(int, String, String, String, Throwable)}. */
    public UnavailableException(int status, String title, String detail, String requestId, Throwable cause) {
        super(status, title, detail, requestId, cause);
    }
}
