package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * The metrics' cost on a cached point lookup measured by JMH with both settings in the same fork: each
 * invocation runs a block of lookups on a database without telemetry, a block on one publishing to a
 * Prometheus registry ({@code against}: {@code metrics}, or {@code metrics+slowlog} with the slow-query log
 * on too), then the same two blocks in reverse order, and adds each side's time to a counter of its own
 * ({@code offNanos}, {@code againstNanos}: JMH reports their sums per iteration). Both sides run the same
 * number of lookups, so an iteration's {@code againstNanos / offNanos} is the overhead, free of what
 * separates the forks of {@link MetricsOverheadBenchmark} (up to 2x on 2 cores: the JIT's layout of a fork).
 *
 * <p>Run through JMH as usual, or through {@link #main} with JMH's options, which also prints the median and
 * quartiles of the per-iteration ratios (what docs/benchmarks.md reports):
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.MetricsSideBySideBenchmark -f 3 -wi 5 -i 10
 * java -jar lumos-bench/target/benchmarks.jar MetricsSideBySideBenchmark -p against=metrics+slowlog
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(3)
public class MetricsSideBySideBenchmark {
    /** Lookups per block: about a millisecond, so the clock's reads cost nothing against it. */
    static final int BLOCK = 1_000;

    @Param({"metrics", "metrics+slowlog"})
    public String against;

    @Param("10000")
    public int keys;

    LumosDB off;
    LumosDB measured;
    PrometheusMeterRegistry registry;
    final SplittableRandom random = new SplittableRandom(42);

    /** Each side's time in an iteration, summed by JMH (EVENTS) and reported next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SideTimes {
        public long offNanos;
        public long againstNanos;

        @Setup(Level.Iteration)
        public void clear() {
            offNanos = 0;
            againstNanos = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (!List.of("metrics", "metrics+slowlog").contains(against)) {
            throw new IllegalArgumentException("against must be metrics or metrics+slowlog, not " + against);
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        off = MetricsOverheadRunner.open("off", null, keys);
        measured = MetricsOverheadRunner.open(against, registry, keys);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (!registry.scrape().contains("lumos_query_seconds_count")) {
            throw new IllegalStateException("the registry has no query timer: metrics were not on");
        }
        off.close();
        measured.close();
    }

    /** Off, against, against, off: a drift of the machine's speed within the invocation weighs on both. */
    @Benchmark
    @OperationsPerInvocation(4 * BLOCK)
    public long alternate(SideTimes times) throws Exception {
        long t0 = System.nanoTime();
        long sink = MetricsOverheadRunner.lookups(off, BLOCK, keys, random);
        long t1 = System.nanoTime();
        sink += MetricsOverheadRunner.lookups(measured, BLOCK, keys, random);
        long t2 = System.nanoTime();
        sink += MetricsOverheadRunner.lookups(measured, BLOCK, keys, random);
        long t3 = System.nanoTime();
        sink += MetricsOverheadRunner.lookups(off, BLOCK, keys, random);
        long t4 = System.nanoTime();
        times.offNanos += (t1 - t0) + (t4 - t3);
        times.againstNanos += (t3 - t1);
        return sink;
    }

    /** Runs this benchmark with JMH's command-line options and prints the per-iteration ratios' median and quartiles. */
    public static void main(String[] args) throws Exception {
        var options = new CommandLineOptions(withThisBenchmark(args));
        for (RunResult run : new Runner(options).run()) {
            List<Double> ratios = new ArrayList<>();
            for (BenchmarkResult fork : run.getBenchmarkResults()) {
                for (IterationResult iteration : fork.getIterationResults()) {
                    double offNanos = iteration.getSecondaryResults().get("offNanos").getScore();
                    ratios.add(iteration.getSecondaryResults().get("againstNanos").getScore() / offNanos);
                }
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "%s against off: median %.3f, quartiles %.3f - %.3f over %d iterations in %d forks%n",
                    run.getParams().getParam("against"), sorted[sorted.length / 2], sorted[sorted.length / 4],
                    sorted[sorted.length * 3 / 4], sorted.length, run.getBenchmarkResults().size());
        }
    }

    private static String[] withThisBenchmark(String[] args) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = MetricsSideBySideBenchmark.class.getSimpleName();
        return all;
    }
}
