package io.lumosdb.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * Sizes and lifetimes of the caches; each setting can be set once and is checked at once.
 *
 * <pre>{@code
 * CacheSettings settings = CacheSettings.builder()
 *         .resultL1Bytes(32L << 20)        // on-heap tier of ready results
 *         .resultL2Bytes(256L << 20)       // tier of compact serialized results
 *         .expireAfterWrite(Duration.ofMinutes(10))
 *         .embeddingBytes(64L << 20)
 *         .build();
 * CacheSettings none = CacheSettings.disabled();
 * }</pre>
 *
 * <p>Both result tiers are bounded by bytes (estimated for L1, exact for L2), never by entry counts. A
 * result larger than {@link Builder#maxEntryFraction} of a tier is not put in it; a result too large for
 * both is not cached at all.
 */
public final class CacheSettings {
    /** Default L1 size: 16 MiB of ready result objects. */
    public static final long DEFAULT_L1_BYTES = 16L << 20;
    /** Default L2 size: 64 MiB of serialized results. */
    public static final long DEFAULT_L2_BYTES = 64L << 20;
    /** Default embedding cache size: 32 MiB (about 20,000 vectors of 384 floats). */
    public static final long DEFAULT_EMBEDDING_BYTES = 32L << 20;
    /** Default largest share of a tier one result may take. */
    public static final double DEFAULT_MAX_ENTRY_FRACTION = 0.25;

    private static final CacheSettings DISABLED = new CacheSettings(0, 0, 0, null, DEFAULT_MAX_ENTRY_FRACTION);

    private final long resultL1Bytes;
    private final long resultL2Bytes;
    private final long embeddingBytes;
    private final Duration expireAfterWrite;
    private final double maxEntryFraction;

    private CacheSettings(long l1, long l2, long embeddings, Duration ttl, double maxEntryFraction) {
        this.resultL1Bytes = l1;
        this.resultL2Bytes = l2;
        this.embeddingBytes = embeddings;
        this.expireAfterWrite = ttl;
        this.maxEntryFraction = maxEntryFraction;
    }

    /** Settings to build; unset values take the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults: 16 MiB L1, 64 MiB L2, 32 MiB of embeddings, no expiry. */
    public static CacheSettings defaults() {
        return builder().build();
    }

    /** No caching at all: every read runs, every text is embedded. */
    public static CacheSettings disabled() {
        return DISABLED;
    }

    public long resultL1Bytes() {
        return resultL1Bytes;
    }

    public long resultL2Bytes() {
        return resultL2Bytes;
    }

    public long embeddingBytes() {
        return embeddingBytes;
    }

    /** How long a result may be served after it was cached; null for no limit. */
    public Duration expireAfterWrite() {
        return expireAfterWrite;
    }

    public double maxEntryFraction() {
        return maxEntryFraction;
    }

    /** Whether query results are cached at all. */
    public boolean cachesResults() {
        return resultL1Bytes > 0 || resultL2Bytes > 0;
    }

    @Override
    public String toString() {
        return "CacheSettings[L1=" + resultL1Bytes + " B, L2=" + resultL2Bytes + " B, embeddings=" + embeddingBytes
                + " B, expireAfterWrite=" + expireAfterWrite + ", maxEntryFraction=" + maxEntryFraction + "]";
    }

    /** Builder of {@link CacheSettings}. */
    public static final class Builder {
        private long l1 = -1;
        private long l2 = -1;
        private long embeddings = -1;
        private Duration ttl;
        private double maxEntryFraction = -1;

        private Builder() {}

        /** Bytes of the L1 tier of ready result objects (0 turns it off). */
        public Builder resultL1Bytes(long bytes) {
            requireUnset(l1 < 0, "result L1 bytes were already set to " + l1);
            l1 = requireNotNegative(bytes, "result L1 bytes");
            return this;
        }

        /** Bytes of the L2 tier of serialized results (0 turns it off). */
        public Builder resultL2Bytes(long bytes) {
            requireUnset(l2 < 0, "result L2 bytes were already set to " + l2);
            l2 = requireNotNegative(bytes, "result L2 bytes");
            return this;
        }

        /** Bytes of cached embedding vectors (0 turns the embedding cache off). */
        public Builder embeddingBytes(long bytes) {
            requireUnset(embeddings < 0, "embedding bytes were already set to " + embeddings);
            embeddings = requireNotNegative(bytes, "embedding bytes");
            return this;
        }

        /** Serves a result at most this long after it was cached (default: as long as it is current). */
        public Builder expireAfterWrite(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            requireUnset(this.ttl == null, "expire-after-write was already set to " + this.ttl);
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("expire-after-write must be positive, was " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** The largest share of a tier one result may take, in (0, 1] (default 0.25). */
        public Builder maxEntryFraction(double fraction) {
            requireUnset(maxEntryFraction < 0, "max entry fraction was already set to " + maxEntryFraction);
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("max entry fraction must be in (0, 1], was " + fraction);
            }
            maxEntryFraction = fraction;
            return this;
        }

        public CacheSettings build() {
            return new CacheSettings(l1 < 0 ? DEFAULT_L1_BYTES : l1, l2 < 0 ? DEFAULT_L2_BYTES : l2,
                    embeddings < 0 ? DEFAULT_EMBEDDING_BYTES : embeddings, ttl,
                    maxEntryFraction < 0 ? DEFAULT_MAX_ENTRY_FRACTION : maxEntryFraction);
        }

        private static void requireUnset(boolean unset, String message) {
            if (!unset) {
                throw new IllegalStateException(message);
            }
        }

        private static long requireNotNegative(long value, String what) {
            if (value < 0) {
                throw new IllegalArgumentException(what + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
