package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The L2 form of a result decodes to the same columns, route, reason and values. */
class QueryResultCodecTest {
    private final QueryResultCodec codec = new QueryResultCodec();

    private static QueryResult result(List<Object[]> rows) {
        Columns columns = new Columns(List.of("a", "b", "c"));
        return new QueryResult(columns, rows.stream().map(v -> new Row(columns, v)).toList(),
                new RouteDecision(Route.OLAP, "because ünïcode"), Duration.ofMillis(3).toNanos());
    }

    private static void assertSameValues(QueryResult expected, QueryResult actual) {
        assertEquals(expected.columns(), actual.columns());
        assertEquals(expected.decision(), actual.decision());
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.columns().size(); c++) {
                Object a = expected.rows().get(r).get(c);
                Object b = actual.rows().get(r).get(c);
                if (a instanceof byte[] x) {
                    assertArrayEquals(x, (byte[]) b);
                } else {
                    assertEquals(a, b);
                }
            }
        }
    }

    @Test
    void everyKindOfValue_roundTrips() {
        QueryResult r = result(List.of(
                new Object[] {Long.MIN_VALUE, Long.MAX_VALUE, -1L},
                new Object[] {0L, Double.NaN, -0.0},
                new Object[] {"", "日本語 ✓", null},
                new Object[] {new byte[0], new byte[] {-1, 0, 1}, Collections.unmodifiableList(Arrays.asList(1L, "x", null))}));
        QueryResult back = codec.decode(codec.encode(r));
        assertSameValues(r, back);
        assertTrue(codec.weigh(r) > codec.encode(r).length, "the serialized form is the compact one");
    }

    @Test
    void truncatedBytes_failClearly() {
        byte[] bytes = codec.encode(result(List.<Object[]>of(new Object[] {1L, "text", 2.5})));
        assertThrows(java.io.UncheckedIOException.class, () -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3)));
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(Arbitraries.longs().map(Object.class::cast), Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.strings().ofMaxLength(40).map(Object.class::cast), Arbitraries.just(null),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(20).map(Object.class::cast));
    }

    @Property(tries = 200)
    void anyRows_roundTrip(@ForAll("values") Object a, @ForAll("values") Object b, @ForAll("values") Object c) {
        QueryResult r = result(List.<Object[]>of(new Object[] {a, b, c}, new Object[] {c, a, b}));
        assertSameValues(r, codec.decode(codec.encode(r)));
    }
}
