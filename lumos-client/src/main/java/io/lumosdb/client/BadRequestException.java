package io.lumosdb.client;

/** 400 (or 413): malformed or refused SQL, bad parameters, a bad filter or cursor, a body over the limit; the detail is the server's, naming what is wrong. */
public class BadRequestException extends LumosException {
    private static final long serialVersionUID = 1L;

    /** See {@link LumosException#LumosException(int, String, String, String, Throwable)}. */
    public BadRequestException(int status, String title, String detail, String requestId, Throwable cause) {
        super(status, title, detail, requestId, cause);
    }
}
