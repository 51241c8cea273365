package io.lumosdb.server;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.lumosdb.ResultTooLargeException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into {@code application/problem+json} (RFC 9457): {@code type}, {@code title},
 * {@code status}, {@code detail} and the {@code requestId} the response also carries as
 * {@code X-Request-Id}. The library's errors map by type: refused or malformed SQL and bad values are
 * 400, constraint violations 409, a statement over its deadline 408, a closed or locked database 503.
 * Anything unforeseen is 500 with the request id and no internals; the cause goes to the log.
 */
final class Problems {
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
    static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    /** The problem {@code error} stands for. */
    static ApiProblem of(Throwable error, String requestId) {
        if (error instanceof ApiProblem p) {
            return p;
        }
        if (error instanceof SQLExceptionAt at) {
            ApiProblem p = of(at.original, requestId);
            return new ApiProblem(p.status(), p.title(), at.getMessage());
        }
        if (error instanceof HttpResponseException h) {
            int status = h.getStatus();
            return new ApiProblem(status, status == 413 ? "Payload too large" : "HTTP " + status,
                    status == 413 ? "the request body is larger than the server's limit" : h.getMessage());
        }
        if (error instanceof JacksonException j) {
            return ApiProblem.badRequest("the body is not valid JSON of the expected shape: " + j.getOriginalMessage());
        }
        if (error instanceof StatementDeadline.Cancelled e) {
            return new ApiProblem(409, "Cancelled", e.getMessage());
        }
        if (error instanceof StatementDeadline.Expired e) {
            return new ApiProblem(408, "Statement timed out", e.getMessage());
        }
        if (error instanceof RetryLaterException e) {
            ApiProblem p = new ApiProblem(503, "Unavailable", e.getMessage());
            p.retryAfterSeconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            return p;
        }
        if (error instanceof SQLTimeoutException e) {
            return new ApiProblem(503, "Not ready", e.getMessage());
        }
        if (error instanceof ResultTooLargeException e) {
            return ApiProblem.badRequest(e.getMessage() + " -- over HTTP, ask for NDJSON (Accept: application/x-ndjson)");
        }
        if (error instanceof SQLIntegrityConstraintViolationException e) {
            return ApiProblem.conflict(e.getMessage());
        }
        if (error instanceof SQLSyntaxErrorException || error instanceof SQLDataException) {
            return ApiProblem.badRequest(error.getMessage());
        }
        if (error instanceof SQLNonTransientConnectionException || error instanceof SQLTransientException) {
            return new ApiProblem(503, "Unavailable", error.getMessage());
        }
        if (error instanceof SQLException e && e.getMessage() != null && (e.getMessage().contains("interrupted")
                || e.getMessage().contains("INTERRUPT"))) {
            return new ApiProblem(408, "Statement timed out", "the statement was cancelled: " + e.getMessage());
        }
        if (error instanceof SQLException e) {
            return ApiProblem.badRequest(e.getMessage()); // the engine refused the statement (SQLite's own message, named)
        }
        if (error instanceof IllegalArgumentException || error instanceof NoSuchElementException) {
            return ApiProblem.badRequest(error.getMessage());
        }
        LOG.error("request {} failed", requestId, error);
        return new ApiProblem(500, "Internal error", "the server failed to answer; the log has the cause under request id " + requestId);
    }

    /** Writes {@code problem} as the response. */
    static void respond(Context ctx, ApiProblem problem) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("requestId", RequestIds.of(ctx));
        if (problem.retryAfterSeconds() > 0) {
            ctx.header("Retry-After", Long.toString(problem.retryAfterSeconds()));
        }
        ctx.status(problem.status()).contentType(CONTENT_TYPE).result(Json.write(body));
    }
}
