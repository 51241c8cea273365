package io.lumosdb.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResultCacheTest {
    private final TableVersions versions = new TableVersions();
    private final StringCodec codec = new StringCodec();

    private static QueryKey key(int i) {
        return QueryKey.of("SELECT * FROM t WHERE id = ?", new Object[] {i}, "OLTP");
    }

    private ResultCache<String> cache(long l1, long l2) {
        return ResultCache.create(CacheSettings.builder().resultL1Bytes(l1).resultL2Bytes(l2).build(), codec, versions);
    }

    @Test
    void put_thenGet_isAnL1Hit() {
        ResultCache<String> cache = cache(1 << 20, 1 << 20);
        assertNull(cache.get(key(1)));
        assertTrue(cache.put(key(1), "one", List.of("t"), versions.stamp()));
        ResultCache.Hit<String> hit = cache.get(key(1));
        assertEquals("one", hit.value());
        assertEquals(1, hit.level());
        CacheStatistics s = cache.stats();
        assertEquals(1, s.l1().hitCount());
        assertEquals(1, s.l1().missCount());
        assertEquals(1, s.l1Entries());
        assertTrue(s.l1Bytes() > 0);
    }

    @Test
    void writeToATableRead_makesTheEntryStale() {
        ResultCache<String> cache = cache(1 << 20, 1 << 20);
        cache.put(key(1), "one", List.of("t", "u"), versions.stamp());
        versions.bump(List.of("other"));
        assertNotNull(cache.get(key(1)), "a write to another table leaves it current");
        versions.bump(List.of("U")); // names ignore case, as in SQLite
        assertNull(cache.get(key(1)));
        assertEquals(1, cache.stats().staleDropped());
        assertEquals(0, cache.stats().l1Entries(), "the stale entry is dropped, not kept");
    }

    @Test
    void bumpAll_makesEverythingStale() {
        ResultCache<String> cache = cache(1 << 20, 1 << 20);
        cache.put(key(1), "one", List.of("t"), versions.stamp());
        cache.put(key(2), "two", List.of(), versions.stamp());
        versions.bumpAll();
        assertNull(cache.get(key(1)));
        assertNull(cache.get(key(2)));
    }

    @Test
    void put_ofAResultReadBeforeAWrite_isRefused() {
        ResultCache<String> cache = cache(1 << 20, 1 << 20);
        long stamp = versions.stamp();      // the read starts
        versions.bump(List.of("t"));        // a write commits while it runs
        assertFalse(cache.put(key(1), "maybe stale", List.of("t"), stamp));
        assertNull(cache.get(key(1)));
    }

    @Test
    void evictedFromL1_isDemotedToL2_andPromotedBackOnAHit() {
        // L1 holds a few entries; L2 many
        ResultCache<String> cache = cache(4_000, 1 << 20);
        int n = 200;
        for (int i = 0; i < n; i++) {
            assertTrue(cache.put(key(i), "value " + i, List.of("t"), versions.stamp()));
        }
        cache.cleanUp();
        CacheStatistics s = cache.stats();
        assertTrue(s.l1().evictionCount() > 0, "L1 evicted: " + s);
        assertTrue(s.l2Entries() > 0, "evicted entries went to L2: " + s);
        assertTrue(s.l1Bytes() <= 4_000, "L1 stays within its bytes: " + s);
        int fromL2 = -1;
        for (int i = 0; i < n && fromL2 < 0; i++) {
            ResultCache.Hit<String> hit = cache.get(key(i));
            assertNotNull(hit, "entry " + i + " is in one of the levels");
            assertEquals("value " + i, hit.value());
            if (hit.level() == 2) {
                fromL2 = i;
            }
        }
        assertTrue(fromL2 >= 0);
        // promoted on its second L2 hit; W-TinyLFU admits it to L1's main space once it is used often enough
        int level = 2;
        for (int i = 0; i < 50 && level == 2; i++) {
            level = cache.get(key(fromL2)).level();
        }
        assertEquals(1, level, "a frequently used L2 entry ends up in L1: " + cache.stats());
    }

    /** A cache of a 4,000-byte L1 and a large L2, given {@code n} results: most of them went on to L2. */
    private ResultCache<String> spilledIntoL2(int n) {
        ResultCache<String> cache = cache(4_000, 1 << 20);
        for (int i = 0; i < n; i++) {
            cache.put(key(i), "value " + i, List.of("t"), versions.stamp());
        }
        cache.cleanUp();
        return cache;
    }

    @Test
    void l2Hit_isPromotedOnItsSecondHit_notItsFirst() {
        ResultCache<String> cache = spilledIntoL2(200);
        long l1Evictions = cache.stats().l1().evictionCount();
        int inL2 = -1;
        for (int i = 0; i < 200; i++) {
            if (cache.get(key(i)).level() == 2 && inL2 < 0) {
                inL2 = i; // every L2 hit here is a first one: served, left in L2
            }
        }
        assertTrue(inL2 >= 0, cache.stats().toString());
        cache.cleanUp();
        assertEquals(l1Evictions, cache.stats().l1().evictionCount(), "first L2 hits move nothing between the levels");
        assertEquals(2, cache.get(key(inL2)).level(), "still in L2 after its first hit");
        cache.cleanUp();
        assertTrue(cache.stats().l1().evictionCount() > l1Evictions, "the second hit moved it into L1, pushing another out");
    }

    @Test
    void whenTheLastLevelIsFull_aResultGoesInOnItsSecondMiss() {
        ResultCache<String> cache = cache(4_000, 0); // L1 alone: the last level
        int n = 0;
        while (cache.stats().l1().evictionCount() == 0) {
            assertTrue(cache.put(key(n), "value " + n, List.of("t"), versions.stamp()), "room left: every result goes in");
            cache.cleanUp();
            n++;
            assertTrue(n < 1_000, "a 4,000-byte level filled up");
        }
        QueryKey once = key(100_000);
        assertFalse(cache.put(once, "asked once", List.of("t"), versions.stamp()), "full: the first miss is not stored");
        assertNull(cache.get(once));
        assertTrue(cache.put(once, "asked twice", List.of("t"), versions.stamp()), "the second miss is");
        assertEquals("asked twice", cache.get(once).value());
        cache.invalidateAll();
        assertTrue(cache.put(key(100_001), "room again", List.of("t"), versions.stamp()), "emptied: room again");
    }

    @Test
    void demotedEntry_staysSubjectToVersions() {
        ResultCache<String> cache = spilledIntoL2(200);
        versions.bump(List.of("t"));
        for (int i = 0; i < 200; i++) {
            assertNull(cache.get(key(i)));
        }
    }

    @Test
    void resultTooLargeForTheBudget_isNotCached() {
        ResultCache<String> cache = cache(1_000, 4_000);
        String big = "x".repeat(5_000);
        assertFalse(cache.put(key(1), big, List.of("t"), versions.stamp()));
        assertNull(cache.get(key(1)));
        String medium = "y".repeat(300); // too big for a quarter of L1, small enough for L2's quarter as bytes
        assertTrue(cache.put(key(2), medium, List.of("t"), versions.stamp()));
        assertEquals(2, cache.get(key(2)).level());
    }

    @Test
    void l1Off_servesFromL2() {
        ResultCache<String> cache = cache(0, 1 << 20);
        cache.put(key(1), "one", List.of("t"), versions.stamp());
        assertEquals(2, cache.get(key(1)).level());
        assertEquals(2, cache.get(key(1)).level());
    }

    @Test
    void bothLevelsOff_cachesNothing() {
        ResultCache<String> cache = cache(0, 0);
        assertFalse(cache.put(key(1), "one", List.of("t"), versions.stamp()));
        assertNull(cache.get(key(1)));
    }

    @Test
    void expireAfterWrite_countsFromTheFirstPut_acrossDemotion() {
        AtomicLong now = new AtomicLong(1_000);
        Ticker ticker = now::get;
        ResultCache<String> cache = ResultCache.create(CacheSettings.builder().resultL1Bytes(4_000).resultL2Bytes(1 << 20)
                .expireAfterWrite(Duration.ofSeconds(10)).build(), codec, versions, ticker);
        for (int i = 0; i < 100; i++) {
            cache.put(key(i), "value " + i, List.of("t"), versions.stamp());
        }
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertNotNull(cache.get(key(99)));
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        for (int i = 0; i < 100; i++) {
            assertNull(cache.get(key(i)), "expired " + i);
        }
    }

    @Test
    void invalidateAll_emptiesBothLevels() {
        ResultCache<String> cache = cache(4_000, 1 << 20);
        for (int i = 0; i < 100; i++) {
            cache.put(key(i), "value " + i, List.of("t"), versions.stamp());
        }
        cache.invalidateAll();
        cache.cleanUp();
        assertEquals(0, cache.stats().l1Entries() + cache.stats().l2Entries());
        assertNull(cache.get(key(1)));
    }

    @Test
    void settings_areCheckedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> CacheSettings.builder().resultL1Bytes(-1));
        assertThrows(IllegalStateException.class, () -> CacheSettings.builder().resultL1Bytes(1).resultL1Bytes(2));
        assertThrows(IllegalArgumentException.class, () -> CacheSettings.builder().maxEntryFraction(1.5));
        assertThrows(IllegalArgumentException.class, () -> CacheSettings.builder().expireAfterWrite(Duration.ZERO));
        assertFalse(CacheSettings.disabled().cachesResults());
    }
}
