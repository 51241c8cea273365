package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.cache.CacheSettings;
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
 * A point lookup by primary key, reading every column, four ways in one run (targets: the uncached
 * facade within 10% of raw; a cache hit 3x faster than raw; a miss under 5% over uncached):
 * <ul>
 *   <li>{@code raw-sqlite}: sqlite-jdbc with a reused prepared statement on the facade's file;
 *   <li>{@code lumos-uncached}: the facade with the cache off;
 *   <li>{@code lumos-hit}: the facade with the cache on, over keys that are all cached (targets: 3x raw);
 *   <li>{@code lumos-miss}: the facade with a cache that never holds the key asked for: the lookup and
 *       the insert that every miss costs (target: under 5% over {@code lumos-uncached});
 *   <li>{@code lumos-default}: the default cache (L1 and L2) under uniform keys over all rows, more than L1
 *       holds: what an application that turns nothing off sees (misses, L2 hits, moves between the levels).
 * </ul>
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
    static final String LOOKUP = "SELECT id, v, n FROM kv WHERE id = ?";

    @Param({"raw-sqlite", "lumos-uncached", "lumos-hit", "lumos-miss", "lumos-default"})
    public String engine;

    /** Rows in the table; {@code lumos-hit} cycles over the first {@link #hot} of them. */
    @Param("100000")
    public int rows;

    /** Keys the hit case asks for: all of them fit the default L1 cache. */
    @Param("10000")
    public int hot;

    Path dir;
    LumosDB db;
    Connection raw;
    PreparedStatement rawLookup;
    final SplittableRandom random = new SplittableRandom(42);
    long next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-bench-");
        CacheSettings cache = switch (engine) {
            case "lumos-hit", "lumos-default" -> CacheSettings.defaults(); // the engine path for the others: cache off
            case "lumos-miss" -> CacheSettings.builder().resultL1Bytes(64 << 10).resultL2Bytes(0).build(); // holds ~100 rows
            default -> CacheSettings.disabled();
        };
        db = LumosDB.builder().directory(dir).cache(cache).open();
        db.execute("CREATE TABLE kv(id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                + " INSERT INTO kv SELECT i, 'value-' || i, i * 7 FROM r");
        raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lumos.sqlite"));
        rawLookup = raw.prepareStatement(LOOKUP);
        if (engine.equals("lumos-hit")) {
            for (int key = 1; key <= hot; key++) {
                db.query(LOOKUP, key);
            }
            if (!db.query(LOOKUP, hot).fromCache()) {
                throw new IllegalStateException("the hot keys are not cached: " + db.cache().stats());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        rawLookup.close();
        raw.close();
        db.close();
    }

    private int key() {
        return switch (engine) {
            case "lumos-hit" -> 1 + random.nextInt(hot);
            case "lumos-miss" -> (int) (1 + (next++ % rows)); // a new key each time: the cache has long evicted it
            default -> 1 + random.nextInt(rows);
        };
    }

    @Benchmark
    public void lookup(Blackhole bh) throws SQLException {
        int key = key();
        if (engine.equals("raw-sqlite")) {
            rawLookup.setLong(1, key);
            try (ResultSet rs = rawLookup.executeQuery()) {
                rs.next();
                bh.consume(rs.getLong(1));
                bh.consume(rs.getString(2));
                bh.consume(rs.getLong(3));
            }
        } else {
            QueryResult r = db.query(LOOKUP, key);
            bh.consume(r.rows().get(0).getLong(0));
            bh.consume(r.rows().get(0).getString(1));
            bh.consume(r.rows().get(0).getLong(2));
        }
    }
}
