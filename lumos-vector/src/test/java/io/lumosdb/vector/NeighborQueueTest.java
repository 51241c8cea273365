package io.lumosdb.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class NeighborQueueTest {
    @Property(tries = 200)
    void packedKeysOrderByDistanceThenNode(@ForAll float a, @ForAll float b, @ForAll int nodeA, @ForAll int nodeB) {
        if (Float.isNaN(a) || Float.isNaN(b) || nodeA < 0 || nodeB < 0) {
            return;
        }
        long ka = NeighborQueue.pack(a, nodeA);
        long kb = NeighborQueue.pack(b, nodeB);
        assertEquals(a, NeighborQueue.distanceOf(ka), 0f);
        assertEquals(nodeA, NeighborQueue.nodeOf(ka));
        int expected = Float.compare(a, b); // -0.0 before 0.0, as Float.compare has it
        if (expected != 0) {
            assertEquals(expected, Long.signum(Long.compare(ka, kb)), a + " vs " + b);
        } else {
            assertEquals(Integer.signum(Integer.compare(nodeA, nodeB)), Long.signum(Long.compare(ka, kb)));
        }
    }

    @Property(tries = 100)
    void bothOrdersPopInOrder_withPushesAndPopsInterleaved(@ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (boolean farthestFirst : new boolean[] {false, true}) {
            NeighborQueue queue = new NeighborQueue(farthestFirst);
            List<Long> pushed = new ArrayList<>();
            int n = random.nextInt(1, 600);
            for (int i = 0; i < n; i++) {
                long v = NeighborQueue.pack((float) random.nextDouble(-2, 2), random.nextInt(1_000_000));
                queue.push(v);
                pushed.add(v);
                if (random.nextInt(4) == 0) { // interleave pops, as a walk does
                    pushed.sort(Long::compare);
                    long top = farthestFirst ? pushed.remove(pushed.size() - 1) : pushed.remove(0);
                    assertEquals(top, queue.peek());
                    assertEquals(top, queue.pop());
                }
            }
            pushed.sort(Long::compare);
            long[] expected = pushed.stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(expected, queue.drainNearestFirst(), "farthestFirst " + farthestFirst);
            assertEquals(0, queue.size());
        }
    }
}
