package io.lumosdb.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What each piece of the read path's metrics costs on its own, on a Prometheus registry: a timer with and
 * without a percentile histogram, a counter increment, and a pair of {@code System.nanoTime()} calls. It
 * explains {@link MetricsOverheadBenchmark}'s difference (docs/benchmarks.md, "Metrics overhead").
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar MetricsPartsBenchmark -f 2 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MetricsPartsBenchmark {
    PrometheusMeterRegistry registry;
    Timer withHistogram;
    Timer plain;
    Counter counter;
    long nanos = 700;

    @Setup
    public void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        withHistogram = Timer.builder("lumos.query").tag("route", "oltp").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(500)).maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
        plain = Timer.builder("plain").register(registry);
        counter = Counter.builder("lumos.query.rows").register(registry);
    }

    @Benchmark
    public void timerWithHistogram() {
        withHistogram.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void timerWithoutHistogram() {
        plain.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public void counterIncrement() {
        counter.increment();
    }

    @Benchmark
    public long nanoTimePair() {
        long start = System.nanoTime();
        return System.nanoTime() - start;
    }
}
