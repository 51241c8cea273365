package io.lumosdb;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The read timer {@code lumos.query} on a Prometheus registry, fed by a {@link ReadRecorder}: the same series
 * Micrometer's timer with a percentile histogram publishes ({@code lumos_query_seconds_bucket}, {@code _count},
 * {@code _sum}, and the gauge {@code lumos_query_seconds_max}, the largest read of the last one to two minutes),
 * written at scrape time into the registry's Prometheus collectors. The tags of each series are the ones the
 * registry gives a meter of that name (its common tags and filters applied), found by registering a probe
 * gauge and removing it again. Loaded only when the registry is Micrometer's Prometheus registry.
 *
 * <p>Several databases in one registry share one collector per metric name, as Micrometer's meters of one
 * name share one; each database adds its series when it opens and takes them out when it closes.
 */
final class PrometheusReads {
    static final String REGISTRY_CLASS = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";
    private static final long MAX_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final double[] UPPER_BOUNDS_SECONDS = upperBoundsSeconds();
    private static final Map<PrometheusRegistry, Collector> COLLECTORS = new WeakHashMap<>();

    private final PrometheusRegistry prometheus;
    private final Collector collector;
    private final Source source;

    private PrometheusReads(PrometheusRegistry prometheus, Collector collector, Source source) {
        this.prometheus = prometheus;
        this.collector = collector;
        this.source = source;
    }

    /** Whether {@code registry} is a Prometheus registry, found without loading Prometheus's classes. */
    static boolean supports(Object registry) {
        for (Class<?> c = registry.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(REGISTRY_CLASS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Publishes {@code recorder}'s reads in {@code registry} (a {@link #supports supported} one), with the
     * tags {@code base} plus route and cache level: {@code routes} and {@code levels} name them by index.
     */
    static PrometheusReads publish(MeterRegistry registry, Tags base, ReadRecorder recorder, List<String> routes, List<String> levels,
            String description) {
        PrometheusRegistry prometheus = ((PrometheusMeterRegistry) registry).getPrometheusRegistry();
        NamingConvention convention = registry.config().namingConvention();
        String name = null;
        Labels[][] labels = new Labels[routes.size()][levels.size()];
        for (int r = 0; r < routes.size(); r++) {
            for (int l = 0; l < levels.size(); l++) {
                Gauge probe = Gauge.builder("lumos.query", () -> 0).tags(base).tag("route", routes.get(r)).tag("cache", levels.get(l))
                        .register(registry);
                Meter.Id id = probe.getId();
                registry.remove(probe);
                name = convention.name(id.getName(), Meter.Type.TIMER, "seconds");
                List<String> keys = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (Tag t : id.getTagsAsIterable()) {
                    keys.add(convention.tagKey(t.getKey()));
                    values.add(convention.tagValue(t.getValue()));
                }
                labels[r][l] = Labels.of(keys, values);
            }
        }
        if (!name.endsWith("_seconds")) {
            name = name + "_seconds";
        }
        Source source = new Source(recorder, labels);
        Collector collector;
        synchronized (COLLECTORS) {
            collector = COLLECTORS.get(prometheus);
            if (collector == null || !collector.name.equals(name)) {
                collector = new Collector(name, description);
                prometheus.register(collector);
                COLLECTORS.put(prometheus, collector);
            }
            collector.sources.add(source);
        }
        return new PrometheusReads(prometheus, collector, source);
    }

    /** Takes this database's series out of the registry (and the collector, after the last database). */
    void remove() {
        synchronized (COLLECTORS) {
            collector.sources.remove(source);
            if (collector.sources.isEmpty() && COLLECTORS.get(prometheus) == collector) {
                prometheus.unregister(collector);
                COLLECTORS.remove(prometheus);
            }
        }
    }

    private static double[] upperBoundsSeconds() {
        long[] nanos = ReadRecorder.UPPER_BOUNDS_NANOS;
        double[] seconds = new double[nanos.length + 1];
        for (int i = 0; i < nanos.length; i++) {
            seconds[i] = nanos[i] / 1e9;
        }
        seconds[nanos.length] = Double.POSITIVE_INFINITY;
        return seconds;
    }

    /** One database's recorder and the labels of its series. */
    private static final class Source {
        final ReadRecorder recorder;
        final Labels[][] labels;
        /** The largest read per series in this window and the last; guarded by the collector. */
        final long[] windowMax;
        final long[] lastWindowMax;
        long windowStart = System.nanoTime();

        Source(ReadRecorder recorder, Labels[][] labels) {
            this.recorder = recorder;
            this.labels = labels;
            int series = labels.length * labels[0].length;
            windowMax = new long[series];
            lastWindowMax = new long[series];
        }

        /** The largest read per series over the last one to two minutes, in nanoseconds. */
        long[] maxima() {
            long[] drained = recorder.drainMaxima();
            long now = System.nanoTime();
            if (now - windowStart >= MAX_WINDOW_NANOS) {
                System.arraycopy(windowMax, 0, lastWindowMax, 0, windowMax.length);
                java.util.Arrays.fill(windowMax, 0);
                windowStart = now;
            }
            long[] max = new long[drained.length];
            for (int i = 0; i < drained.length; i++) {
                windowMax[i] = Math.max(windowMax[i], drained[i]);
                max[i] = Math.max(windowMax[i], lastWindowMax[i]);
            }
            return max;
        }
    }

    /** The histogram and its maximum for every database of one registry. */
    private static final class Collector implements MultiCollector {
        final String name;
        final String description;
        final List<Source> sources = new CopyOnWriteArrayList<>();

        Collector(String name, String description) {
            this.name = name;
            this.description = description;
        }

        @Override
        public synchronized MetricSnapshots collect() {
            HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(name).help(description);
            GaugeSnapshot.Builder maxima = GaugeSnapshot.builder().name(name + "_max").help(description);
            for (Source s : sources) {
                ReadRecorder.Totals totals = s.recorder.totals();
                long[] max = s.maxima();
                int levels = s.labels[0].length;
                for (int r = 0; r < s.labels.length; r++) {
                    for (int l = 0; l < levels; l++) {
                        long[] counts = new long[ReadRecorder.BUCKETS];
                        for (int b = 0; b < counts.length; b++) {
                            counts[b] = totals.bucketCount(r, l, b);
                        }
                        histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, counts))
                                .sum(totals.sumNanos(r, l) / 1e9).labels(s.labels[r][l]).build());
                        maxima.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(max[r * levels + l] / 1e9)
                                .labels(s.labels[r][l]).build());
                    }
                }
            }
            return MetricSnapshots.of(histogram.build(), maxima.build());
        }
    }
}
