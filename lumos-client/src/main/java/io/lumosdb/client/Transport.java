package io.lumosdb.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One request to the server and its answer: JSON in, JSON out, a problem response turned into the
 * {@link LumosException} of its status. Integers are read as {@code long} (all 64 bits; the server writes
 * them as JSON numbers) and decimals as {@code double}.
 */
final class Transport {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private final HttpClient http;
    private final java.util.List<URI> bases;
    private final String authorization;
    private final Duration timeout;
    /** The node the last answer came from: requests go there first. */
    private volatile int current;

    Transport(HttpClient http, java.util.List<URI> bases, String key, Duration timeout) {
        this.http = http;
        this.bases = bases.stream().map(base -> {
            String b = base.toString();
            return URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        }).toList();
        this.authorization = key == null ? null : "Bearer " + key;
        this.timeout = timeout;
    }

    /** The node requests go to now. */
    URI base() {
        return bases.get(current);
    }

    /** {@code name} as one path segment. */
    static String segment(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a name in a path must not be empty");
        }
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends the request to the current node; a node that cannot be connected to (down, restarting) is
     * passed over for the next one, in order, once round. Only a refused connection moves on: the request
     * was not sent, so a write is never sent twice; any answer, a 503 included, is the caller's.
     */
    JsonNode call(String method, String path, Object body) {
        int first = current;
        java.net.ConnectException last = null;
        for (int i = 0; i < bases.size(); i++) {
            int at = (first + i) % bases.size();
            try {
                JsonNode answer = call(bases.get(at), method, path, body);
                current = at;
                return answer;
            } catch (UnavailableException e) {
                if (!(e.getCause() instanceof java.net.ConnectException c) || bases.size() == 1) {
                    throw e;
                }
                last = c;
            }
        }
        throw new UnavailableException(0, "No answer", method + " " + path + ": no node of " + bases + " could be connected to: " + last,
                null, last);
    }

    private JsonNode call(URI base, String method, String path, Object body) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (authorization != null) {
            r.header("Authorization", authorization);
        }
        if (body != null) {
            try {
                r.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the request cannot be written as JSON: " + e.getOriginalMessage(), e);
            }
        } else {
            r.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UnavailableException(0, "No answer", method + " " + path + " got no answer from " + base + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException(0, "Interrupted", method + " " + path + " was interrupted", null, e);
        }
        int status = response.statusCode();
        byte[] bytes = response.body();
        if (status >= 200 && status < 300) {
            if (bytes.length == 0) {
                return JSON.nullNode();
            }
            return read(bytes, status, response);
        }
        throw problem(status, bytes, response);
    }

    private static JsonNode read(byte[] bytes, int status, HttpResponse<?> response) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new LumosException(status, "Bad answer", "the server's answer is not JSON: " + e.getMessage(),
                    response.headers().firstValue("X-Request-Id").orElse(null), e);
        }
    }

    static LumosException problem(int status, byte[] bytes, HttpResponse<?> response) {
        String requestId = response.headers().firstValue("X-Request-Id").orElse(null);
        String title = "HTTP " + status;
        String detail = new String(bytes, StandardCharsets.UTF_8);
        try {
            JsonNode p = JSON.readTree(bytes);
            if (p != null && p.isObject() && p.path("errors").isArray() && !p.get("errors").isEmpty()) {
                title = "GraphQL error"; // a document that does not parse or validate: GraphQL's own errors
                detail = p.get("errors").get(0).path("message").asText(detail);
            } else if (p != null && p.isObject()) {
                title = p.path("title").asText(title);
                detail = p.path("detail").asText(detail);
                requestId = p.hasNonNull("requestId") ? p.get("requestId").asText() : requestId;
            }
        } catch (IOException e) {
            // not a problem document (a proxy's page?): its text is the detail
        }
        return of(status, title, detail, requestId, status == 429 ? retryAfter(response) : null);
    }

    /** The exception of {@code status}. */
    static LumosException of(int status, String title, String detail, String requestId, Duration retryAfter) {
        return switch (status) {
            case 400, 413 -> new BadRequestException(status, title, detail, requestId, null);
            case 401 -> new AuthenticationException(status, title, detail, requestId, null);
            case 403 -> new ForbiddenException(status, title, detail, requestId, null);
            case 404 -> new NotFoundException(status, title, detail, requestId, null);
            case 408 -> new StatementTimeoutException(status, title, detail, requestId, null);
            case 409 -> new ConflictException(status, title, detail, requestId, null);
            case 429 -> new RateLimitedException(status, title, detail, requestId, retryAfter == null ? Duration.ofSeconds(1) : retryAfter);
            case 502, 503, 504 -> new UnavailableException(status, title, detail, requestId, null);
            default -> new LumosException(status, title, detail, requestId, null);
        };
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").trim())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1); // an HTTP date: rare from this server; wait the usual second
        }
    }
}
