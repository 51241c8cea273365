package io.lumosdb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks from rotting: every benchmark and runner runs once, briefly, on small data,
 * in the normal build. It asserts only that they run and that their answer checks pass; speed is
 * measured by running them for real (docs/benchmarks.md).
 */
class BenchmarkSmokeTest {
    @TempDir
    Path dir;

    private static Collection<RunResult> runBriefly(OptionsBuilder options) throws Exception {
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
        assertEquals(3 + 4 + 3 + 6 + 2 + 2, results.size(), "every benchmark on every engine");
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams() + " scored nothing");
        }
    }

    @Test
    void runnersRunOnSmallData() throws Exception {
        SyncRunner.main(new String[] {"5000", "200", "1"});
        QuickStart.main(new String[] {dir.resolve("quickstart").toString()});
        CacheHitRatioRunner.main(new String[] {"3000", "3000", "200000", "0.99"});
        VectorRunner.main(new String[] {"1500", "32", "20", "0.05"});
        MemoryRunner.main(new String[] {"400", "20"});
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
        assertTrue(markdown.contains("| Lumos-DB | 1 | 1 |") && markdown.contains("| DuckDB alone | 0 | 1 |"), markdown);
        assertTrue(markdown.contains("Lumos-DB mixed against the best solo figures"), markdown);
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
