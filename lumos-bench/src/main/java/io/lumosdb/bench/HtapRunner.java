package io.lumosdb.bench;

import io.lumosdb.Freshness;
import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBConnection;

/**
 * The mixed HTAP workload: {@code writers} threads run small transactions (insert an order, ship another)
 * as fast as they can while {@code readers} threads run an analytical query over the whole table, for a
 * fixed time. The same workload runs on Lumos-DB (writes to SQLite, reads auto-routed to the DuckDB
 * replica in {@link Freshness#STRICT}: each read sees every write committed before it began), on SQLite
 * doing both jobs alone (one writer connection, a reader connection per thread, WAL) and on DuckDB doing
 * both jobs alone (a connection per thread, write conflicts retried). Then each side alone: writers only
 * and readers only, per engine, for the solo figures the mixed ones are held against. The report gives each
 * setup's HTAP efficiency E = mixed writes / best solo writes + mixed reads / best solo reads (any engine's
 * best; a perfect split of the two cores scores 1.0; target: Lumos-DB >= 1.0 with STRICT reads).
 *
 * <p>For Lumos-DB the freshness lag of every write is measured too, in a second run of the mixed load: from
 * its commit to the moment the replica shows it (a {@link Freshness#ANY} read of the largest id, sampled
 * every millisecond). That run's E is reported as well; the sampler's CPU is not part of the first.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.HtapRunner [rows=1000000] [writers=2] [readers=2] [seconds=20]
 * </pre>
 */
public final class HtapRunner {
    static final String TABLE = "CREATE TABLE orders(id INTEGER PRIMARY KEY, customer INTEGER, amount DOUBLE, status TEXT)";
    static final String INSERT = "INSERT INTO orders(id, customer, amount, status) VALUES (?, ?, ?, 'open')";
    static final String SHIP = "UPDATE orders SET status = 'shipped' WHERE id = ?";
    static final String REPORT = "SELECT status, count(*) AS orders, sum(amount) AS revenue, avg(amount) AS average"
            + " FROM orders GROUP BY status ORDER BY status";

    /** What one setup achieved; {@code lagNanos} sorted, empty where the readers read the writers' engine. */
    record Outcome(String setup, int writers, int readers, double writesPerSecond, double readsPerSecond, long[] lagNanos) {}

    private HtapRunner() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int readers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Path dir = Files.createTempDirectory("lumos-htap-");
        try {
            System.out.println(report(run(rows, writers, readers, seconds, dir), rows, seconds));
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    /** The Lumos-DB mixed setup run again with the freshness lag sampled. */
    static final String SAMPLED = "Lumos-DB, lag sampled";

    /**
     * Every setup in turn, each on a fresh copy of the data: mixed, then writers only, then readers only.
     * Lumos-DB's mixed load runs twice: once as the others do, for its E, and once with the freshness lag
     * sampler, whose query every millisecond takes about an eighth of the two cores (0.25 of a core
     * measured): CPU the other setups do not give up, so it would count against Lumos-DB's E.
     */
    static List<Outcome> run(int rows, int writers, int readers, int seconds, Path dir) throws Exception {
        List<Outcome> out = new ArrayList<>();
        int[][] shapes = {{writers, readers}, {writers, 0}, {0, readers}};
        for (int[] shape : shapes) {
            List<String> engines = new ArrayList<>(List.of("Lumos-DB", "SQLite alone", "DuckDB alone"));
            if (shape[0] > 0 && shape[1] > 0) {
                engines.add(SAMPLED);
            }
            for (String engine : engines) {
                Path here = Files.createTempDirectory(dir, "setup-");
                try (Workload w = open(engine, rows, here)) {
                    out.add(w.drive(engine, shape[0], shape[1], seconds, engine.equals(SAMPLED)));
                } finally {
                    BenchFiles.deleteTree(here);
                }
            }
        }
        return out;
    }

    private static Workload open(String engine, int rows, Path dir) throws SQLException {
        return switch (engine) {
            case "Lumos-DB", SAMPLED -> new LumosWorkload(dir, rows);
            case "SQLite alone" -> new SqliteWorkload(dir, rows);
            default -> new DuckWorkload(dir, rows);
        };
    }

    static String fill(int rows) {
        return "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + rows + ")"
                + " INSERT INTO orders SELECT i, i % 10007, (i % 997) * 1.5, CASE WHEN i % 3 = 0 THEN 'shipped' ELSE 'open' END FROM r";
    }

    /** One engine's way of running the two sides; ids of new orders come from {@link #nextId}, in commit order. */
    abstract static class Workload implements AutoCloseable {
        final int rows;
        final AtomicLong nextId;

        Workload(int rows) {
            this.rows = rows;
            this.nextId = new AtomicLong(rows);
        }

        @Override
        public abstract void close() throws SQLException;

        /** One small transaction; returns the id of the order it inserted. */
        abstract long write(SplittableRandom random) throws SQLException;

