package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lumosdb.memory.Memory;
import io.lumosdb.memory.MemoryKind;
import io.lumosdb.memory.Message;
import io.lumosdb.server.StoreChange;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The vector and memory log entry: every kind reads back the same, anything cut short or foreign is refused. */
class StoreChangeEntryTest {
    private static final StoreChange.Given GIVEN = new StoreChange.Given("m-1", new float[] {0.25f, -1f, 3.5f},
            Instant.parse("2026-12-04T10:15:30.123456789Z"));
    private static final Memory FULL = Memory.text("Priya: I painted the fence").user("alice").agent("planner").session("s-42")
            .at(Instant.parse("2023-05-08T13:56:00Z")).kind(MemoryKind.EVENT).importance(0.8).ttl(Duration.ofDays(90))
            .metadata(Map.of("source", "chat", "n", 3, "tags", List.of("a", "b")));

    private static List<StoreChange> everyKind() {
        return List.of(
                new StoreChange.CreateCollection("docs", VectorSpec.of(3, Metric.L2).withM(8).withEf(50)),
                new StoreChange.DropCollection("docs"),
                new StoreChange.UpsertPoints("docs", List.of(new VectorRecord("p1", new float[] {1, 0, 0.5f}, Map.of("lang", "en", "n", 2.5)),
                        new VectorRecord("p2", new float[] {0, 1, 0}, Map.of()))),
                new StoreChange.DeletePoint("docs", "p1"),
                new StoreChange.Remember(FULL, null),
                new StoreChange.Remember(Memory.text("plain"), GIVEN),
                new StoreChange.Forget("m-1"),
                new StoreChange.Supersede("m-1", Memory.text("Alice moved to Munich"), GIVEN),
                new StoreChange.AppendMessages("user:alice/s-42", List.of(Message.user("hi"),
                        new Message("assistant", "hello", Instant.parse("2026-01-02T03:04:05Z"), Map.of("model", "x", "tokens", 12))), null),
                new StoreChange.AppendMessages("s", List.of(Message.system("be brief")), GIVEN.now()));
    }

    @Test
    void everyKind_readsBackTheSame() throws IOException {
        for (StoreChange change : everyKind()) {
            byte[] bytes = StoreChangeEntry.encode(change);
            assertEquals(StoreChangeEntry.FORMAT, bytes[0]);
            StoreChange back = StoreChangeEntry.decode(new ByteArrayInputStream(bytes));
            assertEquals(change.getClass(), back.getClass());
            assertArrayEquals(bytes, StoreChangeEntry.encode(back), "re-encoded " + change);
        }
        StoreChange.Remember r = (StoreChange.Remember) StoreChangeEntry.decode(new ByteArrayInputStream(
                StoreChangeEntry.encode(new StoreChange.Remember(FULL, GIVEN))));
        assertEquals(FULL.toString(), r.memory().toString());
        assertEquals(Duration.ofDays(90), r.memory().ttl());
        assertEquals(FULL.at(), r.memory().at());
        assertEquals(0.8, r.memory().importance());
        assertEquals(MemoryKind.EVENT, r.memory().kind());
        assertEquals(Map.of("source", "chat", "n", 3, "tags", List.of("a", "b")), r.memory().metadata());
        assertArrayEquals(GIVEN.embedding(), r.given().embedding());
        assertEquals(GIVEN.now(), r.given().now());
        assertEquals("m-1", r.given().id());
        StoreChange.CreateCollection c = (StoreChange.CreateCollection) StoreChangeEntry.decode(new ByteArrayInputStream(
                StoreChangeEntry.encode(everyKind().get(0))));
        assertEquals(VectorSpec.of(3, Metric.L2).withM(8).withEf(50), c.spec());
        StoreChange.AppendMessages m = (StoreChange.AppendMessages) StoreChangeEntry.decode(new ByteArrayInputStream(
                StoreChangeEntry.encode(everyKind().get(8))));
        assertEquals(((StoreChange.AppendMessages) everyKind().get(8)).messages(), m.messages());
        assertEquals("user:alice/s-42", m.session());
        assertEquals(null, m.now());
        assertEquals(GIVEN.now(), ((StoreChange.AppendMessages) StoreChangeEntry.decode(new ByteArrayInputStream(
                StoreChangeEntry.encode(everyKind().get(9))))).now());
    }

    @Test
    void aTruncatedOrForeignEntry_isRefused() {
        for (StoreChange change : everyKind()) {
            byte[] bytes = StoreChangeEntry.encode(change);
            byte[] cut = Arrays.copyOf(bytes, bytes.length - 1);
            assertThrows(IOException.class, () -> StoreChangeEntry.decode(new ByteArrayInputStream(cut)), change.toString());
        }
        byte[] unknown = {StoreChangeEntry.FORMAT, 'Z'};
        assertThrows(IOException.class, () -> StoreChangeEntry.decode(new ByteArrayInputStream(unknown)));
        byte[] sql = new WriteBatch(false, List.of(new io.lumosdb.server.WriteExecutor.Statement("DELETE FROM t", null))).encode();
        assertThrows(IOException.class, () -> StoreChangeEntry.decode(new ByteArrayInputStream(sql)));
    }
}
