package io.lumosdb.memory;

import io.lumosdb.LumosMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The agent memory's Micrometer meters, in the database's registry and with its {@code database} tag
 * (docs/observability.md lists them with their units). All are registered when the memory opens, not on first
 * use, so that dashboards find every series from the first scrape, and removed when it closes; timers publish
 * histograms like the database's own. Tags have two or three values each: never a user, a query or a text.
 *
 * <p>A recall or an embedder call costs one {@code nanoTime} pair (taken by the caller) and one array lookup
 * and record here: the meters are resolved once, in the constructor.
 */
final class MicrometerMemoryTelemetry implements MemoryTelemetry {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer[] recalls; // [current, history]
    private final Timer[] writes; // [Write]
    private final Timer[] embedTimes; // [EmbedFor]
    private final DistributionSummary[] embedTexts; // [EmbedFor]

    MicrometerMemoryTelemetry(LumosMetrics metrics, String database) {
        this.registry = metrics.registry();
        Tags base = Tags.of("database", database);
        recalls = new Timer[2];
        for (int i = 0; i < recalls.length; i++) {
            recalls[i] = keep(Timer.builder("lumos.memory.recall").description("recalls: embedding the question, searching, ranking")
                    .tags(base).tag("mode", i == 0 ? "current" : "history").publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry));
        }
        Write[] kinds = Write.values();
        writes = new Timer[kinds.length];
        for (Write w : kinds) {
            writes[w.ordinal()] = keep(Timer.builder("lumos.memory.remember").description("writes of memories, embedding included")
                    .tags(base).tag("operation", tag(w)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofMinutes(5)).register(registry));
        }
        EmbedFor[] purposes = EmbedFor.values();
        embedTimes = new Timer[purposes.length];
        embedTexts = new DistributionSummary[purposes.length];
        for (EmbedFor p : purposes) {
            embedTimes[p.ordinal()] = keep(Timer.builder("lumos.memory.embed").description("calls of the embedder (texts the cache held are not embedded)")
                    .tags(base).tag("operation", tag(p)).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(10_000)).maximumExpectedValue(Duration.ofMinutes(5)).register(registry));
            embedTexts[p.ordinal()] = keep(DistributionSummary.builder("lumos.memory.embed.texts").description("texts per call of the embedder")
                    .baseUnit("texts").tags(base).tag("operation", tag(p)).publishPercentileHistogram()
                    .minimumExpectedValue(1.0).maximumExpectedValue((double) AgentMemoryEmbeddings.BATCH).register(registry));
        }
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    @Override
    public void recalled(boolean history, long nanos) {
        recalls[history ? 1 : 0].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void remembered(Write write, long nanos) {
        writes[write.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void embedded(EmbedFor purpose, int texts, long nanos) {
        embedTimes[purpose.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
        embedTexts[purpose.ordinal()].record(texts);
    }

    @Override
    public void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
