package io.lumosdb.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load from {@code wrk} (Debian package {@code wrk}, a C client on epoll), for the server's own limit:
 * on two cores a JVM client's CPU comes out of the server's. The bodies of the calls are the ones the JDK
 * client sends ({@link LoadWorkload#body}), cycled through by a generated Lua script; every answer must
 * be a 2xx. The run is bounded by wrk's duration and stopped if it outlives it.
 *
 * <pre>{@code
 * Optional<BoundedLoad.Outcome> o = WrkLoad.run(server.url(), key, "/v1/sql", bodies, 16, 10);
 * }</pre>
 */
final class WrkLoad {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)|Socket errors: .*");

    private WrkLoad() {}

    /** The wrk binary on the PATH, if there is one. */
    static Optional<Path> binary() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path wrk = Path.of(dir, "wrk");
            if (Files.isExecutable(wrk)) {
                return Optional.of(wrk);
            }
        }
        return Optional.empty();
    }

    /**
     * Runs wrk with {@code connections} keep-alive connections on two threads for {@code seconds} against
     * {@code path}, POSTing {@code bodies} in turn; empty when wrk is not installed.
     */
    static Optional<BoundedLoad.Outcome> run(URI server, String key, String path, List<String> bodies, int connections, double seconds)
            throws IOException, InterruptedException {
        Optional<Path> wrk = binary();
        if (wrk.isEmpty()) {
            return Optional.empty();
        }
        Path script = Files.createTempFile("lumos-wrk-", ".lua");
        try {
            Files.writeString(script, script(key, bodies), StandardCharsets.UTF_8);
            int duration = Math.max(1, (int) Math.round(seconds));
            List<String> command = List.of(wrk.get().toString(), "-t" + Math.min(2, connections), "-c" + connections, "-d" + duration + "s",
                    "--latency", "-s", script.toString(), server.resolve(path).toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out;
            try {
                out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } finally {
                if (!p.waitFor(duration + 60L, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("wrk failed (exit " + p.exitValue() + "): " + out);
            }
            return Optional.of(parse(out));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Throughput and p50/p99 from wrk's {@code --latency} report; a run with a failed call fails. */
    static BoundedLoad.Outcome parse(String report) {
        Matcher errors = ERRORS.matcher(report);
        if (errors.find()) {
            throw new IllegalStateException("wrk saw failed calls: " + errors.group() + "\n" + report);
        }
        Matcher total = TOTAL.matcher(report);
        Matcher rate = RATE.matcher(report);
        if (!total.find() || !rate.find()) {
            throw new IllegalStateException("no totals in wrk's report:\n" + report);
        }
        long calls = Long.parseLong(total.group(1));
        return new BoundedLoad.Outcome(calls, calls / Double.parseDouble(rate.group(1)), percentileMs(report, "50"),
                percentileMs(report, "99"));
    }

    private static double percentileMs(String report, String percent) {
        Matcher m = Pattern.compile("^\\s+" + percent + "(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE).matcher(report);
        if (!m.find()) {
            throw new IllegalStateException("no " + percent + "% latency in wrk's report:\n" + report);
        }
        return millis(Double.parseDouble(m.group(1)), m.group(2));
    }

    private static double millis(double value, String unit) {
        return switch (unit) {
            case "us" -> value / 1_000;
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    /** A Lua script for wrk that POSTs the bodies in turn, each thread from its own offset. */
    static String script(String key, List<String> bodies) {
        StringBuilder b = new StringBuilder(bodies.size() * 64 + 512);
        b.append("wrk.method = \"POST\"\n");
        b.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        b.append("wrk.headers[\"Authorization\"] = \"Bearer ").append(key).append("\"\n");
        b.append("local bodies = {\n");
        for (String body : bodies) {
            if (body.contains("]==]")) {
                throw new IllegalArgumentException("a body holds the Lua string's closing bracket: " + body);
            }
            b.append("[==[").append(body).append("]==],\n");
        }
        b.append("}\n");
        b.append("local n = 0\n");
        b.append("setup = function(thread) n = n + 1; thread:set(\"offset\", n * ").append(Math.max(1, bodies.size() / 7)).append(") end\n");
        b.append("init = function(args) n = offset or 0 end\n");
        b.append("request = function()\n  n = n + 1\n  return wrk.format(nil, nil, nil, bodies[(n % #bodies) + 1])\nend\n");
        return b.toString().replace("\r", "");
    }
}
