package io.lumosdb.server;

import java.time.Duration;

/**
 * Told of every request the server answered: for metrics (Micrometer timers, a Prometheus endpoint) or
 * access logs. Called on the request's thread after the answer was written; it must be quick, and an
 * exception it throws is logged and ignored.
 *
 * <pre>{@code
 * LumosServer.builder().database(db)
 *         .requestObserver((method, route, status, took) -> timer(method, route, status).record(took))
 *         .start();
 * }</pre>
 */
@FunctionalInterface
public interface RequestObserver {
    /**
     * @param method the HTTP method
     * @param route the route template ({@code /v1/tables/{name}}), not the path with its values
     * @param status the status answered
     * @param took from the request reaching the server's gate to the answer written
     */
    void observed(String method, String route, int status, Duration took);
}
