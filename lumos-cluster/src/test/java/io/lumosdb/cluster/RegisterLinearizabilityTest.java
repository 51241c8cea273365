package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lumosdb.cluster.RegisterLinearizability.Op;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The register checker on histories whose answer is known, and on random sequential histories. */
class RegisterLinearizabilityTest {
    private static final long U = RegisterLinearizability.UNKNOWN;

    @Test
    void readOfAConcurrentWrite_isLinearizable() {
        List<Op> h = List.of(Op.write("k", 1, 0, 10), Op.read("k", 1L, 5, 20), Op.read("k", 1L, 21, 30));
        assertEquals(List.of(), RegisterLinearizability.check(h, null));
    }

    @Test
    void staleReadAfterAnAnsweredWrite_isNot() {
        List<Op> h = List.of(Op.write("k", 1, 0, 10), Op.write("k", 2, 11, 20), Op.read("k", 1L, 21, 30));
        assertEquals(List.of("k"), RegisterLinearizability.check(h, null));
    }

    @Test
    void readsGoingBackInTime_areNot() {
        // two concurrent writes; a later read may see either, but after one read saw 2, a later read cannot see 1 again
        List<Op> h = List.of(Op.write("k", 1, 0, 10), Op.write("k", 2, 0, 10), Op.read("k", 2L, 11, 12), Op.read("k", 1L, 13, 14));
        assertEquals(List.of("k"), RegisterLinearizability.check(h, null));
    }

    @Test
    void writeOfUnknownOutcome_mayTakeEffectLateOrNever() {
        List<Op> late = List.of(Op.write("k", 1, 0, 10), Op.write("k", 2, 5, U), Op.read("k", 1L, 20, 30), Op.read("k", 2L, 40, 50));
        assertEquals(List.of(), RegisterLinearizability.check(late, null));
        List<Op> never = List.of(Op.write("k", 1, 0, 10), Op.write("k", 2, 5, U), Op.read("k", 1L, 20, 30));
        assertEquals(List.of(), RegisterLinearizability.check(never, null));
        List<Op> backAgain = List.of(Op.write("k", 1, 0, 10), Op.write("k", 2, 5, U), Op.read("k", 2L, 20, 30), Op.read("k", 1L, 40, 50));
        assertEquals(List.of("k"), RegisterLinearizability.check(backAgain, null));
    }

    @Test
    void readOfAValueNeverWritten_isNot_andKeysAreCheckedApart() {
        List<Op> h = List.of(Op.write("a", 1, 0, 10), Op.read("a", 1L, 11, 12), Op.read("b", 7L, 0, 5), Op.read("b", null, 6, 7));
        assertEquals(List.of("b"), RegisterLinearizability.check(h, null));
    }

    @Test
    void tooLongAHistory_isRefused() {
        List<Op> h = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            h.add(Op.read("k", null, i, i + 1));
        }
        assertThrows(IllegalArgumentException.class, () -> RegisterLinearizability.check(h, null));
    }

    /** A sequential history (each operation answered before the next is called) of a real register is linearizable. */
    @Property(tries = 200)
    void sequentialHistoriesOfARegister_areLinearizable(@ForAll @IntRange(min = 0, max = 10_000) int seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<Op> h = new ArrayList<>();
        Long value = null;
        long t = 0;
        for (int i = 0; i < 40; i++) {
            if (random.nextBoolean()) {
                value = (long) random.nextInt(5);
                h.add(Op.write("k", value, t, t + 1));
            } else {
                h.add(Op.read("k", value, t, t + 1));
            }
            t += 2;
        }
        assertEquals(List.of(), RegisterLinearizability.check(h, null));
    }
}
