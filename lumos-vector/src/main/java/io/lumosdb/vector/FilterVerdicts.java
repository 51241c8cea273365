package io.lumosdb.vector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * What a filter said of each graph node, remembered for the searches that ask the same filter again
 * before the next write. A filtered walk ({@link HnswGraphSearcher}) asks the filter about every node
 * near enough to enter its beam, hundreds a search, and each answer is a metadata lookup and an
 * evaluation: a few cache misses. A filter asked again (a tenant, a category, a user's scope) then costs a
 * byte read per node.
 *
 * <pre>{@code
 * IntPredicate accept = verdicts.accept(graph, metadata, filter, writes);  // for one search
 * }</pre>
 *
 * <p>A filter gets a byte per graph node only the second time it is asked at the same write count and on
 * the same graph (a one-off filter allocates nothing); at most {@value #MAX} filters are remembered. The
 * bytes are written without locks by the searches that compute them: every writer writes the same
 * verdict, and a search that does not see one yet computes it again.
 */
final class FilterVerdicts {
    static final int MAX = 32;
    private static final byte ACCEPTED = 1;
    private static final byte REJECTED = 2;

    /** A filter's verdicts for one write count and graph; {@code byNode} is null while it was asked once. */
    private record Entry(long writes, GraphIndex graph, byte[] byNode) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** Whether {@code filter} accepts a node of {@code graph}, for searches at write count {@code writes}. */
    IntPredicate accept(GraphIndex graph, MetadataStore metadata, MetadataFilter filter, long writes) {
        IntPredicate evaluate = node -> {
            Map<String, Object> meta = metadata.get(graph.id(node));
            return meta != null && filter.matches(meta);
        };
        String key = filter.toString();
        Entry known = entries.get(key);
        if (known == null || known.writes() != writes || known.graph() != graph) {
            remember(key, new Entry(writes, graph, null));
            return evaluate;
        }
        byte[] byNode = known.byNode();
        if (byNode == null) {
            byNode = new byte[graph.nodeCount()];
            remember(key, new Entry(writes, graph, byNode));
        }
        byte[] memo = byNode;
        return node -> {
            if (node >= memo.length) {
                return evaluate.test(node); // added since the memo was made (a write in progress)
            }
            byte verdict = memo[node];
            if (verdict == 0) {
                boolean accepted = evaluate.test(node);
                memo[node] = accepted ? ACCEPTED : REJECTED;
                return accepted;
            }
            return verdict == ACCEPTED;
        };
    }

    private void remember(String key, Entry entry) {
        if (entries.size() >= MAX && !entries.containsKey(key)) {
            entries.clear();
        }
        entries.put(key, entry);
    }
}
