package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell under a pseudo-terminal (util-linux {@code script}): JLine's line editing is on, and Ctrl-C
 * cancels a running query without leaving the shell. Input is sent when the output shows the shell is
 * ready for it, with generous deadlines.
 */
class TerminalShellIT {
    @TempDir
    Path tmp;

    @Test
    void ctrlCCancelsTheRunningQueryNotTheShell() throws Exception {
        Path script = Path.of("/usr/bin/script");
        assertTrue(Files.isExecutable(script), "util-linux script is needed for the pseudo-terminal (.ci/run installs bsdutils)");
        // script gives the pseudo-terminal no size; JLine needs one to draw the line being edited
        // exec: java replaces the shell script runs it with; a shell waiting on java would die of the Ctrl-C (exit 130)
        // env --default-signal=INT: a build started in the background of a non-interactive shell inherits SIGINT
        // ignored, and neither sh nor the JVM may undo that; the shell under test must get Ctrl-C as a user's would
        String cmd = "stty cols 120 rows 40; exec env --default-signal=INT "
                + String.join(" ", LumosJar.command("shell", tmp.resolve("db").toString()));
        ProcessBuilder pb = new ProcessBuilder(List.of(script.toString(), "-qec", cmd, "/dev/null"));
        pb.environment().put("TERM", "xterm");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        LumosJar.pump(p.getInputStream(), new java.io.OutputStream() { // wakes the waits below on every byte of output
            @Override
            public void write(int b) {
                synchronized (seen) {
                    seen.write(b);
                    seen.notifyAll();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (seen) {
                    seen.write(b, off, len);
                    seen.notifyAll();
                }
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            // input is sent only at a prompt: JLine discards what arrives while it switches the terminal mode
            await(seen, s -> s.contains("lumos> "), "the prompt");
            send(in, "SELECT 40 + 2 AS answer;\r");
            await(seen, s -> s.contains("(1 row") && s.indexOf("lumos> ", s.indexOf("(1 row")) > 0, "the first answer and a prompt");
            send(in, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c;\r");
            // a Ctrl-C before JLine accepted the line would only clear the line: wait until it left line editing
            await(seen, s -> s.contains("FROM c;") && s.indexOf("\u001b[?2004l", s.indexOf("FROM c;")) > 0, "the long query accepted");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!text(seen).contains("cancelled")) { // Ctrl-C until the running query is cancelled
                assertTrue(System.nanoTime() < deadline, "Ctrl-C did not cancel the query: " + text(seen));
                send(in, "\u0003");
                awaitOutput(seen, s -> s.contains("cancelled"), 500); // then Ctrl-C again if it has not
            }
            await(seen, s -> s.contains("cancelled") && s.indexOf("lumos> ", s.indexOf("cancelled")) > 0, "a prompt after the cancel");
            send(in, "SELECT 7 * 6 AS again;\r");
            await(seen, s -> s.contains("again") && s.indexOf("lumos> ", s.lastIndexOf("(1 row")) > s.indexOf("cancelled"),
                    "a statement after the cancel");
            send(in, ".quit\r");
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the shell did not quit: " + text(seen));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // the shell under script, not script alone
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), text(seen));
        String out = text(seen);
        assertTrue(out.contains("\u001b["), "JLine drives the terminal (escape sequences): " + out);
        assertTrue(out.contains("lumos> "), "the prompt: " + out);
        assertTrue(out.contains("Error: query cancelled"), out);
        assertTrue(out.indexOf("42", out.indexOf("cancelled")) > 0, "the shell answered after the cancel: " + out);
    }

    private static String text(ByteArrayOutputStream seen) {
        synchronized (seen) {
            return seen.toString(StandardCharsets.UTF_8);
        }
    }

    private static void send(OutputStream in, String s) throws Exception {
        in.write(s.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static void await(ByteArrayOutputStream seen, Predicate<String> ready, String what) throws InterruptedException {
        assertTrue(awaitOutput(seen, ready, 120_000), "waited 120 s for " + what + ": " + text(seen));
    }

    /** Waits, woken by each write of output, until {@code ready} holds or {@code millis} pass; returns whether it holds. */
    private static boolean awaitOutput(ByteArrayOutputStream seen, Predicate<String> ready, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (seen) {
            while (!ready.test(seen.toString(StandardCharsets.UTF_8))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                seen.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return true;
        }
    }
}
