package io.lumosdb.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The repository's {@code ops/} files and the Prometheus tools that check them. The tools come from the
 * Debian packages {@code prometheus} (prometheus, promtool) and {@code prometheus-alertmanager} (amtool),
 * which .ci/run installs: a missing tool fails the test, saying which package to install.
 */
final class OpsTools {
    private OpsTools() {}

    /** The repository's {@code ops/} directory (tests run in the module's directory). */
    static Path ops() {
        Path ops = Path.of("..", "ops").toAbsolutePath().normalize();
        if (!Files.isDirectory(ops)) {
            throw new AssertionError("no ops/ directory at " + ops);
        }
        return ops;
    }

    /** The executable {@code name} on the PATH or in /usr/bin; fails naming the Debian package otherwise. */
    static Path tool(String name, String debianPackage) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add("/usr/bin");
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new AssertionError(name + " is not installed: this test runs the real one. Install it with"
                + " `apt-get install -y " + debianPackage + "` (.ci/run does)");
    }

    /** What a finished tool printed, and its exit code. */
    record Run(int exitCode, String output) {}

    /** Runs {@code command} in {@code dir}, up to two minutes. */
    static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("ops-tool", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in two minutes");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
