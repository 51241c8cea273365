package io.lumosdb.cluster;

import io.lumosdb.server.RetryLaterException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * One request to the leader for many reads at once: the reads of a follower at level {@code leader} ask
 * the leader's applied index, those at level {@code linearizable} a ReadIndex, and every read that arrives
 * while such a request is in flight joins the next one, sent as soon as the one in flight is answered. So a
 * follower sends at most one such request at a time, however many reads wait (etcd batches its ReadIndex
 * requests the same way). Before, each read sent its own, holding one of the node's bounded Raft clients
 * for the round trip, so a burst of reads beyond the pool's size was refused with 503, and each request
 * cost CPU on both nodes. A read still waits for one round trip (two at most: the one in flight, then its
 * own), which no follower can skip and still see what the leader had applied when the read arrived.
 *
 * <p><b>Why a joined read is still correct.</b> A read joins only a request that has not been sent yet, so
 * the leader answers it after the read arrived: the index is at least what the leader had applied (or, for
 * a ReadIndex, had committed as the confirmed leader) when the read arrived, which is all either level
 * promises. A request already in flight may have been answered from before the read arrived, so no read
 * joins it.
 *
 * <p>A caller that gives up on its read (its timeout) cancels the request it joined, which closes the
 * request's Raft client and ends Ratis' retries; the other reads that joined it are answered "retry later"
 * too (the leader has not answered them for about as long).
 */
final class SharedIndexRequest<T> {
    private final Sender<T> sender;
    /** The request the next arriving reads join; sent when none is in flight. */
    private Batch<T> next;
    private boolean inFlight;

    /** Sends one request; its answer completes the future it returns. */
    @FunctionalInterface
    interface Sender<T> {
        CompletableFuture<T> send() throws RetryLaterException;
    }

    /** Reads whose requests {@code sender} sends, one at a time. */
    SharedIndexRequest(Sender<T> sender) {
        this.sender = sender;
    }

    /** Reads sending {@code request} to the leader through {@code clients}, one at a time. */
    static SharedIndexRequest<RaftClientReply> through(RaftClientPool clients, RaftClientPool.IoCall<RaftClientReply> request) {
        return new SharedIndexRequest<>(() -> clients.send(request));
    }

    /** The reads waiting for one request, and that request once sent. */
    private static final class Batch<T> {
        final CompletableFuture<T> answer = new CompletableFuture<>();
        volatile CompletableFuture<T> sent;
    }

    /** The answer to a request sent after this call; cancelling it cancels that request. */
    CompletableFuture<T> answer() {
        Batch<T> joined;
        boolean send;
        synchronized (this) {
            if (next == null) {
                next = new Batch<>();
            }
            joined = next;
            send = !inFlight;
            if (send) {
                inFlight = true;
                next = null;
            }
        }
        if (send) {
            send(joined);
        }
        CompletableFuture<T> mine = joined.answer.copy();
        mine.whenComplete((reply, failure) -> {
            CompletableFuture<T> sent = joined.sent;
            if (failure instanceof CancellationException && sent != null) {
                sent.cancel(false); // the read gave up: stop the request's retries
            }
        });
        return mine;
    }

    private void send(Batch<T> batch) {
        CompletableFuture<T> sent;
        try {
            sent = sender.send();
        } catch (RetryLaterException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        batch.sent = sent;
        sent.whenComplete((reply, failure) -> {
            if (failure != null) {
                batch.answer.completeExceptionally(failure instanceof CancellationException
                        ? new RetryLaterException("a read waiting for the same answer gave up on the leader", Duration.ofSeconds(1)) : failure);
            } else {
                batch.answer.complete(reply);
            }
            Batch<T> waiting;
            synchronized (this) {
                waiting = next;
                next = null;
                inFlight = waiting != null;
            }
            if (waiting != null) {
                send(waiting);
            }
        });
    }
}
