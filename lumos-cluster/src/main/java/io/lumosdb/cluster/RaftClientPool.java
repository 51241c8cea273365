package io.lumosdb.cluster;

import io.lumosdb.server.RetryLaterException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft clients lent one request at a time, each request sent with Ratis' <em>blocking</em> API on a
 * thread of this pool's bounded executor.
 *
 * <p><b>Why blocking, not {@code client.async()}.</b> Ratis' ordered async API numbers the requests of a
 * client and the leader holds a request until the client's earlier ones arrived (a sliding window). A
 * pooled client reused across failovers kept that state: after the second of two failovers its next
 * write was held by the new leader, timing out every second, until the HTTP request gave up 10 s later,
 * while a fresh request went through in 0.2 s (ClusterRunner, docs/cluster.md "Failover"). The blocking
 * API sends each request on its own, with the retry policy for a failover. Since each request has a
 * client to itself anyway, ordering between requests of one client buys nothing here.
 *
 * <p>A client goes back to the pool when its request is done; one whose request failed (no leader,
 * timeouts) is closed instead, so that no connection state from a failover outlives it. Bounded: past
 * {@code max} requests in flight, a request is refused with 503.
 *
 * <p><b>A request the caller gave up on is stopped.</b> Cancelling the future {@link #send} returns closes
 * the request's client, and Ratis' retry loop ends at its next attempt (it checks whether the client is
 * closed). Without that, the blocking call went on retrying, with the same call id, for as long as its
 * retry policy allowed (100 attempts, about two minutes) after the node had answered 503: in the
 * partition test ({@code ClusterPartitionProcessTest}) the two writes sent to a leader cut off from the
 * others were answered 503 after 10 s, and once the partition healed their retries reached the new leader
 * and were committed, although the client had been told 503 (which says "may or may not", but by then a
 * client has retried or moved on).
 */
final class RaftClientPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftClientPool.class);

    private final Supplier<RaftClient> factory;
    private final int max;
    private final ArrayDeque<RaftClient> idle = new ArrayDeque<>();
    private final ThreadPoolExecutor senders;
    private int created;
    private boolean closed;

    RaftClientPool(String owner, Supplier<RaftClient> factory, int max) {
        this.factory = factory;
        this.max = max;
        AtomicInteger threads = new AtomicInteger();
        // at most max requests are in flight (borrow() refuses more), so a hand-off queue never rejects
        this.senders = new ThreadPoolExecutor(0, max, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, owner + " raft-request-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Sends one blocking request with a client of its own on a pool thread; the client returns to the pool
     * when the request succeeded, and is closed when it failed. Cancelling the returned future closes the
     * client at once, which stops Ratis' retries of the request.
     */
    <T> CompletableFuture<T> send(IoCall<T> request) throws RetryLaterException {
        RaftClient c = borrow();
        try {
            CompletableFuture<T> answer = CompletableFuture.supplyAsync(() -> {
                boolean ok = false;
                try {
                    T result = request.run(c);
                    ok = true;
                    return result;
                } catch (IOException e) {
                    throw new CompletionException(e);
                } finally {
                    if (ok) {
                        giveBack(c);
                    } else {
                        discard(c);
                    }
                }
            }, senders);
            answer.whenComplete((result, failure) -> {
                if (failure instanceof CancellationException) {
                    closeQuietly(c); // the request's thread then fails it (the client is closed) and discards the client
                }
            });
            return answer;
        } catch (RuntimeException e) { // rejected: the pool is shutting down
            discard(c);
            throw new RetryLaterException("the node is shutting down", Duration.ofSeconds(1));
        }
    }

    /** Runs a blocking call (membership, leadership) with a client of its own. */
    <T> T call(IoCall<T> call) throws IOException {
        RaftClient c;
        try {
            c = borrow();
        } catch (RetryLaterException e) {
            throw new IOException(e.getMessage(), e);
        }
        boolean ok = false;
        try {
            T result = call.run(c);
            ok = true;
            return result;
        } finally {
            if (ok) {
                giveBack(c);
            } else {
                discard(c);
            }
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

    /** Closes a client whose request failed; its slot is free for a fresh one. */
    private void discard(RaftClient c) {
        synchronized (this) {
            created--;
        }
        closeQuietly(c);
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

    /**
     * Closes the idle clients (a leader change: each caches the old leader, and its gRPC channels to a peer
     * that was down may be in reconnect back-off, see {@link PeerReconnects}); the next requests get fresh ones.
     */
    void dropIdle() {
        RaftClient c;
        while ((c = poll()) != null) {
            synchronized (this) {
                created--;
            }
            closeQuietly(c);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        senders.shutdownNow();
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
