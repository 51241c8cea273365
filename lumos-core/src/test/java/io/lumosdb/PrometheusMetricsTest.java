package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read metrics on a Prometheus registry, where a {@link ReadRecorder} counts reads and
 * {@link PrometheusReads} publishes them: the scrape must show exactly what was read, under the series and
 * labels Micrometer's own timer would have.
 */
class PrometheusMetricsTest {
    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)\\} (\\S+)$");

    @TempDir
    Path dir;

    private LumosDB open(String name, PrometheusMeterRegistry registry) throws SQLException {
        return LumosDB.builder().directory(dir.resolve(name)).largeTableRows(10).metrics(LumosMetrics.of(registry)).open();
    }

    /** The samples of a scrape: "name{labels}" (labels without le unless kept) to value. */
    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.matches()) {
                out.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }

    @Test
    void reads_areCountedExactly_inTheSeriesMicrometersTimerWouldPublish() throws SQLException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LumosDB db = open("db", registry)) {
            assertTrue(registry.scrape().contains("lumos_query_seconds_count{cache=\"l1\",database=\"db\",route=\"olap\"} 0"),
                    "every series is there from open, at zero:\n" + registry.scrape());
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v DOUBLE)");
            for (int i = 0; i < 50; i++) {
                db.update("INSERT INTO t VALUES (?, ?)", i, i * 1.5);
            }
            db.sync().awaitCaughtUp(Duration.ofMinutes(2));
            List<QueryResult> lookups = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                lookups.add(db.query("SELECT v FROM t WHERE id = ?", i)); // five different keys: five engine reads
            }
            QueryResult hit = db.query("SELECT v FROM t WHERE id = ?", 3);
            assertEquals(1, hit.cacheLevel());
            QueryResult olap = db.query("SELECT sum(v), count(*) FROM t");
            assertEquals(Route.OLAP, olap.route());

            Map<String, Double> s = samples(registry.scrape());
            String oltpNone = "{cache=\"none\",database=\"db\",route=\"oltp\"}";
            assertEquals(5.0, s.get("lumos_query_seconds_count" + oltpNone));
            assertEquals(1.0, s.get("lumos_query_seconds_count{cache=\"l1\",database=\"db\",route=\"oltp\"}"));
            assertEquals(1.0, s.get("lumos_query_seconds_count{cache=\"none\",database=\"db\",route=\"olap\"}"));
            assertEquals(5.0, s.get("lumos_query_seconds_bucket{cache=\"none\",database=\"db\",route=\"oltp\",le=\"+Inf\"}"));
            long sum = lookups.stream().mapToLong(r -> r.elapsed().toNanos()).sum();
            long max = lookups.stream().mapToLong(r -> r.elapsed().toNanos()).max().orElseThrow();
            assertEquals(sum / 1e9, s.get("lumos_query_seconds_sum" + oltpNone), 1e-9, "the sum is the reads' own times");
            assertEquals(max / 1e9, s.get("lumos_query_seconds_max" + oltpNone), 1e-9, "the max is the slowest read");
            assertEquals(6.0, s.get("lumos_query_rows_total{database=\"db\",route=\"oltp\"}"), "a row a lookup, and the hit's");
            assertEquals(1.0, s.get("lumos_query_rows_total{database=\"db\",route=\"olap\"}"));
            assertEquals(6.0, s.get("lumos_route_decisions_total{database=\"db\",reason=\"key_lookup\",route=\"oltp\"}"));
            assertEquals(1.0, s.get("lumos_route_decisions_total{database=\"db\",reason=\"analytics\",route=\"olap\"}"));
            // each read in the bucket its time belongs to: cumulative counts step up where a read's time is
            for (QueryResult r : lookups) {
                long nanos = r.elapsed().toNanos();
                int b = ReadRecorder.bucket(nanos);
                assertTrue(b == ReadRecorder.BUCKETS - 1 || ReadRecorder.UPPER_BOUNDS_NANOS[b] >= nanos);
            }
        }
    }

    @Test
    void theSeries_matchMicrometersTimer_withCommonTags() throws SQLException {
        PrometheusMeterRegistry reference = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        reference.config().commonTags("app", "shop");
        Timer.builder("lumos.query").description("reads: from the call to its rows, by route and cache level").tag("database", "db")
                .tag("route", "oltp").tag("cache", "none").publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(500))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(reference).record(3, TimeUnit.MICROSECONDS);

        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("app", "shop");
        try (LumosDB db = open("db", registry)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
            db.query("SELECT id FROM t WHERE id = ?", 1);
            assertEquals(shapes(reference.scrape(), "oltp\",cache=\"none"), shapes(registry.scrape(), "oltp\",cache=\"none"),
                    "the same series names, labels and types as Micrometer's timer");
        }
    }

    /** The lines of {@code lumos_query_seconds*} for one series, values and le values dropped: their shape. */
    private static Set<String> shapes(String scrape, String ignored) {
        Set<String> out = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.contains("lumos_query_seconds") && (line.startsWith("#") || line.contains("cache=\"none\"") && line.contains("route=\"oltp\""))) {
                out.add(line.startsWith("#") ? line : line.replaceAll("le=\"[^\"]*\"", "le").replaceAll("\\} .*$", "}"));
            }
        }
        return out;
    }

    @Test
    void twoDatabases_shareTheRegistry_andEachTakesItsSeriesAwayAtClose() throws SQLException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LumosDB a = open("a", registry);
        try (LumosDB b = open("b", registry)) {
            a.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
            b.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
            a.query("SELECT id FROM t WHERE id = ?", 1);
            b.query("SELECT id FROM t WHERE id = ?", 1);
            b.query("SELECT id FROM t WHERE id = ?", 2);
            Map<String, Double> s = samples(registry.scrape());
            assertEquals(1.0, s.get("lumos_query_seconds_count{cache=\"none\",database=\"a\",route=\"oltp\"}"));
            assertEquals(2.0, s.get("lumos_query_seconds_count{cache=\"none\",database=\"b\",route=\"oltp\"}"));
            a.close();
            String after = registry.scrape();
            assertFalse(after.contains("database=\"a\""), "a's series are gone with it:\n" + after);
            assertTrue(after.contains("lumos_query_seconds_count{cache=\"none\",database=\"b\",route=\"oltp\"} 2"));
        } finally {
            a.close();
        }
        assertFalse(registry.scrape().contains("lumos_query"), "no read series after the last close:\n" + registry.scrape());
    }

    @Test
    void readsOfThreadsThatEnded_stayCounted() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("db")).cache(io.lumosdb.cache.CacheSettings.disabled())
                .metrics(LumosMetrics.of(registry)).open()) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)");
            int threads = 12;
            int reads = 40;
            for (int round = 0; round < 2; round++) {
                List<Thread> started = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Thread t = new Thread(() -> {
                        for (int k = 0; k < reads; k++) {
                            try {
                                db.query("SELECT id FROM t WHERE id = ?", k);
                            } catch (SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }, "reader-" + round + "-" + i);
                    t.start();
                    started.add(t);
                }
                for (Thread t : started) {
                    t.join(TimeUnit.MINUTES.toMillis(2));
                    assertFalse(t.isAlive(), t.getName() + " ended");
                }
                double count = samples(registry.scrape()).get("lumos_query_seconds_count{cache=\"none\",database=\"db\",route=\"oltp\"}");
                assertEquals((round + 1) * threads * reads, count, 0.0, "every read of every thread, ended or not, round " + round);
            }
        }
    }
}
