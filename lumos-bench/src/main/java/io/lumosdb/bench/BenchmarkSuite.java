package io.lumosdb.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The claim in one command: OLTP against raw sqlite-jdbc and raw DuckDB ({@link OltpBenchmark}, JMH),
 * TPC-H's 22 queries against raw DuckDB and raw SQLite ({@link TpchRunner}) and the mixed HTAP workload
 * ({@link HtapRunner}), printed as Markdown with the machine, JVM, engine versions and date, and with
 * {@code --write FILE} put into that file between this profile's markers (the rest of the file is kept):
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.BenchmarkSuite quick --write docs/benchmarks.md   # minutes, TPC-H SF 0.1
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.BenchmarkSuite full --write docs/benchmarks.md    # about 25 minutes, TPC-H SF 1
 * </pre>
 */
public final class BenchmarkSuite {
    /**
     * How much of everything to run.
     *
     * @param jmhForks 0 runs JMH in this JVM (the smoke test), else each benchmark in its own
     */
    record Profile(String name, int oltpRows, int jmhForks, int warmups, int warmupMillis, int iterations, int iterationMillis,
            double tpchScale, int tpchRepetitions, int sqliteTimeoutSeconds, int htapRows, int htapWriters, int htapReaders,
            int htapSeconds) {}

    /** Two JMH forks each: on 2 shared cores one fork's error bars were ±80-120% of the facade's figure. */
    static final Profile QUICK = new Profile("quick", 100_000, 2, 2, 1000, 5, 1500, 0.1, 3, 30, 200_000, 2, 2, 10);
    static final Profile FULL = new Profile("full", 1_000_000, 2, 2, 2000, 5, 3000, 1.0, 3, 60, 1_000_000, 2, 2, 20);
    /** Seconds, for the build: proves the suite runs end to end; its figures mean nothing. */
    static final Profile SMOKE = new Profile("smoke", 2_000, 0, 0, 100, 1, 100, 0.01, 1, 30, 20_000, 1, 1, 1);

