package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.LumosMetrics;
import io.lumosdb.QueryResult;
import io.lumosdb.cache.CacheSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What metrics cost on a cached point lookup, measured side by side in one JVM: a database of the same
 * table per setting ({@code off}: no telemetry; {@code metrics}: publishing to a Prometheus registry;
 * {@code metrics+slowlog}: the slow-query log on as well, at a threshold no lookup reaches); each round
 * times {@code lookups} cached lookups on each, half in order and half in the reverse order, and the
 * report gives the median per-lookup time of each and the median and quartiles of the per-round ratios
 * to the first setting.
 *
 * <p>Why besides {@link MetricsOverheadBenchmark}: JMH runs each setting in forks of its own, and on a
 * 2-core machine the forks of one setting spread by up to 2x (which compiled layout the JIT settles on),
 * far more than the 5% being measured. Here the settings share the JIT's code and the machine's moment,
 * so a round's ratio is the cost of the metrics' own work. Its bias is known: the read path's telemetry
 * calls see one receiver class per setting here where a real process sees one in all; compare two
 * settings at a time to keep those calls bimorphic (inlined behind a type check).
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.MetricsOverheadRunner [rounds] [lookups] [keys] [settings]
 * </pre>
 * Defaults: 90 rounds of 100,000 lookups over 10,000 cached keys, the first 30 rounds a warm-up; settings
 * {@code off,metrics}.
 */
public final class MetricsOverheadRunner {
    private static final String LOOKUP = MetricsOverheadBenchmark.LOOKUP;
    private MetricsOverheadRunner() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 90;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int keys = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        String[] settings = (args.length > 3 ? args[3] : "off,metrics").split(",");
        for (String setting : settings) {
            if (!List.of("off", "metrics", "metrics+slowlog").contains(setting)) {
                throw new IllegalArgumentException("unknown setting " + setting + ": off, metrics or metrics+slowlog");
            }
        }
        int warmup = rounds / 3;
        List<LumosDB> dbs = new ArrayList<>();
        List<PrometheusMeterRegistry> registries = new ArrayList<>();
        try {
            for (String setting : settings) {
                PrometheusMeterRegistry registry = setting.equals("off") ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                registries.add(registry);
                dbs.add(open(setting, registry, keys));
            }
            long[][] nanos = new long[settings.length][rounds - warmup];
            SplittableRandom random = new SplittableRandom(42);
            long sink = 0;
            for (int round = 0; round < rounds; round++) {
                // A B ... B A: each setting runs once on the way out and once on the way back, so a drift of
                // the machine's speed within the round weighs on all alike
                for (int k = 0; k < 2 * settings.length; k++) {
                    int s = k < settings.length ? k : 2 * settings.length - 1 - k;
                    long start = System.nanoTime();
                    sink += lookups(dbs.get(s), lookups / 2, keys, random);
                    long took = System.nanoTime() - start;
                    if (round >= warmup) {
                        nanos[s][round - warmup] += took;
                    }
                }
            }
            for (PrometheusMeterRegistry registry : registries) {
                if (registry != null && !registry.scrape().contains("lumos_query_seconds_count")) {
                    throw new IllegalStateException("the registry has no query series: metrics were not on");
                }
            }
            report(settings, nanos, rounds - warmup, lookups, keys, sink);
        } finally {
            for (LumosDB db : dbs) {
                db.close();
            }
        }
    }

    /** A database of {@code keys} cached rows with the telemetry of {@code setting}, publishing to {@code registry} if not null. */
    static LumosDB open(String setting, PrometheusMeterRegistry registry, int keys) throws Exception {
        Path dir = Files.createTempDirectory("lumos-metrics-ab-");
        var builder = LumosDB.builder().directory(dir).cache(CacheSettings.defaults());
        if (registry != null) {
            builder.metrics(LumosMetrics.of(registry));
        }
        if (setting.endsWith("slowlog")) {
            builder.slowQueryThreshold(Duration.ofSeconds(1));
        }
        return MetricsOverheadBenchmark.withCachedKeys(builder.open(), keys);
    }

    /** {@code count} cached lookups of random keys; returns a checksum of the answers. */
    static long lookups(LumosDB db, int count, int keys, SplittableRandom random) throws Exception {
        long sink = 0;
        for (int i = 0; i < count; i++) {
            QueryResult r = db.query(LOOKUP, 1 + random.nextInt(keys));
            sink += r.rows().get(0).getLong(0) + r.rows().get(0).getString(1).length();
        }
        return sink;
    }

    private static void report(String[] settings, long[][] nanos, int measured, int lookups, int keys, long sink) {
        System.out.printf(Locale.ROOT, "%nCached point lookups over %,d keys, %d measured rounds of %,d lookups per setting (checksum %d)%n%n",
                keys, measured, lookups, sink % 1000);
        System.out.println("| setting | median ns per lookup | median time / first | quartiles of the rounds' ratio |");
        System.out.println("|---|---:|---:|---|");
        for (int s = 0; s < settings.length; s++) {
            double[] ratios = new double[measured];
            for (int r = 0; r < measured; r++) {
                ratios[r] = (double) nanos[s][r] / nanos[0][r];
            }
            Arrays.sort(ratios);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.3f | %.3f – %.3f |%n", settings[s],
                    Percentiles.median(nanos[s]) / (double) lookups, ratios[measured / 2], ratios[measured / 4], ratios[measured * 3 / 4]);
        }
    }
}
