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
        q1.include(CachedQueryBenchmark.class.getName()).param("sf", "0.002");
        results.addAll(runBriefly(q1));
        OptionsBuilder inserts = new OptionsBuilder();
        inserts.include(InsertBenchmark.class.getName());
        results.addAll(runBriefly(inserts));
        for (RunResult r : results) {
            assertTrue(r.getPrimaryResult().getScore() > 0, r.getParams() + " scored nothing");
        }
    }

    @Test
    void runnersRunOnSmallData() throws Exception {
        SyncRunner.main(new String[] {"5000", "200", "1"});
        QuickStart.main(new String[] {dir.resolve("quickstart").toString()});
        CacheHitRatioRunner.main(new String[] {"3000", "3000", "200000", "0.99"});
        VectorRunner.main(new String[] {"1500", "32", "20"});
        MemoryRunner.main(new String[] {"400", "20"});
    }

    @Test
    void tpchRunnerRunsAll22QueriesAndTheFacadeAnswersAsRawDuckDB() throws Exception {
        TpchRunner.Run run = TpchRunner.run(0.01, 1, 30, dir.resolve("tpch")); // below 0.01 the generator repeats partsupp keys
        assertTrue(run.queries().size() == 22, "22 queries: " + run.queries());
        for (TpchRunner.QueryTimes q : run.queries()) {
            assertTrue(q.sameAsDuck(), "Q" + q.query() + ": the facade's answer differs from raw DuckDB's");
        }
        assertTrue(TpchRunner.report(run, 0.01).contains("| Q22 |"));
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
