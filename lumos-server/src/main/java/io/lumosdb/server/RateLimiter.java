package io.lumosdb.server;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key: {@code perSecond} requests a second on average, bursts up to one second's
 * worth. Over it, a request is refused with 429 and a {@code Retry-After}. The map of buckets is
 * bounded: past 100,000 callers it starts afresh (every bucket full), which only ever lets more through.
 */
final class RateLimiter {
    private static final int MAX_BUCKETS = 100_000;

    private static final class Bucket {
        double tokens;
        long refilledNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledNanos = now;
        }
    }

    private final int perSecond;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Takes a token for {@code caller}, or refuses with 429. */
    void acquire(String caller) {
        if (perSecond <= 0) {
            return;
        }
        if (buckets.size() > MAX_BUCKETS) {
            buckets.clear();
        }
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(caller, c -> new Bucket(perSecond, now));
        synchronized (b) {
            b.tokens = Math.min(perSecond, b.tokens + (now - b.refilledNanos) / 1e9 * perSecond);
            b.refilledNanos = now;
            if (b.tokens < 1) {
                throw ApiProblem.tooManyRequests("this key may send " + perSecond + " requests a second; wait and retry (Retry-After)",
                        (long) Math.ceil((1 - b.tokens) / perSecond));
            }
            b.tokens -= 1;
        }
    }
}
