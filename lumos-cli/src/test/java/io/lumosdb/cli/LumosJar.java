package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the shaded {@code lumos.jar} as a process, the way users do. */
final class LumosJar {
    record Result(int exit, String out, String err) {}

    private LumosJar() {}

    static Path jar() {
        return Path.of(System.getProperty("lumos.jar", "target/lumos.jar"));
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code lumos args} with {@code stdin} piped in; waits up to five minutes. */
    static Result run(String stdin, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("lumos " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        o.join();
        e.join();
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Thread pump(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "lumos-test-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The next line that is not a JSON log line. */
    static String humanLine(BufferedReader out) throws IOException {
        String line = out.readLine();
        while (line != null && line.startsWith("{")) {
            assertTrue(line.contains("\"@timestamp\""), "a log line is JSON: " + line);
            line = out.readLine();
        }
        return line;
    }

    /** Reads {@code out} to its end on a daemon thread, so that a server's log lines never fill the pipe and block it. */
    static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // log lines: not asserted here
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "lumos-test-drain");
        t.setDaemon(true);
        t.start();
    }
}
