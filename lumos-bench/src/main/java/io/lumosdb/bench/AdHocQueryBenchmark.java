package io.lumosdb.bench;

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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Ad-hoc analytical SQL: every call runs a text never seen before (a new literal), so nothing is
 * cached: the facade parses, measures and routes it, asks DuckDB's parser that it is one SELECT, and
 * prepares it; raw DuckDB runs the same text through a plain {@code Statement} on a file with the same
 * rows. The ratio is what the facade's per-text work costs a user who sends ad-hoc queries.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar AdHocQueryBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AdHocQueryBenchmark {
    @Param({"raw-duckdb", "lumos"})
    public String engine;

    @Param("100000")
    public int rows;

    Path dir;
    LumosDB db;
    Connection rawDuck;
    Statement rawStatement;
    long literal;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-bench-");
        if (engine.equals("raw-duckdb")) {
            rawDuck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"));
            rawStatement = rawDuck.createStatement();
            rawStatement.execute("CREATE TABLE orders AS SELECT i AS id, " + AggregateBenchmark.CUSTOMER + " AS customer, ("
                    + AggregateBenchmark.AMOUNT + ")::DOUBLE AS amount FROM range(1, " + (rows + 1) + ") t(i)");
            return;
        }
        db = LumosDB.builder().directory(dir.resolve("lumos")).largeTableRows(Math.min(10_000, rows / 2))
                .cache(CacheSettings.disabled()).open();
        db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, amount DOUBLE)");
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                + " INSERT INTO orders SELECT i, " + AggregateBenchmark.CUSTOMER + ", " + AggregateBenchmark.AMOUNT + " FROM r");
        if (db.explain(sql(-1)).route() != Route.OLAP) {
            throw new IllegalStateException("expected the ad-hoc query on DuckDB: " + db.explain(sql(-1)));
        }
        AggregateBenchmark.assertSameAnswers(db.query(Route.OLTP, sql(-1)), db.query(sql(-1)));
    }

    static String sql(long literal) {
        return "SELECT count(*), sum(amount) FROM orders WHERE customer <> " + literal;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {rawStatement, rawDuck, db}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Benchmark
    public void adHocQuery(Blackhole bh) throws SQLException {
        String sql = sql(literal++);
        if (db != null) {
            QueryResult r = db.query(sql);
            bh.consume(r.rows());
            return;
        }
        try (ResultSet rs = rawStatement.executeQuery(sql)) {
            while (rs.next()) {
                bh.consume(rs.getLong(1));
                bh.consume(rs.getDouble(2));
            }
        }
    }
}
