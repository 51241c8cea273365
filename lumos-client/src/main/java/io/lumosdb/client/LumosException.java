package io.lumosdb.client;

/**
 * A request the server refused or could not answer: the status, title and detail of its problem
 * response (RFC 9457) and its request id (quote it to the operator: the server's log has it). The
 * subtypes name the kind: {@link AuthenticationException} (401), {@link ForbiddenException} (403),
 * {@link NotFoundException} (404), {@link ConflictException} (409), {@link RateLimitedException} (429),
 * {@link BadRequestException} (400, 413), {@link StatementTimeoutException} (408),
 * {@link UnavailableException} (503, or no answer at all); anything else (500) is this type.
 */
public class LumosException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final String requestId;

    /**
     * @param status the HTTP status, or 0 when no answer came
     * @param title the problem's title
     * @param detail the problem's detail: what was wrong, naming the value at fault
     * @param requestId the request id the server logged, or null
     * @param cause the I/O failure, or null
     */
    public LumosException(int status, String title, String detail, String requestId, Throwable cause) {
        super((status > 0 ? "[" + status + " " + title + "] " : "[" + title + "] ") + detail
                + (requestId != null ? " (request " + requestId + ")" : ""), cause);
        this.status = status;
        this.title = title;
        this.requestId = requestId;
    }

    /** The HTTP status, or 0 when the server did not answer. */
    public int status() {
        return status;
    }

    /** The problem's title ("Bad request", "Forbidden", ...). */
    public String title() {
        return title;
    }

    /** The request id the server logged this request under, or null. */
    public String requestId() {
        return requestId;
    }
}
