package io.lumosdb.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Start-up of the {@code lumos} command against its peers, one process per run, in the same run: {@code lumos sql
 * DIR "SELECT 1"} and {@code lumos shell DIR} (fed {@code .quit}), the {@code sqlite3} and {@code duckdb} command
 * lines on the same database when they are installed, a plain Java "hello world" (the floor any JVM command
 * pays), and the {@code lumos-cli/lumos} launcher (a class-data sharing archive, written by its warm-up run).
 * Wall and CPU time (user + system, from {@code /usr/bin/time}) are the median of {@code runs} runs after one
 * warm-up each; ratios are against the Java floor and against sqlite3.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.StartupRunner [lumos.jar] [runs]
 * </pre>
 * Defaults: lumos-cli/target/lumos.jar, 7 runs.
 */
public final class StartupRunner {
    private StartupRunner() {}

    /** The Java floor: a JVM that starts, prints and exits. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("1");
        }
    }

    record Timing(double wall, double cpu) {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "lumos-cli/target/lumos.jar").toAbsolutePath();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path dir = Files.createTempDirectory("lumos-startup-");
        Path db = dir.resolve("db");
        run(List.of(java, "-jar", jar.toString(), "sql", db.toString(),
                "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a')"), null);
        List<String[]> rows = new ArrayList<>();
        Timing hello = median(List.of(java, "-cp", System.getProperty("java.class.path"), Hello.class.getName()), null, runs);
        Timing sql = median(List.of(java, "-jar", jar.toString(), "sql", db.toString(), "SELECT 1"), null, runs);
        Timing point = median(List.of(java, "-jar", jar.toString(), "sql", db.toString(), "SELECT v FROM t WHERE id = 1"), null, runs);
        Timing shell = median(List.of(java, "-jar", jar.toString(), "shell", db.toString()), ".quit\n", runs);
        Path launcher = jar.getParent().getParent().resolve("lumos"); // lumos-cli/lumos, with its CDS archive
        Timing launched = Files.isExecutable(launcher)
                ? median(List.of(launcher.toString(), "sql", db.toString(), "SELECT 1"), null, runs) : null;
        Timing sqlite3 = installed("sqlite3") ? median(List.of("sqlite3", db.resolve("lumos.sqlite").toString(), "SELECT 1"), null, runs) : null;
        Timing duckdb = installed("duckdb") ? median(List.of("duckdb", "-c", "SELECT 1"), null, runs) : null;
        System.out.printf(Locale.ROOT, "%nStart-up, median of %d runs (wall s / CPU s, CPU = user + system)%n%n", runs);
        System.out.println("| command | wall | CPU | wall / Java floor | wall / sqlite3 |");
        System.out.println("|---|---|---|---|---|");
        print("java Hello (the Java floor)", hello, hello, sqlite3);
        print("lumos sql DIR \"SELECT 1\"", sql, hello, sqlite3);
        print("lumos sql DIR \"SELECT v FROM t WHERE id = 1\"", point, hello, sqlite3);
        print("lumos shell DIR, then .quit", shell, hello, sqlite3);
        if (launched != null) {
            print("lumos-cli/lumos sql DIR \"SELECT 1\" (launcher, CDS archive)", launched, hello, sqlite3);
        }
        if (sqlite3 != null) {
            print("sqlite3 FILE \"SELECT 1\"", sqlite3, hello, sqlite3);
        } else {
            System.out.println("| sqlite3 | not installed | | | |");
        }
        if (duckdb != null) {
            print("duckdb -c \"SELECT 1\"", duckdb, hello, sqlite3);
        } else {
            System.out.println("| duckdb | not installed | | | |");
        }
    }

    private static void print(String what, Timing t, Timing floor, Timing sqlite3) {
        System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.1fx | %s |%n", what, t.wall(), t.cpu(), t.wall() / floor.wall(),
                sqlite3 == null ? "-" : String.format(Locale.ROOT, "%.0fx", t.wall() / Math.max(0.001, sqlite3.wall())));
    }

    private static boolean installed(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    private static Timing median(List<String> command, String input, int runs) throws Exception {
        run(command, input); // warm-up: page cache, the JIT's shared archive
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            Timing t = run(command, input);
            wall[i] = t.wall();
            cpu[i] = t.cpu();
        }
        Arrays.sort(wall);
        Arrays.sort(cpu);
        return new Timing(wall[runs / 2], cpu[runs / 2]);
    }

    /** One run under /usr/bin/time when it is there (CPU then known, else NaN); fails if the command fails. */
    private static Timing run(List<String> command, String input) throws IOException, InterruptedException {
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        Path times = Files.createTempFile("lumos-time-", ".txt");
        List<String> full = new ArrayList<>();
        if (timed) {
            full.addAll(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %U %S"));
        }
        full.addAll(command);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not end within 5 minutes: " + command);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit code " + p.exitValue() + ": " + command);
        }
        try {
            if (!timed) {
                return new Timing(wall, Double.NaN);
            }
            String[] f = Files.readString(times).trim().split("\\s+");
            return new Timing(wall, Double.parseDouble(f[f.length - 2]) + Double.parseDouble(f[f.length - 1]));
        } finally {
            Files.deleteIfExists(times);
        }
    }
}
