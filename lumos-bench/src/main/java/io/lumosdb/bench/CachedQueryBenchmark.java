package io.lumosdb.bench;

import io.lumosdb.tpch.TpchLineitem;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.cache.CacheSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * TPC-H Q1 asked again and again through the facade (auto-routed to DuckDB), with the query cache off
 * and on: the ratio is what a dashboard refreshing an unchanged report saves. Target: 100x on a hit.
 * {@code raw-duckdb}: the same query on raw DuckDB (in memory, loaded by its appender), for scale.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar CachedQueryBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class CachedQueryBenchmark {
    @Param({"raw-duckdb", "uncached", "cached"})
    public String cache;

    /** TPC-H scale factor: 0.1 is about 600,000 line items. */
    @Param("0.1")
    public double sf;

    Path dir;
    LumosDB db;
    Connection raw;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (cache.equals("raw-duckdb")) {
            raw = DriverManager.getConnection("jdbc:duckdb:");
            TpchRunner.loadDuck(raw, sf);
            return;
        }
        dir = Files.createTempDirectory("lumos-bench-");
        db = LumosDB.builder().directory(dir).largeTableRows(1_000)
                .cache(cache.equals("cached") ? CacheSettings.defaults() : CacheSettings.disabled()).open();
        TpchLineitem.load(db, sf);
        db.sync().awaitCaughtUp(Duration.ofMinutes(10));
        QueryResult first = db.query(TpchLineitem.Q1);
        if (first.route() != Route.OLAP || first.size() == 0) {
            throw new IllegalStateException("expected Q1 answered by DuckDB: " + first + " " + first.decision());
        }
        QueryResult second = db.query(TpchLineitem.Q1);
        if (second.fromCache() != cache.equals("cached")) {
            throw new IllegalStateException("the cache setting is not in effect: " + second);
        }
        AggregateBenchmark.assertSameAnswers(db.query(Route.OLTP, TpchLineitem.Q1), second); // SQLite's answer
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (raw != null) {
            raw.close();
            return;
        }
        db.close();
        BenchFiles.deleteTree(dir);
    }

    @Benchmark
    public Object q1() throws SQLException {
        if (raw != null) {
            int rows = 0;
            try (Statement st = raw.createStatement(); ResultSet rs = st.executeQuery(TpchLineitem.Q1)) {
                while (rs.next()) {
                    rows++;
                }
            }
            return rows;
        }
        return db.query(TpchLineitem.Q1);
    }
}
