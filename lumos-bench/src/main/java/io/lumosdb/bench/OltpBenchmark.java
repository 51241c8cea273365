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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.sqlite.SQLiteConfig;

/**
 * The OLTP operations, each on the three engines in one run: raw sqlite-jdbc (the facade's writer settings,
 * {@link #rawSqliteConfig()}, a reused {@code PreparedStatement}), raw DuckDB (a file database, a reused {@code PreparedStatement}) and
 * the facade ({@code db.update}/{@code db.query}/{@code db.updateBatch}, auto-routed, query cache off so
 * every read runs; cached reads are {@link PointLookupBenchmark}'s). Each trial starts from a table of
 * {@code rows} rows; throughput in operations per second. Target: the facade at 0.9x raw sqlite-jdbc or
 * better on every operation.
 *
 * <pre>
 * java -jar lumos-bench/target/benchmarks.jar OltpBenchmark -f 1 -wi 2 -i 5 -w 2s -r 3s
 * java -jar lumos-bench/target/benchmarks.jar OltpBenchmark.pointSelect -p engine=raw-sqlite,lumos
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class OltpBenchmark {
    static final String TABLE = "CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b DOUBLE, c TEXT)";
    static final String INSERT = "INSERT INTO t(id, a, b, c) VALUES (?, ?, ?, ?)";
    static final String POINT = "SELECT id, a, b, c FROM t WHERE id = ?";
    static final String RANGE = "SELECT id, a, b, c FROM t WHERE id BETWEEN ? AND ?";
    static final String UPDATE = "UPDATE t SET a = a + 1, b = ? WHERE id = ?";
    /** Rows written by one {@link #insertBatch()} transaction. */
    public static final int BATCH = 100;
    /** Rows read by one {@link #rangeScan}. */
    static final int RANGE_ROWS = 10;

    @Param({"raw-sqlite", "raw-duckdb", "lumos"})
    public String engine;

    /** Rows in the table when a trial starts. */
    @Param("100000")
    public int rows;

    Path dir;
    LumosDB db;
    Connection raw;
    PreparedStatement insert;
    PreparedStatement point;
    PreparedStatement range;
    PreparedStatement update;
    long nextId;
    final SplittableRandom random = new SplittableRandom(42);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("lumos-oltp-");
        nextId = rows + 1L;
        String fill = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                + " INSERT INTO t SELECT i, i % 1000, i * 0.5, 'row-' || i FROM r";
        switch (engine) {
            case "raw-sqlite" -> {
                raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.sqlite"), rawSqliteConfig().toProperties());
                try (Statement st = raw.createStatement()) {
                    st.execute(TABLE);
                    st.execute(fill);
                }
            }
            case "raw-duckdb" -> {
                raw = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"));
                try (Statement st = raw.createStatement()) {
                    st.execute(TABLE.replace("INTEGER", "BIGINT"));
                    st.execute("INSERT INTO t SELECT i, i % 1000, i * 0.5, 'row-' || i FROM range(1, " + (rows + 1) + ") r(i)");
                }
            }
            case "lumos" -> {
                db = LumosDB.builder().directory(dir.resolve("lumos")).cache(CacheSettings.disabled()).open();
                db.execute(TABLE);
                db.update(fill);
                db.sync().awaitCaughtUp(Duration.ofMinutes(5));
            }
            default -> throw new IllegalArgumentException("engine: raw-sqlite, raw-duckdb or lumos, not " + engine);
        }
        if (raw != null) {
            insert = raw.prepareStatement(INSERT);
            point = raw.prepareStatement(POINT);
            range = raw.prepareStatement(RANGE);
            update = raw.prepareStatement(UPDATE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (raw != null) {
            insert.close();
            point.close();
            range.close();
            update.close();
            raw.close();
        }
        if (db != null) {
            db.close();
        }
        BenchFiles.deleteTree(dir);
    }

    /** One row, one autocommit transaction. */
    @Benchmark
    public long insert() throws SQLException {
        long id = nextId++;
        if (db != null) {
            return db.update(INSERT, id, id % 1000, id * 0.5, "row");
        }
        bindRow(insert, id);
        return insert.executeUpdate();
    }

    /** {@value #BATCH} rows in one transaction (rows/s is this figure times {@value #BATCH}). */
    @Benchmark
    public long insertBatch() throws SQLException {
        long first = nextId;
        nextId += BATCH;
        if (db != null) {
            List<Object[]> rows = new ArrayList<>(BATCH);
            for (long id = first; id < first + BATCH; id++) {
                rows.add(new Object[] {id, id % 1000, id * 0.5, "row"});
            }
            return db.updateBatch(INSERT, rows);
        }
        raw.setAutoCommit(false);
        try {
            for (long id = first; id < first + BATCH; id++) {
                bindRow(insert, id);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            raw.commit();
            return counts.length;
        } finally {
            raw.setAutoCommit(true);
        }
    }

    /** One row by primary key, every column read. */
    @Benchmark
    public void pointSelect(Blackhole bh) throws SQLException {
        long id = 1 + random.nextInt(rows);
        if (db != null) {
            consume(db.query(POINT, id), bh);
            return;
        }
        point.setLong(1, id);
        consume(point, bh);
    }

    /** {@value #RANGE_ROWS} consecutive rows by primary key range. */
    @Benchmark
    public void rangeScan(Blackhole bh) throws SQLException {
        long from = 1 + random.nextInt(rows - RANGE_ROWS);
        long to = from + RANGE_ROWS - 1;
        if (db != null) {
            consume(db.query(RANGE, from, to), bh);
            return;
        }
        range.setLong(1, from);
        range.setLong(2, to);
        consume(range, bh);
    }

    /** One row by primary key, one autocommit transaction. */
    @Benchmark
    public long update() throws SQLException {
        long id = 1 + random.nextInt(rows);
        double b = random.nextDouble();
        if (db != null) {
            return db.update(UPDATE, b, id);
        }
        update.setDouble(1, b);
        update.setLong(2, id);
        return update.executeUpdate();
    }

    /**
     * The facade's writer settings, so that the ratio is the facade's own cost: WAL, synchronous=NORMAL and
     * no generated keys (sqlite-jdbc's default runs {@code SELECT last_insert_rowid()} after every insert:
     * out of the box it is about 6 µs per row slower than this baseline).
     */
    static SQLiteConfig rawSqliteConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setGetGeneratedKeys(false);
        return config;
    }

    private static void bindRow(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        ps.setLong(2, id % 1000);
        ps.setDouble(3, id * 0.5);
        ps.setString(4, "row");
    }

    private static void consume(PreparedStatement ps, Blackhole bh) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                bh.consume(rs.getLong(1));
                bh.consume(rs.getLong(2));
                bh.consume(rs.getDouble(3));
                bh.consume(rs.getString(4));
            }
        }
    }

    private static void consume(QueryResult r, Blackhole bh) {
        r.rows().forEach(row -> {
            bh.consume(row.getLong(0));
            bh.consume(row.getLong(1));
            bh.consume(row.getDouble(2));
            bh.consume(row.getString(3));
        });
    }
}
