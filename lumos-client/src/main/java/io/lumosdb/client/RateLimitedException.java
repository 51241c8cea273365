package io.lumosdb.client;

import java.time.Duration;

/** 429: over the key's rate limit; {@link #retryAfter()} says how long to wait (the server's {@code Retry-After}). */
public class RateLimitedException extends LumosException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** See {@link LumosException#LumosException(int, String, String, String, Throwable)}; {@code retryAfter} from the header. */
    public RateLimitedException(int status, String title, String detail, String requestId, Duration retryAfter) {
        super(status, title, detail, requestId, null);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before retrying (one second when the server did not say). */
    public Duration retryAfter() {
        return retryAfter;
    }
}
