package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.Row;
import io.lumosdb.jdbc.LumosDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * A point lookup by primary key through JDBC, reading every column, side by side in one run (target: the Lumos-DB
 * driver at least 0.9x raw sqlite-jdbc's throughput, i.e. at most 1.11x its time per lookup):
 * <ul>
 *   <li>{@code raw-sqlite-jdbc}: sqlite-jdbc with a reused prepared statement, on the database's SQLite file;
 *   <li>{@code lumos-jdbc}: the Lumos-DB driver ({@code jdbc:lumos:dir?cache=false}) with a reused prepared statement:
 *       the router, the facade's statement cache and the engine, no result cache;
 *   <li>{@code lumos-jdbc-cached}: the same with the default settings (the result cache on), keys uniform over all rows;
 *   <li>{@code lumos-facade}: {@code LumosDB.query} on the same database (cache off), without JDBC: what the driver
 *       itself adds is {@code lumos-jdbc} minus this.
 * </ul>
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar JdbcPointLookupBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class JdbcPointLookupBenchmark {
    static final String LOOKUP = "SELECT id, v, n FROM kv WHERE id = ?";

    @Param({"raw-sqlite-jdbc", "lumos-jdbc", "lumos-jdbc-cached", "lumos-facade"})
    public String driver;

    @Param("100000")
    public int rows;

    Path dir;
    Connection lumos;
    Connection connection;
    PreparedStatement lookup;
    LumosDB facade;
    final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-bench-jdbc-");
        String url = "jdbc:lumos:" + dir + (driver.equals("lumos-jdbc-cached") ? "" : "?cache=false");
        lumos = DriverManager.getConnection(url);
        if (!lumos.getMetaData().getDriverName().equals(LumosDriver.NAME)) {
            throw new IllegalStateException("DriverManager gave " + lumos.getMetaData().getDriverName() + " for " + url);
        }
        try (Statement s = lumos.createStatement()) {
            s.executeUpdate("CREATE TABLE kv(id INTEGER PRIMARY KEY, v TEXT, n INTEGER)");
            s.executeUpdate("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                    + " INSERT INTO kv SELECT i, 'value-' || i, i * 7 FROM r");
        }
        connection = driver.equals("raw-sqlite-jdbc") ? DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lumos.sqlite")) : lumos;
        lookup = connection.prepareStatement(LOOKUP);
        facade = lumos.unwrap(LumosDB.class);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        lookup.close();
        if (connection != lumos) {
            connection.close();
        }
        lumos.close();
    }

    @Benchmark
    public void lookup(Blackhole bh) throws SQLException {
        if (facade != null && driver.equals("lumos-facade")) {
            Row r = facade.query(LOOKUP, 1 + random.nextInt(rows)).rows().get(0);
            bh.consume(r.getLong(0));
            bh.consume(r.getString(1));
            bh.consume(r.getLong(2));
            return;
        }
        lookup.setLong(1, 1 + random.nextInt(rows));
        try (ResultSet rs = lookup.executeQuery()) {
            rs.next();
            bh.consume(rs.getLong(1));
            bh.consume(rs.getString(2));
            bh.consume(rs.getLong(3));
        }
    }
}
