package io.lumosdb.bench;

import static io.lumosdb.bench.PrintedMarkdown.number;
import static io.lumosdb.bench.PrintedMarkdown.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks from rotting: every benchmark and runner runs once, briefly, on small data,
 * in the normal build. It asserts that they run, that their answer checks pass, and that each runner's
 * report says what it should: its tables, numbers that parse, ratios above zero, answers that agree. Speed
 * is measured by running them for real (docs/benchmarks.md).
 */
class BenchmarkSmokeTest {
    @TempDir
    Path dir;

    private static Collection<RunResult> runBriefly(OptionsBuilder options) throws Exception {
        // these runs check that the benchmarks work, they measure nothing: a JMH measuring elsewhere on the
        // machine (its lock, /tmp/jmh.lock) must not fail the build, nor does this run disturb it much
        System.setProperty("jmh.ignoreLock", "true");
        return new Runner(options.forks(0).warmupIterations(0).measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200)).shouldFailOnError(true).build()).run();
    }

    @Test
    void jmhBenchmarksRunOnSmallData() throws Exception {
        OptionsBuilder sized = new OptionsBuilder();
        sized.include(AggregateBenchmark.class.getName()).param("rows", "4000");
        Collection<RunResult> results = runBriefly(sized);
        assertEquals(3, results.size());
        OptionsBuilder cached = new OptionsBuilder();
        cached.include(PointLookupBenchmark.class.getName()).param("rows", "4000").param("hot", "500");
        results.addAll(runBriefly(cached));
        OptionsBuilder q1 = new OptionsBuilder();
        q1.include(CachedQueryBenchmark.class.getName()).param("sf", "0.01"); // raw DuckDB loads every table: partsupp needs 0.01
        results.addAll(runBriefly(q1));
        OptionsBuilder vectors = new OptionsBuilder();
        vectors.include(VectorSearchBenchmark.class.getName()).param("vectors", "500").param("dims", "16");
        results.addAll(runBriefly(vectors));
        OptionsBuilder memory = new OptionsBuilder();
        memory.include(MemoryRecallBenchmark.class.getName()).param("personas", "1");
        results.addAll(runBriefly(memory));
        OptionsBuilder adHoc = new OptionsBuilder();
        adHoc.include(AdHocQueryBenchmark.class.getName()).param("rows", "4000");
        results.addAll(runBriefly(adHoc));
        OptionsBuilder jdbc = new OptionsBuilder();
        jdbc.include(JdbcPointLookupBenchmark.class.getName()).param("rows", "4000");
        results.addAll(runBriefly(jdbc));
        OptionsBuilder telemetry = new OptionsBuilder();
        telemetry.include(MetricsOverheadBenchmark.class.getName()).param("hot", "500");
        results.addAll(runBriefly(telemetry));
        OptionsBuilder sideBySide = new OptionsBuilder();
        sideBySide.include(MetricsSideBySideBenchmark.class.getName()).param("keys", "500");
        Collection<RunResult> alternating = runBriefly(sideBySide);
        for (RunResult r : alternating) {
            for (String side : new String[] {"offNanos", "againstNanos"}) {
                assertTrue(r.getSecondaryResults().get(side).getScore() > 0, r.getParams() + " timed nothing as " + side);
            }
        }
        results.addAll(alternating);
        assertEquals(3 + 5 + 3 + 6 + 2 + 4 + 4 + 3 + 2, results.size(), "every benchmark on every engine");
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams() + " scored nothing");
        }
    }

    /** Each runner, run once on small data, prints its report: the tables are there, the numbers parse and make sense. */
    @Test
    void runnersRunOnSmallData() throws Exception {
        syncRunnerReport(PrintedMarkdown.of(() -> SyncRunner.main(new String[] {"5000", "200", "1"})));
        quickStartReport(PrintedMarkdown.of(() -> QuickStart.main(new String[] {dir.resolve("quickstart").toString()})));
        cacheHitRatioReport(PrintedMarkdown.of(() -> CacheHitRatioRunner.main(new String[] {"3000", "3000", "200000", "0.99"})));
        vectorReport(PrintedMarkdown.of(() -> VectorRunner.main(new String[] {"1500", "32", "20", "0.05"})));
        memoryReport(PrintedMarkdown.of(() -> MemoryRunner.main(new String[] {"400", "20"})));
        longConversationReport(PrintedMarkdown.of(() -> LongConversationRecallRunner.main(new String[] {"1", "26"})));
        serverLoadReport(PrintedMarkdown.of(() -> ServerLoadRunner.main(new String[] {"2000", "300", "16", "1", "300", "1", "4"})));
    }

    private static void serverLoadReport(PrintedMarkdown out) {
        out.assertContains("## Server over HTTP: 2,000 rows, 300 x 16 vectors, ");
        List<List<String>> rows = out.table("| operation | HTTP, 4 connections: req/s | p50 ms | p99 ms | embedded, 1 thread: ops/s | p50 ms"
                + " | p99 ms | embedded, 4 threads: ops/s | p50 ms | p99 ms | HTTP / embedded (4 threads) | wrk, 4 connections: req/s"
                + " | p50 ms | p99 ms |");
        assertEquals(List.of("point lookup", "analytical query", "vector search", "memory recall"),
                rows.stream().map(r -> r.get(0).replaceAll(" \\(.*", "")).toList());
        for (List<String> row : rows) {
            for (int setup = 0; setup < 3; setup++) {
                double rate = number(row.get(1 + 3 * setup));
                double p50 = number(row.get(2 + 3 * setup));
                double p99 = number(row.get(3 + 3 * setup));
                assertTrue(rate > 0 && p50 > 0 && p50 <= p99, "setup " + setup + ": " + row);
            }
            assertTrue(number(row.get(10)) > 0, row.toString());
            if (WrkLoad.binary().isPresent()) { // .ci/run installs wrk
                double rate = number(row.get(11));
                assertTrue(rate > 0 && number(row.get(12)) > 0 && number(row.get(12)) <= number(row.get(13)), "wrk: " + row);
            } else {
                assertEquals("wrk not installed", row.get(11), row.toString());
            }
        }
    }

    private static void syncRunnerReport(PrintedMarkdown out) {
        out.assertContains("## Apply throughput, 5,000-row bulk insert (median of 5 rounds after 1 warm-up)");
        List<List<String>> apply = out.table("| path | seconds | rows/s | each round, s |");
        assertEquals(List.of("raw DuckDB appender (rows from memory)", "Lumos: SQLite INSERT ... SELECT with capture",
                "Lumos: apply to DuckDB (scan + staged append + checkpoint)", "Lumos: open with the replica deleted, until rebuilt"),
                apply.stream().map(r -> r.get(0)).toList());
        for (List<String> row : apply) {
            assertTrue(number(row.get(1)) >= 0 && number(row.get(2)) > 0, row.toString());
            assertEquals(5, numbers(row.get(3)).length, "a time for each round: " + row);
        }
        for (String ratio : new String[] {"Apply", "Rebuild"}) {
            List<String> found = out.find("^" + ratio + " / raw appender: ([0-9.]+)x the raw rate \\(each round: (.*)\\)$");
            assertTrue(number(found.get(0)) > 0, ratio + " ratio: " + found);
            double[] rounds = numbers(found.get(1));
            assertEquals(5, rounds.length, found.get(1));
            assertTrue(Arrays.stream(rounds).allMatch(r -> r > 0), found.get(1));
        }
        String[] readers = {"0 analytical readers (back to back)", "2 analytical readers (20 queries/s each)",
            "2 analytical readers (back to back)"};
        List<List<List<String>>> lags = out.tables("| lag | ms |");
        assertEquals(readers.length, lags.size(), "a lag table for each reader set-up");
        for (int i = 0; i < readers.length; i++) {
            out.assertContains("## Freshness lag at 200 writes/s for 1 s, " + readers[i]);
            List<List<String>> lag = lags.get(i);
            assertEquals(List.of("p50", "p99", "max"), lag.stream().map(r -> r.get(0)).toList());
            double p50 = number(lag.get(0).get(1));
            double p99 = number(lag.get(1).get(1));
            assertTrue(0 <= p50 && p50 <= p99 && p99 <= number(lag.get(2).get(1)), lag.toString());
        }
        List<String> rates = out.find("^achieved write rate: ([0-9,]+) writes/s; analytical reads: ([0-9,]+)/s$");
        assertTrue(number(rates.get(0)) > 0, rates.toString());
    }

    private static void quickStartReport(PrintedMarkdown out) {
        out.assertContains("loaded 50,000 orders into ");
        assertEquals("key lookup: orders.id (primary key)", out.find("^== key lookup: OLTP in [0-9.]+ ms\\n   why: (.*)$").get(0));
        out.find("^   \\[42, customer-\\d+, [0-9.]+, 2024-01-01 00:42:00\\]$");
        assertTrue(out.find("^== top customers: OLTP in [0-9.]+ ms\\n   why: (.*)$").get(0).startsWith("uses round()"));
        assertTrue(out.find("^== top customers, seconds after a write: OLAP in [0-9.]+ ms\\n   why: (.*)$").get(0)
                .startsWith("GROUP BY, count(), sum() over large table orders ~50,001 rows"));
        // the same five customers on both engines; SQLite's rounded totals are DuckDB's sums, rounded
        List<String[]> rounded = topCustomers(out, "top customers: OLTP");
        List<String[]> summed = topCustomers(out, "top customers, seconds after a write: OLAP");
        assertEquals(5, rounded.size());
        assertEquals(rounded.stream().map(r -> r[0] + " " + r[1]).toList(), summed.stream().map(r -> r[0] + " " + r[1]).toList());
        for (int i = 0; i < rounded.size(); i++) {
            assertEquals(Double.parseDouble(rounded.get(i)[2]), Double.parseDouble(summed.get(i)[2]), 0.5 + 1e-6, rounded.get(i)[0]);
        }
        assertEquals("requested by the caller (Route.OLTP)", out.find("^== forced onto SQLite: OLTP in [0-9.]+ ms\\n   why: (.*)$").get(0));
        out.find("^   count\\(\\*\\)\\n   \\[1\\]$"); // the order written after the load
        out.assertContains("explain: OLAP: avg() over large table orders");
    }

    /** The rows (customer, orders, total) listed under the block {@code == title in ...}. */
    private static List<String[]> topCustomers(PrintedMarkdown out, String title) {
        String block = out.find("^== " + Pattern.quote(title) + " in [0-9.]+ ms\\n   why: .*\\n   customer \\| orders \\| total\\n((?:   \\[.*\\]\\n)+)").get(0);
        return block.lines().map(l -> l.trim().replaceAll("^\\[|\\]$", "").split(", ")).toList();
    }

    private static void cacheHitRatioReport(PrintedMarkdown out) {
        out.assertContains("Zipf(0.99) over 3,000 keys, 3,000 reads, budget 200,000 bytes");
        List<List<String>> levels = out.table("| levels | hit ratio | entries held |");
        assertEquals(List.of("L1 only", "L1 (1/4) + L2 (3/4)"), levels.stream().map(r -> r.get(0)).toList());
        for (List<String> row : levels) {
            double ratio = number(row.get(1));
            assertTrue(ratio > 0 && ratio <= 1, row.toString());
            assertTrue(Arrays.stream(row.get(2).split(" \\+ ")).mapToDouble(PrintedMarkdown::number).allMatch(n -> n > 0), row.toString());
        }
    }

    private static void vectorReport(PrintedMarkdown out) {
        out.assertContains("## Vector search: 1,500 x 32 clustered vectors, 20 queries, k=10, M=16, efConstruction=200");
        List<List<String>> filtered = out.table("| filter selects | strategy | p50 ms | p99 ms | recall@10 |");
        assertEquals(List.of("1%", "10%", "50%"), filtered.stream().map(r -> r.get(0)).toList());
        for (List<String> row : filtered) {
            double recall = number(row.get(4));
            assertTrue(number(row.get(2)) <= number(row.get(3)) && recall >= 0 && recall <= 1, row.toString());
            if (row.get(1).equals("EXACT_SCAN")) {
                assertEquals(1.0, recall, "an exact scan finds the exact top 10: " + row);
            }
        }
        List<List<String>> lucene = out.table("| Lucene filter selects | p50 ms | p99 ms |");
        assertEquals(List.of("1%", "10%", "50%"), lucene.stream().map(r -> r.get(0)).toList());
        for (String opened : new String[] {"snapshot save", "open with the snapshot \\(load\\)", "open without it \\(rebuild from SQLite\\)"}) {
            assertTrue(out.matchedNumber("^" + opened + ": ([0-9.]+) s$") >= 0, opened);
        }
        assertTrue(out.matchedNumber("^build: Lumos-DB [0-9.]+ s \\(([0-9,]+) vectors/s") > 0);
        out.find("^heap per vector \\(32 floats = 128 bytes raw\\): Lumos-DB (-?[0-9,]+) B, hnswlib-core (-?[0-9,]+) B, Lucene (-?[0-9,]+) B$");
        List<List<String>> qps = out.table("| ef | Lumos-DB recall | Lumos-DB QPS | hnswlib-core recall | hnswlib-core QPS | Lucene recall | Lucene QPS |");
        assertEquals(List.of("16", "32", "64", "128", "256"), qps.stream().map(r -> r.get(0)).toList());
        for (List<String> row : qps) {
            for (int engine = 0; engine < 3; engine++) {
                double recall = number(row.get(1 + 2 * engine));
                assertTrue(recall >= 0 && recall <= 1 && number(row.get(2 + 2 * engine)) > 0, row.toString());
            }
        }
        List<String> widest = qps.get(qps.size() - 1);
        for (int engine = 0; engine < 3; engine++) {
            assertTrue(number(widest.get(1 + 2 * engine)) >= 0.9, "at ef 256 every engine agrees with the exact top 10: " + widest);
        }
    }

    /** One conversation per split: every figure a share, and the default ahead of each single signal on its own. */
    private static void longConversationReport(PrintedMarkdown out) {
        out.find("^Tuning split: 1 conversations, (\\d+) turns, (\\d+) questions$");
        out.find("^Test split: 1 conversations, (\\d+) turns, (\\d+) questions$");
        String header = out.find("^(\\| configuration \\| all: R@5 / R@10 / MRR \\|.*)$").get(0);
        List<List<String>> rows = out.tables(header).get(0);
        java.util.Map<String, double[]> all = new java.util.HashMap<>();
        for (List<String> row : rows) {
            for (int kind = 1; kind <= 5; kind++) {
                double[] v = numbers(row.get(kind));
                assertEquals(3, v.length, row.toString());
                assertTrue(Arrays.stream(v).allMatch(x -> x >= 0 && x <= 1) && v[0] <= v[1], "R@5 <= R@10, shares: " + row);
            }
            all.put(row.get(0), numbers(row.get(1)));
        }
        double best = all.get("default, rememberSession")[1];
        assertTrue(best > all.get("dense only")[1] && best > all.get("BM25 only")[1], all.keySet() + ": " + best);
    }

    private static void memoryReport(PrintedMarkdown out) {
        List<String> stored = out.find("^Agent memory: (\\d+) memories stored \\((\\d+) users; near-duplicates merged\\), 20 recalls$");
        assertTrue(number(stored.get(0)) > 0 && number(stored.get(0)) <= 400 && number(stored.get(1)) > 0, stored.toString());
        List<List<String>> measures = out.table("| measure | value |");
        assertEquals(9, measures.size(), measures.toString());
        for (List<String> row : measures) {
            double[] values = numbers(row.get(1));
            assertTrue(Arrays.stream(values).allMatch(v -> v > 0), row.toString());
            if (values.length == 2) {
                assertTrue(values[0] <= values[1], "p50 <= p99: " + row);
            }
        }
        assertTrue(measures.stream().anyMatch(r -> r.get(0).equals("remember / embedder") && r.get(1).endsWith("x")), measures.toString());
    }

    @Test
    void theSuiteRunsEverySectionAndTheFacadeAnswersTpchAsRawDuckDB() throws Exception {
        // TPC-H at SF 0.01: below it the generator repeats partsupp keys
        String markdown = BenchmarkSuite.run(BenchmarkSuite.SMOKE, "smoke");
        for (String op : new String[] {"insert", "insertBatch", "pointSelect", "rangeScan", "update"}) {
            assertTrue(markdown.contains("| " + op + " | "), "OLTP row " + op + ": " + markdown);
        }
        assertTrue(markdown.contains("| Q22 |"), markdown);
        assertTrue(markdown.contains("| yes |") && !markdown.contains("**no**"), "the facade's TPC-H answers equal raw DuckDB's: " + markdown);
        assertTrue(markdown.matches("(?s).*raw DuckDB time / Lumos-DB time: \\d+\\.\\d\\dx on a file like the replica \\(target >= 0\\.95x\\),"
                + " \\d+\\.\\d\\dx in memory\\..*"), "TPC-H against raw DuckDB on a file and in memory: " + markdown);
        assertTrue(markdown.contains("| Lumos-DB | 1 | 1 |") && markdown.contains("| DuckDB alone | 0 | 1 |"), markdown);
        for (String setup : new String[] {"Lumos-DB", HtapRunner.SAMPLED, "SQLite alone", "DuckDB alone"}) { // E for each setup, from the one run
            assertTrue(markdown.matches("(?s).*\\| " + setup + " \\| \\d+\\.\\d\\d \\| \\d+\\.\\d\\d \\| \\*\\*\\d+\\.\\d\\d\\*\\* \\|.*"),
                    "HTAP efficiency of " + setup + ": " + markdown);
        }
        assertTrue(markdown.contains("HTAP efficiency E =") && markdown.contains("freshness lag under the mixed load"), markdown);
        assertTrue(markdown.matches("(?s).*\\| Lumos-DB \\| 1 \\| 1 \\| [\\d,]+ \\| [\\d.,]+ \\| - \\|.*")
                && markdown.matches("(?s).*\\| " + HtapRunner.SAMPLED + " \\| 1 \\| 1 \\| [\\d,]+ \\| [\\d.,]+ \\| [\\d.]+ / .*"),
                "the lag is sampled in the second mixed run only: " + markdown);
        assertTrue(markdown.contains("SQLite 3.") && markdown.matches("(?s).*DuckDB v\\d+\\..*"), "engine versions: " + markdown);
    }

    @Test
    void theSuiteRewritesOnlyItsProfilesSection() {
        String doc = "# Benchmarks\n\nintro\n\n## Not measured yet\n\nlater\n";
        String once = BenchmarkSuite.rewrite(doc, "quick", "## Suite results: quick\n\nfirst\n");
        assertTrue(once.startsWith("# Benchmarks\n\nintro\n\n" + BenchmarkSuite.beginMarker("quick")), once);
        assertTrue(once.endsWith(BenchmarkSuite.endMarker("quick") + "\n\n## Not measured yet\n\nlater\n"), once);
        String full = BenchmarkSuite.rewrite(once, "full", "## Suite results: full\n\nbig\n");
        String again = BenchmarkSuite.rewrite(full, "quick", "## Suite results: quick\n\nsecond\n");
        assertTrue(again.contains("second") && !again.contains("first") && again.contains("big"), again);
        assertEquals(again, BenchmarkSuite.rewrite(again, "quick", "## Suite results: quick\n\nsecond\n"), "rewriting is idempotent");
        assertEquals(full.length() - "first".length() + "second".length(), again.length(), "nothing else changed: " + again);
    }

    @Test
    void memoryQualityRunsAndEveryConfigurationIsScored() throws Exception {
        java.util.List<MemoryQualityRunner.Score> scores = MemoryQualityRunner.run(3, 7, io.lumosdb.memory.Embedder.byDefault(), false);
        assertTrue(scores.size() == 4, "dense, BM25, hybrid, default: " + scores);
        for (MemoryQualityRunner.Score s : scores) {
            assertTrue(s.at(5) >= 0 && s.at(5) <= s.at(10) && s.at(10) <= 1, s.name() + " " + s.byCategory());
        }
        assertTrue(MemoryQualityRunner.table(scores, 3, 7).contains("| dense |"));
    }
}
