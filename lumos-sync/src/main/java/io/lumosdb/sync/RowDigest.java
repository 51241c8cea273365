package io.lumosdb.sync;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * A 64-bit digest of one replicated row, computed alike from SQLite's values (through
 * {@link ValueConverter#replicaValue}, what a copy appends) and from DuckDB's: a table's checksum is the
 * sum of its rows' digests, so neither side has to be read in any order (pt-table-checksum compares
 * chunks the same way, with a hash both sides compute).
 */
final class RowDigest {
    private long h = 0x9E3779B97F4A7C15L;

    /** Feeds one value: a row's identity (Long rowid or String key), then each stored column's replica value. */
    RowDigest add(Object v) {
        if (v == null) {
            return mix(0x6E756C6CL);
        }
        if (v instanceof Long l) {
            return mix(1).mix(l);
        }
        if (v instanceof Double d) {
            return mix(2).mix(Double.doubleToLongBits(d == 0.0 ? 0.0 : d)); // -0.0 and 0.0 compare equal in both engines
        }
        if (v instanceof Boolean b) {
            return mix(3).mix(b ? 1 : 0);
        }
        if (v instanceof String s) {
            return mix(4).bytes(s.getBytes(StandardCharsets.UTF_8));
        }
        if (v instanceof byte[] b) {
            return mix(5).bytes(b);
        }
        if (v instanceof LocalDate d) {
            return mix(6).mix(d.toEpochDay());
        }
        if (v instanceof LocalDateTime t) {
            return mix(7).mix(t.toEpochSecond(ZoneOffset.UTC)).mix(t.getNano());
        }
        if (v instanceof float[] f) {
            mix(8).mix(f.length);
            for (float x : f) {
                mix(Float.floatToIntBits(x));
            }
            return this;
        }
        throw new IllegalArgumentException("no digest for " + v.getClass().getName() + ": " + Arrays.toString(new Object[] {v}));
    }

    long value() {
        return finish(h);
    }

    private RowDigest bytes(byte[] b) {
        mix(b.length);
        long word = 0;
        for (int i = 0; i < b.length; i++) {
            word = (word << 8) | (b[i] & 0xFF);
            if ((i & 7) == 7) {
                mix(word);
                word = 0;
            }
        }
        return mix(word);
    }

    private RowDigest mix(long x) {
        h = Long.rotateLeft(h ^ finish(x), 27) * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        return this;
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    private static long finish(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
