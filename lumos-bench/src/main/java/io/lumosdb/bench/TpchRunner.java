package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Row;
import io.lumosdb.cache.CacheSettings;
import io.lumosdb.tpch.TpchData;
import io.trino.tpch.TpchTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * TPC-H's 22 queries ({@link TpchQueries}) on the same generated data through {@code LumosDB} (auto-routed,
 * query cache off), on raw DuckDB and on raw SQLite (each query stopped after a timeout), in one run:
 * load times, per-query medians, the ratios, their geometric means, and whether the facade's answer equals
 * raw DuckDB's (numbers within 1e-9 relative). Raw DuckDB runs twice: on a database file, like the
 * facade's replica (the like-for-like comparison, which the target is read against), and in memory, where
 * DuckDB keeps the columns uncompressed (the fastest DuckDB can be).
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.TpchRunner [sf=0.1] [repetitions=3] [sqliteTimeoutSeconds=60]
 * </pre>
 */
public final class TpchRunner {
    /** One query's outcome: median milliseconds per engine (NaN: not run or timed out), route, answers equal. */
    record QueryTimes(int query, double lumosMs, String route, double duckMs, double duckMemoryMs, double sqliteMs, String sqliteNote,
            boolean sameAsDuck) {}

    private TpchRunner() {}

    public static void main(String[] args) throws Exception {
        double sf = args.length > 0 ? Double.parseDouble(args[0]) : 0.1;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int timeout = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        System.out.println(report(run(sf, reps, timeout, Files.createTempDirectory("lumos-tpch-")), sf));
    }

    record Run(double lumosLoadSeconds, double duckLoadSeconds, double sqliteLoadSeconds, long rows, List<QueryTimes> queries,
            int sqliteTimeoutSeconds) {}

    /** The geometric mean over the queries of raw time / Lumos-DB time: above 1, the facade is faster. */
    private static double geometricMean(List<QueryTimes> queries, ToDoubleFunction<QueryTimes> rawMs) {
        return Math.exp(queries.stream().mapToDouble(q -> Math.log(rawMs.applyAsDouble(q) / q.lumosMs())).sum() / queries.size());
    }

