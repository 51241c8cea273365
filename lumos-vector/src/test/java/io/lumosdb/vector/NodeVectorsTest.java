package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NodeVectorsTest {
    @Test
    void anEntryIsTheVectorPutForThatId_orNothing_whileOthersFillAndGrowIt() throws Exception {
        NodeVectors vectors = new NodeVectors();
        int ids = 200_000; // the array grows from 1,024 many times over
        float[][] expected = new float[ids][];
        for (int i = 0; i < ids; i++) {
            expected[i] = new float[] {i};
        }
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                for (int i = writer; i < ids; i += 3) {
                    vectors.put(i, expected[i]);
                }
            }, "test-filler-" + w));
        }
        Thread reader = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(5);
            try {
                while (writing.get()) {
                    float[][] array = vectors.array();
                    int id = random.nextInt(ids + 1_000); // some beyond every growth
                    float[] v = NodeVectors.get(array, id);
                    if (v != null) {
                        assertSame(expected[id], v, "node " + id);
                    }
                }
            } catch (Throwable t) {
                failures.add(t);
            }
        }, "test-reader");
        threads.forEach(Thread::start);
        reader.start();
        for (Thread t : threads) {
            t.join(120_000);
        }
        writing.set(false);
        reader.join(120_000);
        assertEquals(List.of(), failures);
        float[][] array = vectors.array();
        assertTrue(array.length >= ids, "grown to hold every id: " + array.length);
        int filled = 0;
        for (int i = 0; i < ids; i++) {
            float[] v = NodeVectors.get(array, i);
            if (v != null) {
                assertSame(expected[i], v, "node " + i);
                filled++;
            }
        }
        assertTrue(filled > ids / 2, "a racing growth drops a fill now and then, not most of them: " + filled);
        assertNull(NodeVectors.get(array, array.length), "beyond the array: nothing");
    }
}
