package io.lumosdb.server;

/**
 * A request the server answers with an error: its HTTP status, a short title and a detail that names
 * the value at fault. Rendered as {@code application/problem+json} (RFC 9457) by {@link Problems}.
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    long retryAfterSeconds;

    ApiProblem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    /** Seconds a client should wait before retrying (sent as {@code Retry-After}), or 0. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 429: over a rate limit; retry after {@code seconds}. */
    static ApiProblem tooManyRequests(String detail, long seconds) {
        ApiProblem p = new ApiProblem(429, "Too many requests", detail);
        p.retryAfterSeconds = Math.max(1, seconds);
        return p;
    }

    static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad request", detail);
    }

    static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not found", detail);
    }

    static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "Forbidden", detail);
    }

    static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail);
    }
}
