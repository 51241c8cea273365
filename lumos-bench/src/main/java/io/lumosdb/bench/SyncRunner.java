package io.lumosdb.bench;

import io.lumosdb.Freshness;
import io.lumosdb.LumosDB;
import io.lumosdb.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Sync measurements, each against its raw reference in the same run, printed as Markdown:
 * <ol>
 *   <li>apply throughput of a 1M-row bulk insert (SQLite commit to DuckDB caught up) vs the raw DuckDB
 *       appender writing the same rows from memory, each measured {@value #APPLY_ROUNDS} times in turn after
 *       {@value #WARMUP_ROUNDS} uncounted round that warms the JIT for both, with the median reported;
 *   <li>freshness lag p50/p99/max under a steady write rate: from each write's commit to the moment DuckDB
 *       shows it ({@link FreshnessLagSampler}); without readers, with two readers each running an analytical
 *       query {@value #PACED_READS_PER_SECOND} times a second, and with two readers running them back to back.
 * </ol>
 * Run: {@code java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.SyncRunner [rows] [writes/s] [seconds]}
 */
public final class SyncRunner {
    private SyncRunner() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        applyThroughput(rows);
        freshnessLag(rate, seconds, 0, 0);
        freshnessLag(rate, seconds, 2, PACED_READS_PER_SECOND);
        freshnessLag(rate, seconds, 2, 0);
    }

    /** Measured rounds of each apply measurement, alternating raw and Lumos-DB; the median is reported. */
    static final int APPLY_ROUNDS = 5;
    /** Rounds run first and not counted: they warm the JIT for both paths (a cold first round is 30–50% slower). */
    static final int WARMUP_ROUNDS = 1;

    static void applyThroughput(int rows) throws Exception {
        long[] raw = new long[APPLY_ROUNDS];
        long[] insert = new long[APPLY_ROUNDS];
        long[] apply = new long[APPLY_ROUNDS];
        long[] rebuild = new long[APPLY_ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < APPLY_ROUNDS; round++) {
            long rawNanos = rawAppenderNanos(rows);
            long[] lumos = lumosInsertApplyAndRebuildNanos(rows);
            if (round >= 0) {
                raw[round] = rawNanos;
                insert[round] = lumos[0];
                apply[round] = lumos[1];
                rebuild[round] = lumos[2];
            }
        }
        System.out.printf(Locale.ROOT, "%n## Apply throughput, %,d-row bulk insert (median of %d rounds after %d warm-up)%n%n", rows,
                APPLY_ROUNDS, WARMUP_ROUNDS);
        System.out.println("| path | seconds | rows/s | each round, s |");
        System.out.println("|---|---|---|---|");
        row("raw DuckDB appender (rows from memory)", raw, rows);
        row("Lumos: SQLite INSERT ... SELECT with capture", insert, rows);
        row("Lumos: apply to DuckDB (scan + staged append + checkpoint)", apply, rows);
        row("Lumos: open with the replica deleted, until rebuilt", rebuild, rows);
        System.out.printf(Locale.ROOT, "%nApply / raw appender: %.2fx the raw rate (each round: %s)%n",
                (double) Percentiles.median(raw) / Percentiles.median(apply), ratios(raw, apply));
        System.out.printf(Locale.ROOT, "Rebuild / raw appender: %.2fx the raw rate (each round: %s)%n",
                (double) Percentiles.median(raw) / Percentiles.median(rebuild), ratios(raw, rebuild));
    }

    /** Each round's raw time over its Lumos-DB time: the two ran back to back, so the machine's drift cancels. */
    private static String ratios(long[] raw, long[] lumos) {
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < raw.length; i++) {
            each.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2fx", (double) raw[i] / lumos[i]));
        }
        return each.toString();
    }

    /** The raw DuckDB appender writing the rows from memory into a new file. */
    private static long rawAppenderNanos(int rows) throws Exception {
        Path dir = Files.createTempDirectory("lumos-sync-bench-");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"))) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t(id BIGINT, a BIGINT, b DOUBLE, c VARCHAR)");
            }
            long t0 = System.nanoTime();
            try (DuckDBAppender app = c.unwrap(DuckDBConnection.class).createAppender("t")) {
                for (long i = 1; i <= rows; i++) {
                    app.beginRow().append(i).append(i % 1000).append(i * 0.5).append("row-" + i).endRow();
                }
            }
            return System.nanoTime() - t0;
        }
    }

    /**
     * The same rows inserted through the facade in one statement, then the time until DuckDB has them;
     * then the database reopened without its DuckDB file, and the time until the replica is rebuilt.
     */
    private static long[] lumosInsertApplyAndRebuildNanos(int rows) throws Exception {
        Path dir = Files.createTempDirectory("lumos-sync-bench-").resolve("lumos");
        long[] nanos = new long[3];
        try (LumosDB db = LumosDB.open(dir)) {
            db.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b DOUBLE, c TEXT)");
            long t0 = System.nanoTime();
            db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                    + " INSERT INTO t SELECT i, i % 1000, i * 0.5, 'row-' || i FROM r");
            long t1 = System.nanoTime();
            db.sync().awaitCaughtUp(Duration.ofMinutes(30));
            nanos[0] = t1 - t0;
            nanos[1] = System.nanoTime() - t1;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("lumos.duckdb")).toList()) {
                Files.delete(f);
            }
        }
        long t0 = System.nanoTime();
        try (LumosDB db = LumosDB.open(dir)) {
            db.sync().awaitCaughtUp(Duration.ofMinutes(30));
            nanos[2] = System.nanoTime() - t0;
            long copied = db.query(Route.OLAP, "SELECT count(*) FROM t").rows().get(0).getLong(0);
            if (copied != rows) {
                throw new IllegalStateException("the rebuilt replica holds " + copied + " rows, not " + rows);
            }
        }
        return nanos;
    }

    private static void row(String what, long[] nanos, int rows) {
        StringBuilder each = new StringBuilder();
        for (long n : nanos) {
            each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", n / 1e9));
        }
        long m = Percentiles.median(nanos);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %,.0f | %s |%n", what, m / 1e9, rows / (m / 1e9), each);
    }

    /** Each paced reader's rate: a dashboard refreshing now and then, not a saturating load. */
    static final int PACED_READS_PER_SECOND = 20;

    /**
     * Lag at {@code rate} autocommit writes/s for {@code seconds}, with {@code readerCount} readers
     * each running an analytical query {@code readsPerSecond} times a second (0: back to back).
     */
    static void freshnessLag(int rate, int seconds, int readerCount, int readsPerSecond) throws Exception {
        Path dir = Files.createTempDirectory("lumos-sync-bench-");
        int total = rate * seconds;
        long[] commitNanos = new long[total];
        long[] lagNanos = new long[total];
        Arrays.fill(lagNanos, -1);
        AtomicLong reads = new AtomicLong();
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("lumos")).largeTableRows(1_000).open()) {
            db.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, kind INTEGER, v DOUBLE)");
            db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000)"
                    + " INSERT INTO events(kind, v) SELECT i % 10, i FROM r");
            db.sync().awaitCaughtUp(Duration.ofMinutes(5));
            // write i gets id base + i + 1; it is applied once DuckDB's largest id reaches that
            long base = db.query(Route.OLTP, "SELECT max(id) FROM events").rows().get(0).getLong(0);
            AtomicBoolean done = new AtomicBoolean();
            Thread[] readers = new Thread[readerCount];
            for (int r = 0; r < readers.length; r++) {
                readers[r] = new Thread(() -> {
                    long pace = readsPerSecond == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / readsPerSecond;
                    long due = System.nanoTime();
                    while (!done.get()) {
                        try {
                            if (pace > 0) {
                                due += pace;
                                LockSupport.parkNanos(due - System.nanoTime());
                            }
                            db.query(Freshness.ANY, "SELECT kind, count(*), avg(v) FROM events GROUP BY kind");
                            reads.incrementAndGet();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, "bench-reader-" + r);
                readers[r].start();
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            FreshnessLagSampler sampler = new FreshnessLagSampler(db, "events", commitNanos, lagNanos);
            sampler.start(base, done, failure);
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                db.update("INSERT INTO events(kind, v) VALUES (?, ?)", i % 10, i);
                commitNanos[i] = System.nanoTime();
            }
            long elapsed = System.nanoTime() - start;
            sampler.finish(total);
            done.set(true);
            for (Thread r : readers) {
                r.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("sampling the replica failed", failure.get());
            }
            long[] lags = Arrays.stream(lagNanos).filter(l -> l >= 0).sorted().toArray();
            System.out.printf(Locale.ROOT, "%n## Freshness lag at %,d writes/s for %d s, %d analytical readers (%s)%n%n", rate,
                    seconds, readerCount, readsPerSecond == 0 ? "back to back" : readsPerSecond + " queries/s each");
            System.out.printf(Locale.ROOT, "achieved write rate: %,.0f writes/s; analytical reads: %,.0f/s%n%n",
                    total / (elapsed / 1e9), reads.get() / (elapsed / 1e9));
            System.out.println("| lag | ms |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| p50 | %.2f |%n| p99 | %.2f |%n| max | %.2f |%n",
                    pct(lags, 0.50), pct(lags, 0.99), lags.length == 0 ? 0 : lags[lags.length - 1] / 1e6);
            long[] sampling = sampler.sampleNanos();
            System.out.printf(Locale.ROOT, "%nthe sampler's own query (not part of the lag): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    pct(sampling, 0.50), pct(sampling, 0.99), sampling.length == 0 ? 0 : sampling[sampling.length - 1] / 1e6);
        }
    }

    private static double pct(long[] sorted, double p) {
        return Percentiles.ms(sorted, p);
    }
}
