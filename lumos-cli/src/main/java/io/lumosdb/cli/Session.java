package io.lumosdb.cli;

import io.lumosdb.LumosDB;
import io.lumosdb.QueryResult;
import io.lumosdb.Route;
import io.lumosdb.RouteDecision;
import io.lumosdb.Row;
import io.lumosdb.StatementKind;
import io.lumosdb.cache.CacheStatistics;
import io.lumosdb.sync.SyncStatus;
import io.lumosdb.vector.VectorCollection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the shell does with a statement or a dot-command, apart from the terminal: runs it on the database
 * and prints the result with the route taken, why, and the time.
 */
final class Session {
    static final int TABLE_ROWS = 200;
    private static final String HELP = """
            SQL statements end with ';' and may span lines. DuckDB-only reads (DESCRIBE t, SUMMARIZE t, SHOW TABLES,
            FROM 'file.csv', read_csv(...), read_parquet(...)) run on the replica. Dot-commands:
              .tables               tables and views
              .schema [TABLE]       CREATE statements
              .indexes [TABLE]      indexes (of TABLE)
              .dump [TABLE]         the database (or TABLE) as SQL: CREATE and INSERT statements
              .explain SQL          the route a statement would take, and why (runs nothing)
              .route auto|oltp|olap where reads go (auto: the router decides)
              .sync                 replication status: applied, pending, lag, last error
              .cache                cache statistics
              .vectors              vector collections
              .timer on|off         show the time of each statement
              .mode MODE [TABLE]    table, box, markdown, csv, tabs, json, jsonl, line, list, html, insert (into TABLE)
              .headers on|off       column names in the output
              .nullvalue TEXT       how NULL is printed
              .width N ...          column widths of table and box (0: automatic)
              .output [FILE]        results to FILE (none: back to the screen); .once FILE: the next result only
              .bail on|off          stop at the first error
              .read FILE            run the statements in FILE
              .help                 this text
              .quit                 leave (also .exit, Ctrl-D)""";

    private final LumosDB db;
    private final PrintWriter console;
    private PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;
    private final PrintSettings print = new PrintSettings();
    private Route route;
    private boolean timer = true;
    private boolean bail;
    private boolean once;
    private int depth;
    private int errors;
    private static final int STATUS_WIDTH = 48;
    private final Object status = new Object();
    private long runningSince;
    private boolean statusShown;

    Session(LumosDB db, PrintWriter out, PrintWriter err, boolean verbose) {
        this.db = db;
        this.console = out;
        this.out = out;
        this.err = err;
        this.verbose = verbose;
    }

    LumosDB db() {
        return db;
    }

    void mode(OutputMode mode) {
        print.mode = mode;
    }

    /** Whether to stop at the first error ({@code .bail}). */
    void bail(boolean bail) {
        this.bail = bail;
    }

    /** Whether the input should stop: an error happened and {@code .bail} is on. */
    boolean bailing() {
        return bail && errors > 0;
    }

    /** Runs a dot-command; returns false for {@code .quit}. Errors are printed, one line each. */
    boolean command(String line) {
        String[] parts = line.strip().split("\\s+", 2);
        String arg = parts.length > 1 ? parts[1].strip() : "";
        try {
            switch (parts[0].toLowerCase(Locale.ROOT)) {
                case ".quit", ".exit" -> {
                    return false;
                }
                case ".help" -> out.println(HELP);
                case ".tables" -> tables();
                case ".schema" -> schema(arg);
                case ".explain" -> explain(arg);
                case ".route" -> route(arg);
                case ".sync" -> sync();
                case ".cache" -> cache();
                case ".vectors" -> vectors();
                case ".timer" -> timer = onOff(arg, ".timer");
                case ".mode" -> mode(arg);
                case ".headers", ".header" -> print.headers = onOff(arg, ".headers");
                case ".nullvalue" -> print.nullValue = arg;
                case ".width" -> print.widths = widths(arg);
                case ".output" -> output(arg, false);
                case ".once" -> output(arg, true);
                case ".bail" -> bail = onOff(arg, ".bail");
                case ".indexes", ".indices" -> indexes(arg);
                case ".dump" -> DatabaseDump.write(db, arg, out);
                case ".read" -> read(arg);
                default -> throw new IllegalArgumentException("unknown command " + parts[0] + "; .help lists them");
            }
        } catch (SQLException | RuntimeException | IOException e) {
            error(e);
        }
        out.flush();
        return true;
    }

    /** Runs one SQL statement and prints its result; errors are printed, one line. Returns whether it succeeded. */
    boolean statement(String sql) {
        try {
            run(sql);
            return true;
        } catch (SQLException | RuntimeException e) {
            error(e);
            return false;
        } finally {
            out.flush();
        }
    }

