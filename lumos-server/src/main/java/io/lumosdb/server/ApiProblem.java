package io.lumosdb.server;

/**
 * A request the server answers with an error: its HTTP status, a short title and a detail that names
 * the value at fault. Rendered as {@code application/problem+json} (RFC 9457) by {@link Problems}.
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;

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
