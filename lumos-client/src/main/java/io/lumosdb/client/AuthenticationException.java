package io.lumosdb.client;

/** 401: no key, or an unknown, revoked or malformed key, or a bad or expired token. */
public class AuthenticationException extends LumosException {
    private static final long serialVersionUID = 1L;

    /** See {@link LumosException#LumosException(int, String, String, String, Throwable)}. */
    public AuthenticationException(int status, String title, String detail, String requestId, Throwable cause) {
        super(status, title, detail, requestId, cause);
    }
}
