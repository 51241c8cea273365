package io.lumosdb.server;

import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Objects;

/**
 * A request that cannot be served now but may be shortly (a cluster without a leader): answered with
 * 503 and a {@code Retry-After} header.
 *
 * <pre>{@code
 * throw new RetryLaterException("the cluster has no leader now (an election is running)", Duration.ofSeconds(1));
 * }</pre>
 */
public class RetryLaterException extends SQLTransientException {
    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** {@code message} says why; {@code retryAfter} (rounded up to whole seconds, at least one) when to try again. */
    public RetryLaterException(String message, Duration retryAfter) {
        super(message, "08001");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** When a client should try again. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
