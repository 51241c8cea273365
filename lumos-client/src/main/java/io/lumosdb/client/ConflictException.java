package io.lumosdb.client;

/** 409: a constraint violation, or a collection that exists with another spec. */
public class ConflictException extends LumosException {
    private static final long serialVersionUID = 1L;

    /** See {@link LumosException#LumosException(int, String, String, String, Throwable)}. */
    public ConflictException(int status, String title, String detail, String requestId, Throwable cause) {
        super(status, title, detail, requestId, cause);
    }
}