    private BenchmarkSuite() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("quick") || args[0].equals("full")) || (args.length > 1 && !(args.length == 3
                && args[1].equals("--write")))) {
            throw new IllegalArgumentException("usage: BenchmarkSuite quick|full [--write docs/benchmarks.md]");
        }
        Profile profile = args[0].equals("quick") ? QUICK : FULL;
        String command = "java -cp lumos-bench/target/benchmarks.jar " + BenchmarkSuite.class.getName() + " " + String.join(" ", args);
        String markdown = run(profile, command);
        System.out.println(markdown);
        if (args.length == 3) {
            Path file = Path.of(args[2]);
            String before = Files.exists(file) ? Files.readString(file) : "";
            Files.writeString(file, rewrite(before, profile.name(), markdown), StandardCharsets.UTF_8);
            System.out.println("wrote the " + profile.name() + " results into " + file);
        }
    }

    /** Runs the profile; returns its Markdown section. */
    static String run(Profile p, String command) throws Exception {
        StringBuilder s = new StringBuilder();
        s.append("## Suite results: ").append(p.name()).append(" profile\n\n");
        s.append("`").append(command).append("`, ").append(LocalDate.now(ZoneOffset.UTC)).append(". ").append(environment()).append("\n\n");
        s.append("### OLTP (JMH, operations per second; higher is better)\n\n");
        s.append(oltp(p));
        s.append("\n### Ad-hoc SQL (JMH, microseconds per query; lower is better)\n\n");
        s.append(adHoc(p));
        Path dir = Files.createTempDirectory("lumos-suite-");
        try {
            s.append("\n### TPC-H, 22 queries\n\n");
            s.append(TpchRunner.report(TpchRunner.run(p.tpchScale(), p.tpchRepetitions(), p.sqliteTimeoutSeconds(), dir.resolve("tpch")),
                    p.tpchScale()));
            BenchFiles.deleteTree(dir.resolve("tpch"));
            s.append("\n### Mixed HTAP workload\n\n");
            s.append(HtapRunner.report(HtapRunner.run(p.htapRows(), p.htapWriters(), p.htapReaders(), p.htapSeconds(), dir),
                    p.htapRows(), p.htapSeconds()));
        } finally {
            BenchFiles.deleteTree(dir);
        }
        return s.toString();
    }

    static String oltp(Profile p) throws Exception {
        Collection<RunResult> results = jmh(p, OltpBenchmark.class, p.oltpRows());
        Map<String, Map<String, RunResult>> byOperation = new LinkedHashMap<>();
        for (RunResult r : results) {
            String op = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            byOperation.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(r.getParams().getParam("engine"), r);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "A table of %,d rows; `insertBatch` is one transaction of %d rows. Each figure ± its 99.9%%"
                + " error; `java -jar lumos-bench/target/benchmarks.jar OltpBenchmark` runs these alone.%n%n", p.oltpRows(),
                OltpBenchmark.BATCH));
        s.append("| operation | raw sqlite-jdbc | raw DuckDB | Lumos-DB | Lumos-DB / raw sqlite-jdbc (target >= 0.9x) |\n");
        s.append("|---|---:|---:|---:|---:|\n");
        for (var e : byOperation.entrySet()) {
            RunResult sqlite = e.getValue().get("raw-sqlite");
            RunResult lumos = e.getValue().get("lumos");
            s.append("| ").append(e.getKey()).append(" | ").append(score(sqlite)).append(" | ").append(score(e.getValue().get("raw-duckdb")))
                    .append(" | ").append(score(lumos)).append(" | ");
            if (sqlite != null && lumos != null) {
                double ratio = lumos.getPrimaryResult().getScore() / sqlite.getPrimaryResult().getScore();
                s.append(String.format(Locale.ROOT, "%.2fx%s", ratio, ratio >= 0.9 ? "" : " (missed)"));
            }
            s.append(" |\n");
        }
        return s.toString();
    }

    /** Runs one JMH class with the profile's forks, warm-ups and iterations, on {@code rows} rows. */
    private static Collection<RunResult> jmh(Profile p, Class<?> benchmark, int rows) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(benchmark.getName()).param("rows", Integer.toString(rows)).forks(p.jmhForks())
                .warmupIterations(p.warmups()).warmupTime(TimeValue.milliseconds(p.warmupMillis()))
                .measurementIterations(p.iterations()).measurementTime(TimeValue.milliseconds(p.iterationMillis()))
                .shouldFailOnError(true);
        return new Runner(options.build()).run();
    }

    /** Issue 20's ad-hoc targets: a never-seen grouped aggregate against raw DuckDB, a never-seen point lookup against raw sqlite-jdbc. */
    static String adHoc(Profile p) throws Exception {
        int rows = Math.min(200_000, 2 * p.oltpRows());
        Map<String, Map<String, RunResult>> byQuery = new LinkedHashMap<>();
        for (RunResult r : jmh(p, AdHocQueryBenchmark.class, rows)) {
            String op = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            byQuery.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(r.getParams().getParam("engine"), r);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Every call a text never seen before (literals inline), %,d rows, result cache off; "
                + "`java -jar lumos-bench/target/benchmarks.jar AdHocQueryBenchmark` runs these alone.%n%n", rows));
        s.append("| query | raw engine µs | Lumos-DB µs | Lumos-DB / raw | target |\n|---|---:|---:|---:|---|\n");
        for (var e : byQuery.entrySet()) {
            boolean aggregate = e.getKey().equals("aggregate");
            double target = aggregate ? 1.15 : 2.0;
            RunResult raw = e.getValue().get("raw");
            RunResult lumos = e.getValue().get("lumos");
            double ratio = lumos.getPrimaryResult().getScore() / raw.getPrimaryResult().getScore();
            s.append(String.format(Locale.ROOT, "| %s | %s (%s) | %s | %.2fx | <= %.2fx%s |%n",
                    aggregate ? "`SELECT g, count(*), sum(x) FROM t WHERE x > <literal> GROUP BY g`" : "`SELECT * FROM t WHERE id = <literal>`",
                    score(raw), aggregate ? "DuckDB" : "sqlite-jdbc", score(lumos), ratio, target, ratio <= target ? "" : " (missed)"));
        }
        return s.toString();
    }

    private static String score(RunResult r) {
        if (r == null) {
            return "-";
        }
        double error = r.getPrimaryResult().getScoreError();
        return String.format(Locale.ROOT, "%,.0f%s", r.getPrimaryResult().getScore(),
                Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %,.0f", error));
    }

    /** The machine, JVM and engine versions this run measured. */
    static String environment() throws IOException, SQLException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String cpu = "";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim() + ", ").orElse("");
        }
        return String.format(Locale.ROOT, "Machine: %s%d cores, %.0f GiB, %s %s (%s). JVM: %s %s. Lumos-DB %s; SQLite %s (sqlite-jdbc %s);"
                + " DuckDB %s (duckdb_jdbc of the same version).", cpu, Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize() / (1024.0 * 1024 * 1024), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"), System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                artifactVersion("io.lumosdb", "lumos-core"), engineVersion("jdbc:sqlite::memory:", "SELECT sqlite_version()"),
                artifactVersion("org.xerial", "sqlite-jdbc"), engineVersion("jdbc:duckdb:", "SELECT version()"));
    }

    private static String engineVersion(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The version in a jar's Maven properties (kept in the shaded benchmarks jar), or "?" without them. */
    private static String artifactVersion(String group, String artifact) throws IOException {
        try (var in = BenchmarkSuite.class.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in == null) {
                return "?";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version", "?");
        }
    }

    static String beginMarker(String profile) {
        return "<!-- BenchmarkSuite " + profile + ": generated from here -->";
    }

    static String endMarker(String profile) {
        return "<!-- BenchmarkSuite " + profile + ": generated up to here -->";
    }

    /**
     * {@code document} with this profile's generated section replaced by {@code markdown}; the section is
     * added before "## Not measured yet" (or at the end) when the document has none yet.
     */
    static String rewrite(String document, String profile, String markdown) {
        String section = beginMarker(profile) + "\n" + markdown.strip() + "\n" + endMarker(profile) + "\n";
        int begin = document.indexOf(beginMarker(profile));
        int end = document.indexOf(endMarker(profile));
        if (begin >= 0 && end > begin) {
            int after = end + endMarker(profile).length();
            if (after < document.length() && document.charAt(after) == '\n') {
                after++;
            }
            return document.substring(0, begin) + section + document.substring(after);
        }
        int anchor = document.indexOf("\n## Not measured yet");
        if (anchor < 0) {
            return document + (document.isEmpty() || document.endsWith("\n\n") ? "" : document.endsWith("\n") ? "\n" : "\n\n") + section;
        }
        return document.substring(0, anchor + 1) + section + "\n" + document.substring(anchor + 1);
    }
}
