package io.lumosdb.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.servlet.JavalinServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every route goes through before its handler: the drain on shutdown, the body limit, the key,
 * the role and the rate limit; and around it, the failure turned into a problem response. Requests in
 * flight are counted so that shutdown waits for them: the answer is written before the count drops.
 */
final class RequestGate {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);
    static final String PRINCIPAL = "lumos.principal";

    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;
    private final long maxBodyBytes;
    private final ServerTelemetry telemetry;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int inFlight;

    RequestGate(Authenticator authenticator, RateLimiter rateLimiter, long maxBodyBytes, ServerTelemetry telemetry) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.maxBodyBytes = maxBodyBytes;
        this.telemetry = telemetry;
    }

    Handler wrap(String method, String path, Access access, Handler handler) {
        return ctx -> {
            long start = System.nanoTime();
            if (!enter()) {
                Problems.respond(ctx, new ApiProblem(503, "Shutting down", "the server is shutting down; retry on another instance"));
                return;
            }
            ServerTelemetry.Request request = telemetry.begin(ctx, method, path);
            try {
                long length = ctx.req().getContentLengthLong();
                if (length > maxBodyBytes) {
                    throw new ApiProblem(413, "Payload too large", "the body has " + length + " bytes; the limit is " + maxBodyBytes);
                }
                if (length > 0) {
                    // read before any refusal: an answer sent while the body is unread makes Jetty close the
                    // connection, and a client still writing the body sees a broken pipe instead of the answer
                    ctx.bodyAsBytes();
                }
                if (access != Access.PUBLIC) {
                    Principal p = authenticator.authenticate(ctx);
                    ctx.attribute(PRINCIPAL, p);
                    ServerTelemetry.authenticated(p);
                    rateLimiter.acquire(p.name());
                    p.require(access.role(), "call " + method + " " + path);
                }
                handler.handle(ctx);
            } catch (Exception e) {
                if (!ctx.res().isCommitted()) {
                    ctx.res().resetBuffer();
                    Problems.respond(ctx, Problems.of(e, RequestIds.of(ctx)));
                } else {
                    throw e;
                }
            } finally {
                try {
                    writeNow(ctx);
                } catch (IOException e) {
                    LOG.debug("the client of {} {} left before its answer was written: {}", method, path, e.toString());
                }
                try {
                    telemetry.observed(method, path, ctx.statusCode(), Duration.ofNanos(System.nanoTime() - start));
                } catch (RuntimeException e) {
                    LOG.warn("the request observer failed on {} {}: {}", method, path, e.toString());
                }
                request.end(ctx.statusCode());
                leave();
            }
        };
    }

    /**
     * Writes the answer before the request counts as done: Javalin would write it after the handler
     * returns, and a shutdown that waited only for handlers could close the connection before it.
     */
    private static void writeNow(Context ctx) throws IOException {
        InputStream body = ctx.resultInputStream();
        if (body == null || ctx.res().isCommitted()) {
            return;
        }
        byte[] bytes = body.readAllBytes();
        ctx.res().setContentLength(bytes.length);
        OutputStream out = ctx.res().getOutputStream();
        out.write(bytes);
        out.flush();
        if (ctx instanceof JavalinServletContext servlet) {
            // tells Javalin the answer is out: otherwise it copies the (now empty) result through a new
            // 32 KiB buffer per request, a tenth of the server's CPU on small answers
            servlet.getResponseWritten().set(true);
        } else {
            ctx.result(new byte[0]);
        }
    }

    /** Metrics, access log, request context. */
    ServerTelemetry telemetry() {
        return telemetry;
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    private boolean enter() {
        lock.lock();
        try {
            if (draining.get()) {
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new requests from now on and waits up to {@code timeout} for those in flight; returns how many remain. */
    int drain(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            draining.set(true);
            long left = timeout.toNanos();
            while (inFlight > 0 && left > 0) {
                left = idle.awaitNanos(left);
            }
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    boolean draining() {
        return draining.get();
    }
}
