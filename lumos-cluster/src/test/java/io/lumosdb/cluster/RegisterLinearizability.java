package io.lumosdb.cluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A linearizability checker for histories of read/write registers, after Wing and Gong ("Testing and
 * verifying concurrent objects", 1993) with Lowe's memoization of (linearized set, register value), as
 * Knossos and Porcupine do. Linearizability is local (Herlihy and Wing), so a history over several keys
 * is checked key by key.
 *
 * <p>An operation has the times its call started and its answer arrived. A write whose outcome is unknown
 * (a 503 "may or may not have been applied", a lost connection) has no answer time: it may take effect at
 * any point after its call, or never. The search only needs to place every operation that was answered.
 *
 * <pre>{@code
 * List<Op> h = List.of(Op.write("k", 1, 0, 10), Op.read("k", 1, 5, 20));
 * assertTrue(RegisterLinearizability.check(h, null).isEmpty());
 * }</pre>
 */
final class RegisterLinearizability {
    static final long UNKNOWN = Long.MAX_VALUE;

    /** A read (value: what it saw, null for no value) or a write, on {@code key}, called at {@code call}, answered at {@code ret}. */
    record Op(String key, boolean write, Long value, long call, long ret) {
        static Op write(String key, long value, long call, long ret) {
            return new Op(key, true, value, call, ret);
        }

        static Op read(String key, Long value, long call, long ret) {
            return new Op(key, false, value, call, ret);
        }

        boolean answered() {
            return ret != UNKNOWN;
        }
    }

    private RegisterLinearizability() {}

    /**
     * Checks each key's history from the register value {@code initial}.
     *
     * @return the keys whose history is not linearizable (empty if the whole history is)
     * @throws IllegalArgumentException if a key has more than 200 operations (the search is exponential in the worst case)
     */
    static List<String> check(List<Op> history, Long initial) {
        Map<String, List<Op>> byKey = new TreeMap<>();
        for (Op op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        List<String> failing = new ArrayList<>();
        byKey.forEach((key, ops) -> {
            if (ops.size() > 200) {
                throw new IllegalArgumentException("key " + key + " has " + ops.size() + " operations; the checker takes at most 200");
            }
            if (!new Search(ops).from(new BitSet(), initial)) {
                failing.add(key);
            }
        });
        return failing;
    }

    /** Depth-first search for an order of the operations that respects real time and the register's rules. */
    private static final class Search {
        private final List<Op> ops;
        private final int answered;
        private final Set<State> seen = new HashSet<>();

        private record State(BitSet done, Long value) {}

        Search(List<Op> ops) {
            this.ops = ops;
            this.answered = (int) ops.stream().filter(Op::answered).count();
        }

        boolean from(BitSet done, Long value) {
            int answeredDone = 0;
            long earliestAnswer = UNKNOWN;
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                if (done.get(i)) {
                    answeredDone += op.answered() ? 1 : 0;
                } else {
                    earliestAnswer = Math.min(earliestAnswer, op.ret());
                }
            }
            if (answeredDone == answered) {
                return true; // the writes with unknown outcome left may never have taken effect
            }
            if (!seen.add(new State((BitSet) done.clone(), value))) {
                return false;
            }
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                // an operation can go next only if it was called before every remaining one was answered
                if (done.get(i) || op.call() > earliestAnswer) {
                    continue;
                }
                if (!op.write() && !Objects.equals(op.value(), value)) {
                    continue;
                }
                done.set(i);
                boolean found = from(done, op.write() ? op.value() : value);
                done.clear(i);
                if (found) {
                    return true;
                }
            }
            return false;
        }
    }
}
