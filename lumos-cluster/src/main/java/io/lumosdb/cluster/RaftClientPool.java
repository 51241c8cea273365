package io.lumosdb.cluster;

import io.lumosdb.server.RetryLaterException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft clients lent one request at a time. Ratis' async client orders the requests of one client in a
 * sliding window: a request stuck on a dead leader would hold back every later one of that client. A
 * request here has a client to itself, which goes back to the pool only when Ratis has finished with it
 * (answered, or given up under the retry policy), even if the HTTP request stopped waiting sooner.
 * Bounded: past {@code max} clients in use, a request is refused with 503.
 */
final class RaftClientPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftClientPool.class);

    private final Supplier<RaftClient> factory;
    private final int max;
    private final ArrayDeque<RaftClient> idle = new ArrayDeque<>();
    private int created;
    private boolean closed;

    RaftClientPool(Supplier<RaftClient> factory, int max) {
        this.factory = factory;
        this.max = max;
    }

    /** Sends one request with a client of its own; the client returns to the pool when the request is done. */
    <T> CompletableFuture<T> send(Function<RaftClient, CompletableFuture<T>> request) throws RetryLaterException {
        RaftClient c = borrow();
        CompletableFuture<T> f;
        try {
            f = request.apply(c);
        } catch (RuntimeException e) {
            giveBack(c);
            throw e;
        }
        f.whenComplete((r, e) -> giveBack(c));
        return f;
    }

    /** Runs a blocking call (membership, leadership) with a client of its own. */
    <T> T call(IoCall<T> call) throws IOException {
        RaftClient c;
        try {
            c = borrow();
        } catch (RetryLaterException e) {
            throw new IOException(e.getMessage(), e);
        }
        try {
            return call.run(c);
        } finally {
            giveBack(c);
        }
    }

    /** A blocking call on a client. */
    @FunctionalInterface
    interface IoCall<T> {
        T run(RaftClient client) throws IOException;
    }

    private synchronized RaftClient borrow() throws RetryLaterException {
        if (closed) {
            throw new RetryLaterException("the node is shutting down", Duration.ofSeconds(1));
        }
        RaftClient c = idle.poll();
        if (c != null) {
            return c;
        }
        if (created >= max) {
            throw new RetryLaterException("all " + max + " Raft clients of this node are waiting on the leader", Duration.ofSeconds(1));
        }
        created++;
        return factory.get();
    }

    private void giveBack(RaftClient c) {
        synchronized (this) {
            if (!closed) {
                idle.push(c);
                return;
            }
        }
        closeQuietly(c);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        RaftClient c;
        while ((c = poll()) != null) {
            closeQuietly(c);
        }
    }

    private synchronized RaftClient poll() {
        return idle.poll();
    }

    private static void closeQuietly(RaftClient c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing a Raft client failed: {}", e.toString());
        }
    }
}
