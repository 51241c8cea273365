package io.lumosdb.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model test: tables hold counters; a "query" reads a set of them. Reads may start (stamp, compute) and
 * finish (put) with writes in between, as on a busy database. Every cached answer must equal the answer
 * computed now from the tables.
 */
class NeverStalePropertyTest {
    private static final List<String> TABLES = List.of("a", "b", "c", "d");

    /** An operation: 0 write table, 1 start a read of a query, 2 finish the oldest started read, 3 bump all. */
    record Op(int kind, int table, int query) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, TABLES.size() - 1), Arbitraries.integers().between(0, 14)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(200);
    }

    /** Query q reads the tables whose bits are set in q + 1. */
    private static Set<String> tablesOf(int query) {
        Set<String> read = new TreeSet<>();
        for (int i = 0; i < TABLES.size(); i++) {
            if (((query + 1) >> i & 1) == 1) {
                read.add(TABLES.get(i));
            }
        }
        return read;
    }

    private static String answer(int[] counters, Set<String> tables) {
        StringBuilder sb = new StringBuilder();
        for (String t : tables) {
            sb.append(t).append('=').append(counters[TABLES.indexOf(t)]).append(';');
        }
        return sb.toString();
    }

    record Pending(int query, long stamp, String computed) {}

    @Property(tries = 300)
    void everyCachedAnswer_equalsTheCurrentOne(@ForAll("ops") List<Op> ops, @ForAll boolean smallL1) {
        TableVersions versions = new TableVersions();
        ResultCache<String> cache = ResultCache.create(CacheSettings.builder().resultL1Bytes(smallL1 ? 1_200 : 1 << 20)
                .resultL2Bytes(1 << 20).build(), new StringCodec(), versions);
        int[] counters = new int[TABLES.size()];
        Deque<Pending> running = new ArrayDeque<>();
        List<String> log = new ArrayList<>();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    counters[op.table()]++;
                    versions.bump(List.of(TABLES.get(op.table()).toUpperCase(java.util.Locale.ROOT)));
                    log.add("write " + TABLES.get(op.table()));
                }
                case 1 -> {
                    QueryKey key = QueryKey.of("q" + op.query(), null, "OLTP");
                    Set<String> read = tablesOf(op.query());
                    ResultCache.Hit<String> hit = cache.get(key);
                    String now = answer(counters, read);
                    if (hit != null) {
                        assertEquals(now, hit.value(), "stale L" + hit.level() + " answer after " + log);
                    } else {
                        running.add(new Pending(op.query(), versions.stamp(), now));
                    }
                    log.add("read q" + op.query());
                }
                case 2 -> {
                    Pending p = running.poll();
                    if (p != null) {
                        cache.put(QueryKey.of("q" + p.query(), null, "OLTP"), p.computed(), tablesOf(p.query()), p.stamp());
                        log.add("finish q" + p.query());
                    }
                }
                default -> {
                    versions.bumpAll();
                    log.add("bump all");
                }
            }
        }
    }
}