    /** Runs one statement; throws what the database throws. */
    void run(String sql) throws SQLException {
        try {
            runOnce(sql);
        } finally {
            if (once) {
                output("", false);
            }
        }
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** Runs {@code call} as the statement a status line may be drawn for ({@link #showRunning}), erasing it after. */
    private <T> T running(SqlCall<T> call) throws SQLException {
        synchronized (status) {
            runningSince = System.nanoTime();
        }
        try {
            return call.call();
        } finally {
            synchronized (status) {
                runningSince = 0;
                if (statusShown) {
                    console.print("\r" + " ".repeat(STATUS_WIDTH) + "\r");
                    console.flush();
                    statusShown = false;
                }
            }
        }
    }

    /**
     * Draws, on the terminal, how long the running statement has taken, if one has run for a second or more (the
     * interactive shell calls this while it waits); never while a result is being printed.
     */
    void showRunning() {
        synchronized (status) {
            if (runningSince == 0 || out != console) {
                return;
            }
            double seconds = (System.nanoTime() - runningSince) / 1e9;
            if (seconds >= 1) {
                String text = String.format(Locale.ROOT, "running %.0f s ... (Ctrl-C cancels)", Math.floor(seconds));
                console.print("\r" + text + " ".repeat(Math.max(0, STATUS_WIDTH - text.length())) + "\r");
                console.flush();
                statusShown = true;
            }
        }
    }

    private void runOnce(String sql) throws SQLException {
        long start = System.nanoTime();
        StatementKind kind = db.kind(sql);
        boolean footers = (print.mode == OutputMode.TABLE || print.mode == OutputMode.BOX) && out == console;
        if (kind == StatementKind.READ) {
            QueryResult r = running(() -> route == null ? db.query(sql) : db.query(route, sql));
            ResultPrinter.print(r, print, out == console ? TABLE_ROWS : Integer.MAX_VALUE, out);
            if (footers) {
                out.println(footer(r.size() + (r.size() == 1 ? " row" : " rows"), r.decision(), r.fromCache(), r.elapsed().toNanos()));
            }
        } else {
            long n = running(() -> db.execute(sql));
            if (footers) {
                boolean ddl = kind == StatementKind.DDL;
                out.println(footer(ddl && n == 0 ? "done" : n + (n == 1 ? " row" : " rows") + " changed",
                        new RouteDecision(Route.OLTP, "writes go to SQLite"), false, System.nanoTime() - start));
            }
        }
    }

    private String footer(String what, RouteDecision d, boolean cached, long nanos) {
        return "(" + what + ", " + d.route() + (cached ? " from cache" : "") + ": " + d.reason()
                + (timer ? String.format(Locale.ROOT, ", %.1f ms", nanos / 1e6) : "") + ")";
    }

    void error(Exception e) {
        errors++;
        String m = e.getMessage() != null ? e.getMessage() : e.toString();
        boolean cancelled = m.contains("SQLITE_INTERRUPT") || m.contains("INTERRUPT Error");
        err.println("Error: " + (cancelled ? "query cancelled" : m));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }

    private void tables() throws SQLException {
        QueryResult r = db.query(Route.OLTP, "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                + " AND name NOT LIKE 'sqlite%' AND substr(name, 1, 7) <> '_lumos_' ORDER BY name");
        for (Row row : r.rows()) {
            out.println(row.getString(0) + ("view".equals(row.getString(1)) ? " (view)" : ""));
        }
    }

    private void schema(String table) throws SQLException {
        QueryResult r = table.isEmpty()
                ? db.query(Route.OLTP, "SELECT sql FROM sqlite_master WHERE type IN ('table', 'view', 'index') AND sql IS NOT NULL"
                        + " AND name NOT LIKE 'sqlite%' AND substr(name, 1, 7) <> '_lumos_' AND name NOT LIKE '%_lumos_%' ORDER BY name")
                : db.query(Route.OLTP, "SELECT sql FROM sqlite_master WHERE lower(tbl_name) = lower(?) AND sql IS NOT NULL"
                        + " AND name NOT LIKE '%_lumos_%' ORDER BY type DESC, name", table);
        if (r.rows().isEmpty() && !table.isEmpty()) {
            throw new IllegalArgumentException("no table or view named " + table);
        }
        for (Row row : r.rows()) {
            out.println(row.getString(0) + ";");
        }
    }

    private void explain(String sql) throws SQLException {
        if (sql.isEmpty()) {
            throw new IllegalArgumentException(".explain needs a statement");
        }
        String s = sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        RouteDecision d = db.explain(s);
        out.println(d.route() + ": " + d.reason());
    }

    private void route(String arg) {
        switch (arg.toLowerCase(Locale.ROOT)) {
            case "auto" -> route = null;
            case "oltp" -> route = Route.OLTP;
            case "olap" -> route = Route.OLAP;
            case "" -> {
                out.println("route: " + (route == null ? "auto" : route.name().toLowerCase(Locale.ROOT)));
                return;
            }
            default -> throw new IllegalArgumentException("unknown route '" + arg + "': use auto, oltp or olap");
        }
        out.println("reads go " + (route == null ? "where the router decides" : "to " + route));
    }

    private void sync() throws SQLException {
        SyncStatus s = db.sync().status();
        out.printf(Locale.ROOT, "applied %d of %d changes, %d pending, lag %d ms%s%s%n", s.appliedSequence(), s.lastCommittedSequence(),
                s.pendingChanges(), s.lag().toMillis(), s.lastError().map(e -> ", last error: " + e).orElse(""),
                s.rebuilding().map(r -> ", rebuilding: " + r).orElse(""));
    }

    private void cache() {
        CacheStatistics s = db.cache().stats();
        out.printf(Locale.ROOT, "hit ratio %.3f; L1 %d entries, %d bytes, %d hits; L2 %d entries, %d bytes, %d hits;"
                        + " %d stale dropped; embeddings %d hits, %d misses%n", s.hitRatio(), s.l1Entries(), s.l1Bytes(), s.l1().hitCount(),
                s.l2Entries(), s.l2Bytes(), s.l2().hitCount(), s.staleDropped(), s.embeddings().hitCount(), s.embeddings().missCount());
    }

    private void vectors() throws SQLException {
        List<String> names = db.vectors().names();
        if (names.isEmpty()) {
            out.println("no vector collections");
        }
        for (String name : names) {
            VectorCollection c = db.vectors().open(name);
            out.printf(Locale.ROOT, "%s: %d vectors, %d dimensions, %s, M %d, ef %d, table %s%n", name, c.size(), c.spec().dimensions(),
                    c.spec().metric(), c.spec().m(), c.spec().ef(), c.table());
        }
    }

    private void mode(String arg) {
        if (arg.isEmpty()) {
            out.println("mode: " + print.mode.name().toLowerCase(Locale.ROOT) + " (" + OutputMode.names() + ")");
            return;
        }
        String[] parts = arg.split("\\s+", 2);
        print.mode = OutputMode.parse(parts[0]);
        if (parts.length > 1) {
            if (print.mode != OutputMode.INSERT) {
                throw new IllegalArgumentException(".mode " + parts[0] + " takes no table name (only .mode insert TABLE)");
            }
            print.insertTable = parts[1];
        }
    }

    private static int[] widths(String arg) {
        if (arg.isEmpty()) {
            return new int[0];
        }
        String[] parts = arg.split("\\s+");
        int[] w = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                w[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(".width takes whole numbers, found '" + parts[i] + "'", e);
            }
            if (w[i] < 0 || w[i] > 1_000) {
                throw new IllegalArgumentException(".width takes 0 (automatic) to 1000, found " + w[i]);
            }
        }
        return w;
    }

    /** Results to {@code file} from now on ({@code once}: the next statement only); an empty name: the screen again. */
    private void output(String file, boolean once) {
        if (out != console) {
            out.close();
            out = console;
        }
        this.once = false;
        if (file.isEmpty()) {
            if (once) {
                throw new IllegalArgumentException(".once needs a file");
            }
            return;
        }
        try {
            out = new PrintWriter(java.nio.file.Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage(), e);
        }
        this.once = once;
    }

    /** Closes an {@code .output} file. */
    void closeOutput() {
        output("", false);
    }

    private void indexes(String table) throws SQLException {
        QueryResult r = table.isEmpty()
                ? db.query(Route.OLTP, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite%'"
                        + " AND name NOT LIKE '%_lumos_%' ORDER BY name")
                : db.query(Route.OLTP, "SELECT name FROM sqlite_master WHERE type = 'index' AND lower(tbl_name) = lower(?)"
                        + " AND name NOT LIKE '%_lumos_%' ORDER BY name", table);
        for (Row row : r.rows()) {
            out.println(row.getString(0));
        }
    }

    private static boolean onOff(String arg, String what) {
        return switch (arg.toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(what + " takes on or off");
        };
    }

    /** Runs the statements and dot-commands of a file; stops at the first error. */
    private void read(String file) throws IOException {
        if (file.isEmpty()) {
            throw new IllegalArgumentException(".read needs a file");
        }
        if (depth >= 16) {
            throw new IllegalArgumentException(".read nested more than 16 deep");
        }
        depth++;
        try {
            StatementBuffer buffer = new StatementBuffer();
            int errorsBefore = errors;
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                if (!feed(buffer, line) || errors > errorsBefore) {
                    return;
                }
            }
            finish(buffer);
        } finally {
            depth--;
        }
    }

    /**
     * One line of input: a dot-command (when no statement is open), or part of SQL; runs what it completes.
     * Returns false when it asked to quit.
     */
    boolean feed(StatementBuffer buffer, String line) {
        if (!buffer.open() && line.strip().startsWith(".")) {
            return command(line);
        }
        for (String sql : buffer.add(line)) {
            statement(sql);
        }
        return true;
    }

    /** At the end of input: runs a last statement left without its {@code ;}. */
    void finish(StatementBuffer buffer) {
        String rest = buffer.drain();
        if (!rest.isEmpty()) {
            statement(rest);
        }
    }

    /** How many statements and commands failed. */
    int errors() {
        return errors;
    }

    /** Table and view names, for completion. */
    List<String> tableNames() {
        List<String> out = new ArrayList<>();
        try {
            for (Row r : db.query(Route.OLTP, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
                    + " AND name NOT LIKE 'sqlite%' AND substr(name, 1, 7) <> '_lumos_'").rows()) {
                out.add(r.getString(0));
            }
        } catch (SQLException e) {
            // completion is a convenience: no names rather than an error in the middle of typing
        }
        return out;
    }
}
