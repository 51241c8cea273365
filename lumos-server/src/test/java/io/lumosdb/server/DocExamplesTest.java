package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code ```sh} block of docs/server.md, in order, with the system's bash and curl against a
 * live server ({@code $URL}, {@code $KEY}, {@code $TMP}); each must exit 0, and a trailing
 * {@code # -> text} must be in its output. The documentation cannot promise what the server does not do.
 */
class DocExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern EXPECT = Pattern.compile("#\\s*->\\s*(.+)$");

    @TempDir
    Path tmp;

    @Test
    void everyShellExample_runsAndPrintsWhatTheDocSays() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "server.md"), StandardCharsets.UTF_8);
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertTrue(blocks.size() >= 10, "docs/server.md has " + blocks.size() + " runnable examples");
        try (LiveServer s = LiveServer.start()) {
            for (String block : blocks) {
                ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block).redirectErrorStream(true);
                pb.environment().put("URL", s.server.url().toString());
                pb.environment().put("KEY", s.adminKey);
                pb.environment().put("TMP", tmp.toString());
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(2, TimeUnit.MINUTES), block);
                assertEquals(0, p.exitValue(), () -> "example failed:\n" + block + "\noutput:\n" + out);
                for (String line : block.split("\n")) {
                    Matcher e = EXPECT.matcher(line);
                    if (e.find()) {
                        assertTrue(out.contains(e.group(1).trim()), () -> "expected '" + e.group(1).trim() + "' from:\n" + block + "\ngot:\n" + out);
                    }
                }
            }
        }
    }
}