        /** One analytical read; returns its row count. */
        abstract int read() throws SQLException;

        /** A cheap sampler of the largest id the readers' engine shows, or null when it is the writers' engine. */
        FreshnessLagSampler lagSampler(long[] committedAt, long[] lag) {
            return null;
        }

        /** Runs the load for {@code seconds}; with {@code sampleLag}, the freshness lag of every write is measured too. */
        Outcome drive(String name, int writers, int readers, int seconds, boolean sampleLag) throws Exception {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong writes = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            int capacity = writers == 0 ? 0 : seconds * 100_000;
            long[] committedAt = new long[capacity];
            long[] lag = new long[capacity];
            Arrays.fill(lag, -1);
            long base = nextId.get();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                SplittableRandom random = new SplittableRandom(w);
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        long id = call(failure, stop, () -> write(random));
                        long index = id - base - 1;
                        if (index >= 0 && index < capacity) {
                            committedAt[(int) index] = System.nanoTime();
                        }
                        writes.incrementAndGet();
                    }
                }, "htap-writer-" + w));
            }
            for (int r = 0; r < readers; r++) {
                threads.add(new Thread(() -> {
                    while (!stop.get()) {
                        call(failure, stop, this::read);
                        reads.incrementAndGet();
                    }
                }, "htap-reader-" + r));
            }
            FreshnessLagSampler sampler = sampleLag && writers > 0 ? lagSampler(committedAt, lag) : null;
            long start = System.nanoTime();
            threads.forEach(Thread::start);
            if (sampler != null) {
                sampler.start(base, stop, failure);
            }
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end && failure.get() == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (sampler != null) {
                sampler.finish(nextId.get() - base);
            }
            if (failure.get() != null) {
                throw new IllegalStateException(name + " failed", failure.get());
            }
            long[] lags = Arrays.stream(lag).filter(l -> l >= 0).sorted().toArray();
            return new Outcome(name, writers, readers, writes.get() / elapsed, reads.get() / elapsed, lags);
        }

        private static long call(AtomicReference<Throwable> failure, AtomicBoolean stop, SqlCall work) {
            try {
                return work.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stop.set(true);
                return -1;
            }
        }
    }

    @FunctionalInterface
    interface SqlCall {
        long run() throws SQLException;
    }

    static class LumosWorkload extends Workload {
        final LumosDB db;

        LumosWorkload(Path dir, int rows) throws SQLException {
            super(rows);
            db = LumosDB.builder().directory(dir.resolve("lumos")).cache(CacheSettings.disabled()).open();
            db.execute(TABLE);
            db.update(fill(rows));
            db.sync().awaitCaughtUp(Duration.ofMinutes(10));
            QueryResult sqlite = db.query(Route.OLTP, REPORT);
            QueryResult duck = db.query(REPORT);
            if (duck.route() != Route.OLAP || !sqlite.rows().toString().equals(duck.rows().toString())) {
                throw new IllegalStateException("the report must run on DuckDB and equal SQLite's: " + duck.route() + " "
                        + duck.rows() + " vs " + sqlite.rows());
            }
        }

        @Override
        long write(SplittableRandom random) throws SQLException {
            long ship = 1 + random.nextInt(rows);
            return db.transaction(tx -> {
                long id = nextId.incrementAndGet(); // under the write lock: ids in commit order
                tx.update(INSERT, id, id % 10007, (id % 997) * 1.5);
                tx.update(SHIP, ship);
                return id;
            });
        }

        @Override
        int read() throws SQLException {
            return db.query(Freshness.STRICT, REPORT).rows().size();
        }

        @Override
        FreshnessLagSampler lagSampler(long[] committedAt, long[] lag) {
            return new FreshnessLagSampler(db, "orders", committedAt, lag);
        }

        @Override
        public void close() throws SQLException {
            db.close();
        }
    }

    /** Plain JDBC on one engine: a shared writer connection behind a lock, a reader connection per thread. */
    abstract static class JdbcWorkload extends Workload {
        final ReentrantLock writeLock = new ReentrantLock();
        final List<Connection> connections = new ArrayList<>();
        final ThreadLocal<PreparedStatement> reader = new ThreadLocal<>();
        Connection writer;
        PreparedStatement insert;
        PreparedStatement ship;

        JdbcWorkload(int rows) {
            super(rows);
        }

        abstract Connection newReader() throws SQLException;

        /** Takes {@code c} as the writer: runs {@code setup} on it (the table and its rows), then prepares the writes. */
        void openWriter(Connection c, String... setup) throws SQLException {
            writer = c;
            connections.add(c);
            try (Statement st = c.createStatement()) {
                for (String sql : setup) {
                    st.execute(sql);
                }
            }
            insert = c.prepareStatement(INSERT);
            ship = c.prepareStatement(SHIP);
        }

        @Override
        long write(SplittableRandom random) throws SQLException {
            long shipId = 1 + random.nextInt(rows);
            writeLock.lock();
            try {
                long id = nextId.incrementAndGet();
                writer.setAutoCommit(false);
                try {
                    insert.setLong(1, id);
                    insert.setLong(2, id % 10007);
                    insert.setDouble(3, (id % 997) * 1.5);
                    insert.executeUpdate();
                    ship.setLong(1, shipId);
                    ship.executeUpdate();
                    writer.commit();
                } catch (SQLException e) {
                    writer.rollback();
                    throw e;
                } finally {
                    writer.setAutoCommit(true);
                }
                return id;
            } finally {
                writeLock.unlock();
            }
        }

        @Override
        int read() throws SQLException {
            PreparedStatement ps = reader.get();
            if (ps == null) {
                Connection c = newReader();
                synchronized (connections) {
                    connections.add(c);
                }
                ps = c.prepareStatement(REPORT);
                reader.set(ps);
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public void close() throws SQLException {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    static final class SqliteWorkload extends JdbcWorkload {
        final String url;

        SqliteWorkload(Path dir, int rows) throws SQLException {
            super(rows);
            url = "jdbc:sqlite:" + dir.resolve("raw.sqlite");
            openWriter(DriverManager.getConnection(url, OltpBenchmark.rawSqliteConfig().toProperties()), TABLE, fill(rows));
        }

        @Override
        Connection newReader() throws SQLException {
            return DriverManager.getConnection(url);
        }
    }

    static final class DuckWorkload extends JdbcWorkload {
        DuckWorkload(Path dir, int rows) throws SQLException {
            super(rows);
            openWriter(DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb")), TABLE.replace("INTEGER", "BIGINT"),
                    "INSERT INTO orders SELECT i, i % 10007, (i % 997) * 1.5, CASE WHEN i % 3 = 0 THEN 'shipped' ELSE 'open' END"
                            + " FROM range(1, " + (rows + 1) + ") r(i)");
        }

        @Override
        Connection newReader() throws SQLException {
            return writer.unwrap(DuckDBConnection.class).duplicate();
        }
    }

    static String report(List<Outcome> outcomes, int rows, int seconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Mixed HTAP workload: %,d orders, %d s per setup; a write is one transaction (insert an"
                + " order, ship another); a read is `%s`.%n%n", rows, seconds, REPORT));
        s.append("| setup | writers | readers | writes/s | reads/s | freshness lag p50 / p99 / max ms |\n|---|---:|---:|---:|---:|---|\n");
        double bestWrites = 0;
        double bestReads = 0;
        Outcome mixed = null;
        for (Outcome o : outcomes) {
            String lag = o.lagNanos().length == 0 ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f", Percentiles.ms(o.lagNanos(), 0.5),
                    Percentiles.ms(o.lagNanos(), 0.99), o.lagNanos()[o.lagNanos().length - 1] / 1e6);
            s.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n", o.setup(), o.writers(), o.readers(),
                    o.writers() == 0 ? "-" : String.format(Locale.ROOT, "%,.0f", o.writesPerSecond()),
                    o.readers() == 0 ? "-" : String.format(Locale.ROOT, "%,.1f", o.readsPerSecond()), lag));
            if (o.readers() == 0) {
                bestWrites = Math.max(bestWrites, o.writesPerSecond());
            }
            if (o.writers() == 0) {
                bestReads = Math.max(bestReads, o.readsPerSecond());
            }
            if (mixed == null && o.lagNanos().length > 0) {
                mixed = o;
            }
        }
        if (bestWrites > 0 && bestReads > 0) {
            s.append(String.format(Locale.ROOT, "%nHTAP efficiency E = mixed writes / best solo writes (%,.0f/s) + mixed reads / best solo reads"
                    + " (%,.1f/s); each solo figure had both cores, so a perfect split of the two cores scores 1.0 (target: Lumos-DB >= 1.0,"
                    + " reads STRICT):%n%n| setup | writes, mixed / best solo | reads, mixed / best solo | E |%n|---|---:|---:|---:|%n",
                    bestWrites, bestReads));
            for (Outcome o : outcomes) {
                if (o.writers() > 0 && o.readers() > 0) {
                    double w = o.writesPerSecond() / bestWrites;
                    double r = o.readsPerSecond() / bestReads;
                    s.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | **%.2f** |%n", o.setup(), w, r, w + r));
                }
            }
        }
        if (mixed != null && mixed.lagNanos().length > 0) {
            long[] lag = mixed.lagNanos();
            s.append(String.format(Locale.ROOT, "%nLumos-DB's freshness lag under the mixed load (the run with the lag sampled), commit to"
                    + " visible on the replica, %,d writes:"
                    + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms (target: p99 < 50 ms).%n", lag.length,
                    Percentiles.ms(lag, 0.5), Percentiles.ms(lag, 0.9), Percentiles.ms(lag, 0.99), Percentiles.ms(lag, 0.999),
                    lag[lag.length - 1] / 1e6));
        }
        return s.toString();
    }
}
