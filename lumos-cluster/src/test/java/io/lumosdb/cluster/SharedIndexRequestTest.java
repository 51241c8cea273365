package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.server.RetryLaterException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Reads sharing one request to the leader: a read is answered only by a request sent after it arrived (so
 * the leader's index covers everything applied before the read), at most one request is in flight, and
 * every read is answered once the leader answers. The "leader" here is the test, which answers each
 * request with the step at which it was sent (a leader answers after it received the request, so with at
 * least what it had then).
 */
class SharedIndexRequestTest {
    /** The requests sent, in order, each with the step it was sent at. */
    private record Sent(long step, CompletableFuture<Long> answer) {}

    private static final class Leader {
        final List<Sent> sent = new ArrayList<>();
        long step;

        SharedIndexRequest<Long> reads() {
            return new SharedIndexRequest<>(() -> {
                if (sent.size() > 1_000) {
                    throw new AssertionError("requests keep being sent with no read waiting");
                }
                CompletableFuture<Long> f = new CompletableFuture<>();
                sent.add(new Sent(step, f));
                return f;
            });
        }

        long inFlight() {
            return sent.stream().filter(s -> !s.answer().isDone()).count();
        }

        /** Answers the oldest request in flight; false if none is. */
        boolean answerOne() {
            for (Sent s : sent) {
                if (!s.answer().isDone()) {
                    s.answer().complete(s.step());
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void readsArrivingWhileARequestIsInFlightShareTheNextOne() throws Exception {
        Leader leader = new Leader();
        SharedIndexRequest<Long> reads = leader.reads();
        CompletableFuture<Long> first = reads.answer();
        leader.step = 1;
        List<CompletableFuture<Long>> later = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            later.add(reads.answer());
        }
        assertEquals(1, leader.sent.size(), "reads arriving while a request is in flight do not send their own");
        assertTrue(leader.answerOne());
        assertEquals(0L, answered(first));
        assertEquals(2, leader.sent.size(), "the waiting reads' request goes out when the first is answered");
        for (CompletableFuture<Long> read : later) {
            assertFalse(read.isDone(), "a read is never answered by a request sent before it arrived");
        }
        assertTrue(leader.answerOne());
        for (CompletableFuture<Long> read : later) {
            assertEquals(1L, answered(read));
        }
        assertEquals(2, leader.sent.size());
    }

    @Test
    void aReadThatGivesUpCancelsItsRequestAndTheNextReadsGoOn() throws Exception {
        Leader leader = new Leader();
        SharedIndexRequest<Long> reads = leader.reads();
        CompletableFuture<Long> gaveUp = reads.answer();
        gaveUp.cancel(false);
        assertTrue(leader.sent.get(0).answer().isCancelled(), "the request of a read that gave up is cancelled (its retries stop)");
        CompletableFuture<Long> next = reads.answer();
        assertEquals(2, leader.sent.size(), "a cancelled request is no longer in flight");
        leader.step = 5;
        assertTrue(leader.answerOne());
        assertEquals(0L, answered(next));
    }

    @Test
    void aRefusedRequestAnswersItsReadsRetryLaterAndFreesTheSlot() throws Exception {
        List<Integer> calls = new ArrayList<>();
        SharedIndexRequest<Long> reads = new SharedIndexRequest<>(() -> {
            calls.add(calls.size());
            if (calls.size() > 2) {
                throw new AssertionError("a request was sent with no read waiting");
            }
            if (calls.size() == 1) {
                throw new RetryLaterException("all Raft clients busy", java.time.Duration.ofSeconds(1));
            }
            return CompletableFuture.completedFuture(42L);
        });
        CompletableFuture<Long> first = reads.answer();
        assertTrue(first.isDone(), "a refused request answers at once");
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, first::get);
        assertInstanceOf(RetryLaterException.class, refused.getCause());
        assertEquals(42L, answered(reads.answer()));
        assertEquals(2, calls.size());
    }

    /**
     * Any interleaving of arrivals, answers and reads giving up: every answered read got an index from a
     * request sent at or after its arrival, never more than one request is in flight, and once the leader
     * answers everything, every read that did not give up is answered.
     */
    @Property(tries = 300)
    void everyReadIsAnsweredByARequestSentAfterItArrived(@ForAll("steps") List<Integer> steps) throws Exception {
        Leader leader = new Leader();
        SharedIndexRequest<Long> reads = leader.reads();
        List<long[]> arrivals = new ArrayList<>();
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (int action : steps) {
            leader.step++;
            if (action < 5) { // a read arrives
                arrivals.add(new long[] {leader.step});
                answers.add(reads.answer());
            } else if (action < 9) { // the leader answers the request in flight
                leader.answerOne();
            } else if (!answers.isEmpty()) { // the latest read gives up
                answers.get(answers.size() - 1).cancel(false);
            }
            assertTrue(leader.inFlight() <= 1, "at most one request in flight: " + leader.inFlight());
        }
        for (int drained = 0; leader.answerOne(); drained++) {
            leader.step++;
            assertTrue(drained <= steps.size(), "requests kept coming with no read waiting: " + leader.sent.size());
        }
        for (int i = 0; i < answers.size(); i++) {
            CompletableFuture<Long> answer = answers.get(i);
            assertTrue(answer.isDone(), "read " + i + " was never answered");
            if (answer.isCompletedExceptionally()) {
                continue; // it, or a read of its request, gave up
            }
            assertTrue(answered(answer) >= arrivals.get(i)[0], "read " + i + " arrived at step " + arrivals.get(i)[0]
                    + " but was answered by a request sent at step " + answered(answer));
        }
    }

    /** The test's leader answers on the test's thread, so an answer is there at once or never. */
    private static long answered(CompletableFuture<Long> read) throws Exception {
        assertTrue(read.isDone(), "the read is not answered");
        return read.get();
    }

    @Provide
    Arbitrary<List<Integer>> steps() {
        return Arbitraries.integers().between(0, 9).list().ofMinSize(1).ofMaxSize(60);
    }
}
