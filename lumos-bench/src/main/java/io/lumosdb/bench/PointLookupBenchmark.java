package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
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
 * A point lookup by primary key: {@code db.query(...)} against raw sqlite-jdbc with a reused prepared
 * statement on the same file, reading every column in both. Target: the facade within 10% of raw.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar PointLookupBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class PointLookupBenchmark {
    @Param({"raw-sqlite", "lumos"})
    public String engine;

    @Param("100000")
    public int rows;

    Path dir;
    LumosDB db;
    Connection raw;
    PreparedStatement rawLookup;
    final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-bench-");
        db = LumosDB.open(dir);
        db.execute("CREATE TABLE kv(id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                + " INSERT INTO kv SELECT i, 'value-' || i, i * 7 FROM r");
        raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lumos.sqlite"));
        rawLookup = raw.prepareStatement("SELECT id, v, n FROM kv WHERE id = ?");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        rawLookup.close();
        raw.close();
        db.close();
    }

    @Benchmark
    public void lookup(Blackhole bh) throws SQLException {
        int key = 1 + random.nextInt(rows);
        if (engine.equals("raw-sqlite")) {
            rawLookup.setLong(1, key);
            try (ResultSet rs = rawLookup.executeQuery()) {
                rs.next();
                bh.consume(rs.getLong(1));
                bh.consume(rs.getString(2));
                bh.consume(rs.getLong(3));
            }
        } else {
            QueryResult r = db.query("SELECT id, v, n FROM kv WHERE id = ?", key);
            bh.consume(r.rows().get(0).getLong(0));
            bh.consume(r.rows().get(0).getString(1));
            bh.consume(r.rows().get(0).getLong(2));
        }
    }
}
