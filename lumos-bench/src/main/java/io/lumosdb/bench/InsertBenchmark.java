package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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

/**
 * Autocommit single-row inserts: {@code db.update(...)} (change capture and type-check triggers, then
 * the replica's worker applying on the other core) against raw sqlite-jdbc on an identical table with
 * the same settings (WAL, synchronous=NORMAL) and no triggers. Target: capture costs under 25%.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar InsertBenchmark -f 2 -wi 3 -i 5 -w 2s -r 3s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class InsertBenchmark {
    static final String TABLE = "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b DOUBLE, c TEXT)";
    static final String INSERT = "INSERT INTO t(a, b, c) VALUES (?, ?, ?)";

    @Param({"raw-sqlite", "lumos"})
    public String engine;

    Path dir;
    LumosDB db;
    Connection raw;
    PreparedStatement rawInsert;
    long n;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-bench-");
        if (engine.equals("raw-sqlite")) {
            raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.sqlite"));
            try (Statement st = raw.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = NORMAL");
                st.execute(TABLE);
            }
            rawInsert = raw.prepareStatement(INSERT);
        } else {
            db = LumosDB.open(dir.resolve("lumos"));
            db.execute(TABLE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (raw != null) {
            rawInsert.close();
            raw.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Benchmark
    public long insert() throws SQLException {
        n++;
        if (raw != null) {
            rawInsert.setLong(1, n);
            rawInsert.setDouble(2, n * 0.5);
            rawInsert.setString(3, "row");
            return rawInsert.executeUpdate();
        }
        return db.update(INSERT, n, n * 0.5, "row");
    }
}
