package io.lumosdb.client;

/** 403: the key's role does not allow it (a write with a read key), or it reaches outside the user or collections the key is bound to. */
public class ForbiddenException extends LumosException {
    private static final long serialVersionUID = 1L;

    /** See {@link LumosException#LumosException(int, String, String, String, Throwable)}. */
    public ForbiddenException(int status, String title, String detail, String requestId, Throwable cause) {
        super(status, title, detail, requestId, cause);
    }
}
