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
import java.sql.ResultSetMetaData;
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
 * Ad-hoc SQL, as BI tools, shells, LLM-written SQL and test suites send it: literals inline, every call a
 * text never seen before, so neither the result cache (off here) nor a prepared statement helps. The
 * facade measures, routes and checks each text, then prepares it on the engine it chose; the raw side
 * runs the same text through a plain {@code Statement} on a file with the same rows: raw DuckDB for the
 * grouped aggregate, raw sqlite-jdbc for the point lookup. The ratio is what the facade's per-text work
 * costs a user who sends ad-hoc SQL.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar AdHocQueryBenchmark -f 2 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(2)
public class AdHocQueryBenchmark {
    /** {@code raw}: DuckDB for {@link #aggregate}, sqlite-jdbc for {@link #pointLookup}. */
    @Param({"raw", "lumos"})
    public String engine;

    @Param("200000")
    public int rows;

    Path dir;
    LumosDB db;
    Connection rawDuck;
    Statement rawDuckStatement;
    Connection rawSqlite;
    Statement rawSqliteStatement;
    long literal;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-bench-");
        if (engine.equals("raw")) {
            rawDuck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"));
            rawDuckStatement = rawDuck.createStatement();
            rawDuckStatement.execute("CREATE TABLE t AS SELECT i AS id, " + G + " AS g, (" + X + ")::DOUBLE AS x FROM range(1, "
                    + (rows + 1) + ") r(i)");
            rawSqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.sqlite"));
            rawSqliteStatement = rawSqlite.createStatement();
            rawSqliteStatement.execute("PRAGMA journal_mode = WAL");
            rawSqliteStatement.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, x DOUBLE)");
            rawSqliteStatement.execute(fill());
            return;
        }
        db = LumosDB.builder().directory(dir.resolve("lumos")).largeTableRows(Math.min(10_000, rows / 2))
                .cache(CacheSettings.disabled()).open();
        db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, x DOUBLE)");
        db.update(fill());
        requireRoute(aggregateSql(-1), Route.OLAP);
        requireRoute(pointLookupSql(1), Route.OLTP);
        String ordered = aggregateSql(-1) + " ORDER BY g"; // groups come in any order
        AggregateBenchmark.assertSameAnswers(db.query(Route.OLTP, ordered), db.query(ordered));
    }

    private static final String G = "(i * 7919) % 100";
    private static final String X = "((i * 104729) % 100000) / 100.0";

    private String fill() {
        return "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ") INSERT INTO t SELECT i, "
                + G + ", " + X + " FROM r";
    }

    private void requireRoute(String sql, Route route) throws SQLException {
        if (db.explain(sql).route() != route) {
            throw new IllegalStateException("expected " + route + ": " + db.explain(sql));
        }
    }

    static String aggregateSql(long literal) {
        return "SELECT g, count(*), sum(x) FROM t WHERE x > " + (literal % 1000) + "." + Math.floorMod(literal / 1000, 1000)
                + " GROUP BY g";
    }

    String pointLookupSql(long literal) {
        return "SELECT * FROM t WHERE id = " + (Math.floorMod(literal * 7919, rows) + 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {rawDuckStatement, rawDuck, rawSqliteStatement, rawSqlite, db}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Benchmark
    public void aggregate(Blackhole bh) throws SQLException {
        run(aggregateSql(literal++), rawDuckStatement, bh);
    }

    @Benchmark
    public void pointLookup(Blackhole bh) throws SQLException {
        run(pointLookupSql(literal++), rawSqliteStatement, bh);
    }

    private void run(String sql, Statement raw, Blackhole bh) throws SQLException {
        if (db != null) {
            QueryResult r = db.query(sql);
            bh.consume(r.rows());
            return;
        }
        try (ResultSet rs = raw.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            int width = meta.getColumnCount();
            for (int i = 1; i <= width; i++) {
                bh.consume(meta.getColumnLabel(i));
            }
            while (rs.next()) {
                for (int i = 1; i <= width; i++) {
                    bh.consume(rs.getObject(i));
                }
            }
        }
    }
}
