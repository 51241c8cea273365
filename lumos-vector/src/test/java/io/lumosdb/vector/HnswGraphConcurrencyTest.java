package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Searches while a writer inserts (batches linked on two threads), replaces and removes: every result is a
 * whole node (its distance is the distance to the vector written for that version), no id twice, nothing
 * removed before the search began, nearest first.
 */
class HnswGraphConcurrencyTest {
    static final int DIMENSIONS = 16;

    @Test
    void searchesDuringInsertsReplacementsAndRemovals_seeOnlyWholeLiveNodes() throws Exception {
        VectorSpec spec = VectorSpec.of(DIMENSIONS, Metric.L2).withEfConstruction(64);
        GraphIndex index = GraphIndex.empty(spec);
        List<float[]> data = Vectors.clustered(12_000, DIMENSIONS, 30, 0.5, 31);
        Map<Long, float[]> byVersion = new ConcurrentHashMap<>(); // filled before the graph sees a version
        AtomicInteger removedUpTo = new AtomicInteger(); // ids r0 .. r(n-1) are removed for good once it reads n
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            try {
                long version = 1;
                for (int batch = 0; batch < 20; batch++) {
                    List<IndexedVector> vectors = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        float[] v = data.get(batch * 500 + i);
                        byVersion.put(version, v);
                        vectors.add(new IndexedVector((batch % 2 == 0 ? "r" : "k") + (batch / 2 * 500 + i), v, version++));
                    }
                    index.addAll(vectors, 2);
                    for (int i = 0; i < 100; i++) { // replace some kept ids with new vectors
                        float[] v = data.get(10_000 + (batch * 100 + i) % 2_000);
                        byVersion.put(version, v);
                        index.add(new IndexedVector("k" + i, v, version++));
                    }
                    if (batch % 2 == 1) { // remove the r ids of the batch before, in order
                        for (int i = 0; i < 500; i++) {
                            int id = removedUpTo.get();
                            assertTrue(index.remove("r" + id, version++));
                            removedUpTo.set(id + 1);
                        }
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            } finally {
                writing.set(false);
            }
        }, "test-writer");
        List<Thread> readers = new ArrayList<>();
        AtomicInteger searches = new AtomicInteger();
        for (int r = 0; r < 2; r++) {
            int reader = r;
            readers.add(new Thread(() -> {
                try {
                    int i = 0;
                    while (writing.get() || i < 50) {
                        float[] q = data.get((reader * 7_919 + i++ * 31) % data.size());
                        int removedBefore = removedUpTo.get();
                        HnswGraphSearcher.Found found = index.nearest(q, 20, null, Integer.MAX_VALUE);
                        Set<String> seen = new HashSet<>();
                        for (int j = 0; j < found.size(); j++) {
                            int node = found.nodes()[j];
                            String id = index.id(node);
                            assertTrue(seen.add(id), id + " twice");
                            if (id.startsWith("r")) {
                                assertFalse(Integer.parseInt(id.substring(1)) < removedBefore, id + " was removed before the search");
                            }
                            float[] written = byVersion.get(index.graph().version(node));
                            assertEquals(Distances.squaredL2(q, written), found.distances()[j], 0f, "node " + node + " seen whole");
                            assertTrue(j == 0 || found.distances()[j - 1] <= found.distances()[j], "nearest first");
                        }
                        searches.incrementAndGet();
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "test-reader-" + r));
        }
        writer.start();
        readers.forEach(Thread::start);
        writer.join(300_000);
        for (Thread t : readers) {
            t.join(300_000);
        }
        assertEquals(List.of(), failures);
        assertTrue(searches.get() >= 100, "searches ran: " + searches.get());
        assertEquals(10 * 500 + 0, index.size(), "the k ids remain; every r id was removed");
        HnswGraphTest.assertStructure(index.graph());
    }
}
