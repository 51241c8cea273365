package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lumosdb.server.WriteExecutor.Statement;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The log entry and answer encodings: what is written reads back the same, anything else is refused. */
class WriteBatchTest {
    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.longs().map(v -> (Object) v),
                Arbitraries.doubles().map(v -> (Object) v), Arbitraries.strings().ofMaxLength(40).map(v -> (Object) v),
                Arbitraries.of(true, false).map(v -> (Object) v), Arbitraries.bytes().array(byte[].class).ofMaxSize(16).map(v -> (Object) v),
                Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L).map(s -> (Object) Instant.ofEpochSecond(s, 5)),
                Arbitraries.longs().map(s -> (Object) new UUID(s, ~s)));
    }

    @Property(tries = 200)
    void encodeThenDecode_givesTheSameBatch(@ForAll("values") Object a, @ForAll("values") Object b, @ForAll boolean transaction,
            @ForAll("sql") String sql) throws IOException {
        WriteBatch batch = new WriteBatch(transaction, List.of(new Statement(sql, new Object[] {a, b}), new Statement("DELETE FROM t", null)));
        WriteBatch back = WriteBatch.decode(new ByteArrayInputStream(batch.encode()));
        assertEquals(transaction, back.transaction());
        assertEquals(2, back.statements().size());
        assertEquals(sql, back.statements().get(0).sql());
        assertArrayEquals(new Object[] {a, b}, back.statements().get(0).params());
        assertEquals(0, back.statements().get(1).params().length);
    }

    @Provide
    Arbitrary<String> sql() {
        return Arbitraries.strings().ofMaxLength(200);
    }

    @Test
    void aTruncatedOrForeignEntry_isRefused() {
        byte[] bytes = new WriteBatch(true, List.of(new Statement("INSERT INTO t VALUES (?)", new Object[] {"x"}))).encode();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThrows(IOException.class, () -> WriteBatch.decode(new ByteArrayInputStream(cut)));
        bytes[0] = 9;
        assertThrows(IOException.class, () -> WriteBatch.decode(new ByteArrayInputStream(bytes)));
    }

    @Test
    void aParameterTypeTheLogCannotCarry_isRefusedNamingIt() {
        List<Statement> s = new ArrayList<>();
        s.add(new Statement("INSERT INTO t VALUES (?)", new Object[] {new StringBuilder("x")}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WriteBatch(false, s).encode());
        assertEquals(true, e.getMessage().contains("StringBuilder"), e.getMessage());
    }

    @Test
    void aFailure_travelsAsTheSameKindOfException() throws IOException {
        ApplyOutcome failed = ApplyOutcome.failed(2, new SQLIntegrityConstraintViolationException("UNIQUE constraint failed: t.id", "23000"));
        ApplyOutcome back = ApplyOutcome.decode(failed.encode());
        assertEquals(2, back.failedIndex());
        assertEquals(SQLIntegrityConstraintViolationException.class, back.exception().getClass());
        assertEquals("23000", back.exception().getSQLState());
        assertArrayEquals(new long[] {1, 0, 7}, ApplyOutcome.decode(ApplyOutcome.ok(new long[] {1, 0, 7}).encode()).changed());
    }
}