    static Run run(double sf, int reps, int sqliteTimeout, Path dir) throws Exception {
        try (LumosDB db = LumosDB.builder().directory(dir.resolve("lumos")).cache(CacheSettings.disabled()).maxResultRows(1_000_000).open();
                Connection duck = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("raw.duckdb"));
                Connection duckMemory = DriverManager.getConnection("jdbc:duckdb:");
                Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.sqlite"))) {
            long rows = 0;
            long t = System.nanoTime();
            for (TpchTable<?> table : TpchTable.getTables()) {
                rows += TpchData.load(db, table, sf);
            }
            db.sync().awaitCaughtUp(Duration.ofMinutes(30));
            double lumosLoad = seconds(t);
            t = System.nanoTime();
            loadDuck(duck, sf);
            try (Statement st = duck.createStatement()) {
                st.execute("CHECKPOINT"); // compressed on disk, as the replica is after its bulk apply
            }
            double duckLoad = seconds(t);
            loadDuck(duckMemory, sf);
            t = System.nanoTime();
            loadSqlite(sqlite, sf);
            double sqliteLoad = seconds(t);

            List<QueryTimes> out = new ArrayList<>();
            for (int q = 0; q < TpchQueries.ALL.size(); q++) {
                String sql = TpchQueries.ALL.get(q);
                long[] lumos = new long[reps];
                long[] raw = new long[reps];
                long[] rawMemory = new long[reps];
                QueryResult answer = null;
                List<List<Object>> duckAnswer = null;
                db.query(sql); // warm-up: plans, caches
                readAll(duck, sql, 0);
                readAll(duckMemory, sql, 0);
                for (int r = 0; r < reps; r++) {
                    long s = System.nanoTime();
                    answer = db.query(sql);
                    lumos[r] = System.nanoTime() - s;
                    s = System.nanoTime();
                    duckAnswer = readAll(duck, sql, 0);
                    raw[r] = System.nanoTime() - s;
                    s = System.nanoTime();
                    readAll(duckMemory, sql, 0);
                    rawMemory[r] = System.nanoTime() - s;
                }
                double sqliteMs = Double.NaN;
                String note = "";
                try {
                    long s = System.nanoTime();
                    readAll(sqlite, sql, sqliteTimeout);
                    sqliteMs = (System.nanoTime() - s) / 1e6;
                } catch (SQLTimeoutException e) {
                    note = "> " + sqliteTimeout + " s";
                } catch (SQLException e) {
                    note = e.getMessage().contains("interrupt") ? "> " + sqliteTimeout + " s" : "error: " + e.getMessage();
                }
                System.err.printf(Locale.ROOT, "TPC-H SF %s: Q%d done (SQLite %s)%n", sf, q + 1,
                        note.isEmpty() ? String.format(Locale.ROOT, "%.0f ms", sqliteMs) : note); // a long run shows where it is
                out.add(new QueryTimes(q + 1, median(lumos), Objects.requireNonNull(answer).route().name(), median(raw), median(rawMemory),
                        sqliteMs, note, sameRows(rowsOf(answer), duckAnswer)));
            }
            return new Run(lumosLoad, duckLoad, sqliteLoad, rows, out, sqliteTimeout);
        }
    }

    /** The eight tables at scale factor {@code sf} into raw DuckDB, through its appender. */
    static void loadDuck(Connection duck, double sf) throws SQLException {
        for (TpchTable<?> table : TpchTable.getTables()) {
            try (Statement st = duck.createStatement()) {
                st.execute(TpchData.ddl(table).replace(" INTEGER", " BIGINT"));
            }
            boolean[] date = new boolean[table.getColumns().size()];
            for (int c = 0; c < date.length; c++) {
                date[c] = table.getColumns().get(c).getType().getBase().name().equals("DATE");
            }
            try (DuckDBAppender app = duck.unwrap(DuckDBConnection.class).createAppender(table.getTableName())) {
                TpchData.generate(table, sf, 10_000, batch -> {
                    for (Object[] row : batch) {
                        app.beginRow();
                        for (int c = 0; c < row.length; c++) {
                            if (date[c]) {
                                app.append(LocalDate.parse((String) row[c]));
                            } else if (row[c] instanceof Long l) {
                                app.append(l.longValue());
                            } else if (row[c] instanceof Double d) {
                                app.append(d.doubleValue());
                            } else {
                                app.append((String) row[c]);
                            }
                        }
                        app.endRow();
                    }
                });
            }
        }
    }

    private static void loadSqlite(Connection sqlite, double sf) throws SQLException {
        try (Statement st = sqlite.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = NORMAL");
        }
        sqlite.setAutoCommit(false);
        for (TpchTable<?> table : TpchTable.getTables()) {
            try (Statement st = sqlite.createStatement()) {
                st.execute(TpchData.ddl(table));
            }
            try (PreparedStatement ps = sqlite.prepareStatement(TpchData.insert(table, 1))) {
                TpchData.generate(table, sf, 10_000, batch -> {
                    for (Object[] row : batch) {
                        for (int c = 0; c < row.length; c++) {
                            ps.setObject(c + 1, row[c]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                });
            }
        }
        sqlite.commit();
        sqlite.setAutoCommit(true);
    }

    private static List<List<Object>> readAll(Connection c, String sql, int timeoutSeconds) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = c.createStatement()) {
            // sqlite-jdbc's setQueryTimeout is a busy timeout: it does not stop a query that is running.
            // Statement.cancel does (sqlite3_interrupt), so a timer cancels it at the deadline.
            ScheduledFuture<?> deadline = timeoutSeconds <= 0 ? null
                    : TIMER.schedule(() -> cancelQuietly(st), timeoutSeconds, TimeUnit.SECONDS);
            try (ResultSet rs = st.executeQuery(sql)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            } finally {
                if (deadline != null) {
                    deadline.cancel(false);
                }
            }
        }
        return rows;
    }

    /** Stops queries that pass their deadline: a daemon, so it never keeps the JVM alive. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tpch-query-deadline");
        t.setDaemon(true);
        return t;
    });

    private static void cancelQuietly(Statement st) {
        try {
            st.cancel();
        } catch (SQLException e) {
            // the query ended as the deadline passed
        }
    }

    private static List<List<Object>> rowsOf(QueryResult r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : r.rows()) {
            List<Object> values = new ArrayList<>(row.size());
            for (int i = 0; i < row.size(); i++) {
                values.add(row.get(i));
            }
            rows.add(values);
        }
        return rows;
    }

    /** Equal row by row: numbers within 1e-9 relative (1e-6 absolute near 0), everything else as text. */
    static boolean sameRows(List<List<Object>> a, List<List<Object>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int r = 0; r < a.size(); r++) {
            List<Object> x = a.get(r);
            List<Object> y = b.get(r);
            if (x.size() != y.size()) {
                return false;
            }
            for (int c = 0; c < x.size(); c++) {
                if (!sameValue(x.get(c), y.get(c))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean sameValue(Object x, Object y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof Number n && y instanceof Number m) {
            double a = n.doubleValue();
            double b = m.doubleValue();
            return Math.abs(a - b) <= Math.max(1e-6, 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
        }
        return x.toString().equals(y.toString());
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static String report(Run run, double sf) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "TPC-H at SF %s: %,d rows. Load: Lumos-DB %.1f s (%,.0f rows/s, replica caught up),"
                + " raw DuckDB %.1f s (appender, file), raw SQLite %.1f s (one transaction)%n%n", sf, run.rows(), run.lumosLoadSeconds(),
                run.rows() / run.lumosLoadSeconds(), run.duckLoadSeconds(), run.sqliteLoadSeconds()));
        s.append("| query | Lumos-DB ms | route | raw DuckDB ms, file | raw DuckDB ms, in memory | raw SQLite ms | Lumos / DuckDB file"
                + " | Lumos / DuckDB in memory | SQLite / Lumos | same answer as DuckDB |\n");
        s.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        double logSqlite = 0;
        double logSqliteBound = 0; // a query SQLite did not finish counted as taking the timeout: a lower bound
        int sqliteRan = 0;
        for (QueryTimes q : run.queries()) {
            boolean sqliteOk = !Double.isNaN(q.sqliteMs());
            if (sqliteOk) {
                logSqlite += Math.log(q.sqliteMs() / q.lumosMs());
                logSqliteBound += Math.log(q.sqliteMs() / q.lumosMs());
                sqliteRan++;
            } else if (q.sqliteNote().startsWith(">")) {
                logSqliteBound += Math.log(run.sqliteTimeoutSeconds() * 1000.0 / q.lumosMs());
            }
            s.append(String.format(Locale.ROOT, "| Q%d | %.1f | %s | %.1f | %.1f | %s | %.2fx | %.2fx | %s | %s |%n", q.query(),
                    q.lumosMs(), q.route(), q.duckMs(), q.duckMemoryMs(),
                    sqliteOk ? String.format(Locale.ROOT, "%.1f", q.sqliteMs()) : q.sqliteNote(),
                    q.duckMs() / q.lumosMs(), q.duckMemoryMs() / q.lumosMs(),
                    sqliteOk ? String.format(Locale.ROOT, "%.1fx", q.sqliteMs() / q.lumosMs()) : "-", q.sameAsDuck() ? "yes" : "**no**"));
        }
        s.append(String.format(Locale.ROOT, "%nGeometric mean, raw DuckDB time / Lumos-DB time: %.2fx on a file like the replica"
                + " (target >= 0.95x), %.2fx in memory. Raw SQLite time / Lumos-DB time over the %d queries SQLite finished: %.1fx"
                + " (target >= 20x); over all 22, a query stopped at %d s counted as %d s: at least %.1fx.%n",
                geometricMean(run.queries(), QueryTimes::duckMs), geometricMean(run.queries(), QueryTimes::duckMemoryMs), sqliteRan,
                sqliteRan == 0 ? Double.NaN : Math.exp(logSqlite / sqliteRan), run.sqliteTimeoutSeconds(), run.sqliteTimeoutSeconds(),
                Math.exp(logSqliteBound / run.queries().size())));
        return s.toString();
    }
}
