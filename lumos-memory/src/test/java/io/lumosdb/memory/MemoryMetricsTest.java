package io.lumosdb.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.LumosMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent memory's meters in the registry of its database: registered at open, counted per call, removed at close. */
class MemoryMetricsTest {
    private static final Set<String> MEMORY_METERS = Set.of("lumos.memory.recall", "lumos.memory.remember", "lumos.memory.embed",
            "lumos.memory.embed.texts");

    @TempDir
    Path dir;

    private static Set<String> memoryMeters(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().map(m -> m.getId().getName()).filter(MEMORY_METERS::contains).collect(Collectors.toSet());
    }

    @Test
    void open_registersEveryMemoryMeterAtOnce_withTheDatabaseTag_andCloseRemovesThem() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("agent")).metrics(LumosMetrics.of(registry)).open()) {
            try (AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).open()) {
                assertEquals(0, memory.size());
                assertEquals(MEMORY_METERS, memoryMeters(registry), "before any call");
                assertEquals(2, registry.get("lumos.memory.recall").timers().size(), "mode current and history");
                assertEquals(3, registry.get("lumos.memory.remember").timers().size(), "remember, session, supersede");
                assertEquals(2, registry.get("lumos.memory.embed").timers().size(), "remember and recall");
                for (Meter m : registry.getMeters()) {
                    if (MEMORY_METERS.contains(m.getId().getName())) {
                        assertEquals("agent", m.getId().getTag("database"), m.getId().toString());
                        assertEquals(2, m.getId().getTags().size(), "database and one tag of few values: " + m.getId());
                    }
                }
                assertEquals(0, registry.get("lumos.memory.recall").tags("mode", "current").timer().count());
            }
            assertEquals(Set.of(), memoryMeters(registry), "closing the memory removes its meters");
            assertTrue(registry.find("lumos.query").timers().size() > 0, "the database's own stay until it closes");
        }
    }

    @Test
    void recallAndRemember_areTimed_andTheEmbedderCallsCountedByOperation() throws SQLException {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("agent")).metrics(LumosMetrics.of(registry)).open();
                AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).open()) {
            List<String> ids = memory.rememberAll(List.of(Memory.text("Alice moved to Berlin in May 2023").user("alice"),
                    Memory.text("Alice is allergic to peanuts").user("alice"), Memory.text("Bob plays the cello").user("bob")));
            memory.supersede(ids.get(0), Memory.text("Alice moved to Munich in 2024").at(Instant.parse("2024-03-01T00:00:00Z")));
            memory.recall(Recall.query("Where does Alice live?").user("alice"));
            memory.recall(Recall.query("Where does Alice live?").user("alice")); // the question's vector is cached now
            memory.recall(Recall.query("Where did Alice live?").user("alice").includeSuperseded());

            assertEquals(2, timer(registry, "lumos.memory.recall", "mode", "current").count());
            assertEquals(1, timer(registry, "lumos.memory.recall", "mode", "history").count());
            assertEquals(1, timer(registry, "lumos.memory.remember", "operation", "remember").count());
            assertEquals(1, timer(registry, "lumos.memory.remember", "operation", "supersede").count());
            assertEquals(0, timer(registry, "lumos.memory.remember", "operation", "session").count());

            Timer rememberEmbeds = timer(registry, "lumos.memory.embed", "operation", "remember");
            Timer recallEmbeds = timer(registry, "lumos.memory.embed", "operation", "recall");
            assertEquals(2, rememberEmbeds.count(), "one batch of three texts, then the replacement");
            assertEquals(2, recallEmbeds.count(), "two distinct questions; the repeated one came from the cache");
            DistributionSummary texts = registry.get("lumos.memory.embed.texts").tags("operation", "remember").summary();
            assertEquals(2, texts.count());
            assertEquals(4.0, texts.totalAmount(), 0.0, "3 + 1 texts");
            assertEquals(3.0, texts.max(), 0.0);
            assertEquals(2.0, registry.get("lumos.memory.embed.texts").tags("operation", "recall").summary().totalAmount(), 0.0);
            assertTrue(recallEmbeds.totalTime(TimeUnit.NANOSECONDS) > 0);
            assertTrue(timer(registry, "lumos.memory.recall", "mode", "history").max(TimeUnit.NANOSECONDS) > 0);

            memory.rememberSession(Transcript.of("s-1", List.of(Message.user("I bought a red bike"), Message.assistant("Nice!")))
                    .user("carol"));
            assertEquals(1, timer(registry, "lumos.memory.remember", "operation", "session").count());
            assertEquals(3, rememberEmbeds.count());
        }
    }

    @Test
    void aDatabaseWithoutMetrics_givesTheMemoryNoMeters() throws SQLException {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("plain")).open();
                AgentMemory memory = AgentMemory.builder(db).embedder(TestEmbedder.MINILM).open()) {
            memory.remember(Memory.text("Carol likes tea"));
            assertEquals("Carol likes tea", memory.recall(Recall.query("What does Carol drink?")).get(0).text());
        }
    }

    private static Timer timer(SimpleMeterRegistry registry, String name, String tag, String value) {
        return registry.get(name).tags(tag, value).timer();
    }
}
