package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.cache.CacheSettings;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
 * A grouped aggregate over 1M rows: {@code db.query(...)} (auto-routed to DuckDB) against raw DuckDB on
 * a file holding the same rows, and against raw SQLite on the facade's own file.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar AggregateBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AggregateBenchmark {
    static final String QUERY =
            "SELECT customer % 100 AS c, count(*) AS n, sum(amount) AS total, avg(amount) AS mean FROM orders GROUP BY c ORDER BY c";

    /** The same rows on every engine: a deterministic spread of customers and amounts. */
    static final String CUSTOMER = "(i * 7919) % 10000";
    static final String AMOUNT = "((i * 104729) % 100000) / 100.0";

    @Param({"raw-duckdb", "raw-sqlite", "lumos"})
    public String engine;

    @Param("1000000")
    public int rows;

    Path dir;
    LumosDB db;
    Connection rawDuck;
    Connection rawSqlite;
    PreparedStatement rawQuery;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-bench-");
        if (engine.equals("raw-duckdb")) {
            rawDuck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"));
            try (Statement st = rawDuck.createStatement()) {
                st.execute("CREATE TABLE orders AS SELECT i AS id, " + CUSTOMER + " AS customer, (" + AMOUNT + ")::DOUBLE AS amount"
                        + " FROM range(1, " + (rows + 1) + ") t(i)");
            }
            rawQuery = rawDuck.prepareStatement(QUERY);
            return;
        }
        db = LumosDB.builder().directory(dir.resolve("lumos")).largeTableRows(Math.min(10_000, rows / 2))
                .cache(CacheSettings.disabled()).open(); // the engine path; CachedQueryBenchmark measures the cache
        db.execute("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, amount DOUBLE)");
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                + " INSERT INTO orders SELECT i, " + CUSTOMER + ", " + AMOUNT + " FROM r");
        if (db.explain(QUERY).route() != Route.OLAP) {
            throw new IllegalStateException("expected the aggregate on DuckDB: " + db.explain(QUERY));
        }
        assertSameAnswers(db.query(Route.OLTP, QUERY), db.query(QUERY));
        if (engine.equals("raw-sqlite")) {
            rawSqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lumos").resolve("lumos.sqlite"));
            rawQuery = rawSqlite.prepareStatement(QUERY);
        }
    }

    /**
     * Two answers to one query must agree: same size, equal text and integers, doubles to 1e-9 relative
     * (a parallel sum of doubles may differ in its last bits from run to run, and between engines).
     */
    static void assertSameAnswers(QueryResult expected, QueryResult actual) {
        if (expected.size() != actual.size()) {
            throw new IllegalStateException("answers differ in size: " + expected.size() + " vs " + actual.size());
        }
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.columns().size(); c++) {
                Object a = expected.rows().get(r).get(c);
                Object b = actual.rows().get(r).get(c);
                boolean same = a instanceof Number x && b instanceof Number y
                        ? Math.abs(x.doubleValue() - y.doubleValue()) <= 1e-9 * Math.max(1, Math.abs(x.doubleValue()))
                        : java.util.Objects.equals(a, b);
                if (!same) {
                    throw new IllegalStateException("answers differ at row " + r + " column " + c + ": " + a + " vs " + b);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (rawQuery != null) {
            rawQuery.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {rawDuck, rawSqlite, db}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Benchmark
    public void aggregate(Blackhole bh) throws SQLException {
        if (db != null && rawQuery == null) {
            QueryResult r = db.query(QUERY);
            bh.consume(r.rows());
            return;
        }
        try (ResultSet rs = rawQuery.executeQuery()) {
            while (rs.next()) {
                bh.consume(rs.getLong(1));
                bh.consume(rs.getLong(2));
                bh.consume(rs.getDouble(3));
                bh.consume(rs.getDouble(4));
            }
        }
    }
}
