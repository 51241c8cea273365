package io.lumosdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lumos serve}, {@code keys} and {@code restore} as users run them: a process, SIGTERM, the key on stdout. */
class ServeCommandIT {
    @TempDir
    Path tmp;

    @Test
    void serve_printsUrlAndKey_answers_andStopsCleanlyOnSigterm() throws Exception {
        Path dir = tmp.resolve("db");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process p = new ProcessBuilder(LumosJar.command("serve", dir.toString(), "--port", Integer.toString(port)))
                .redirectError(tmp.resolve("serve.err").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String first = LumosJar.humanLine(out); // the JSON log lines share stdout (docs/observability.md)
            assertTrue(first != null && first.contains("http://127.0.0.1:" + port), first);
            assertTrue(LumosJar.humanLine(out).startsWith("No API key existed"));
            String key = LumosJar.humanLine(out);
            assertTrue(key.startsWith("lumos_"), key);
            LumosJar.drain(out);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sql"))
                    .header("Authorization", "Bearer " + key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"CREATE TABLE t(a)\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "serve stops on SIGTERM");
            assertTrue(Files.notExists(dir.resolve("lumos.sqlite-wal")), "the database was closed cleanly");
        } finally {
            p.destroyForcibly();
        }
        LumosJar.Result keys = LumosJar.run("", "keys", "create", dir.toString(), "--role", "read", "--user", "alice", "--name", "dash");
        assertEquals(0, keys.exit(), keys.err());
        String[] lines = keys.out().strip().split("\\R");
        assertTrue(lines[lines.length - 1].matches("lumos_[0-9a-f]{16}_[A-Za-z0-9_-]{43}"), keys.out());
        LumosJar.Result list = LumosJar.run("", "keys", "list", dir.toString());
        assertTrue(list.out().contains("'dash' role read user alice"), list.out());
        assertTrue(list.out().contains("'initial admin' role admin"), list.out());
        assertTrue(!list.out().contains(lines[lines.length - 1]), "secrets are never listed");
        assertEquals(0, LumosJar.run("", "keys", "revoke", dir.toString(), "dash").exit());
        assertTrue(!LumosJar.run("", "keys", "list", dir.toString()).out().contains("dash"));
        assertNotEquals(0, LumosJar.run("", "keys", "create", dir.toString(), "--role", "owner").exit());
    }

    @Test
    void restore_rebuildsTheDatabaseFromABackup() throws Exception {
        Path source = tmp.resolve("source");
        assertEquals(0, LumosJar.run("", "sql", source.toString(), "CREATE TABLE t(a INTEGER); INSERT INTO t VALUES (1), (2), (3)").exit());
        Path copy = tmp.resolve("copy.sqlite");
        Files.copy(source.resolve("lumos.sqlite"), copy); // closed cleanly: the file alone is the database
        Path target = tmp.resolve("target");
        LumosJar.Result r = LumosJar.run("", "restore", target.toString(), copy.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("verified"), r.out());
        LumosJar.Result sum = LumosJar.run("", "sql", target.toString(), "SELECT sum(a) FROM t", "--format", "csv");
        assertTrue(sum.out().contains("6"), sum.out());
        Files.writeString(tmp.resolve("junk.sqlite"), "not a database");
        LumosJar.Result junk = LumosJar.run("", "restore", target.toString(), tmp.resolve("junk.sqlite").toString());
        assertNotEquals(0, junk.exit());
        assertTrue(junk.err().contains("not a SQLite database"), junk.err());
        assertTrue(LumosJar.run("", "sql", target.toString(), "SELECT count(*) FROM t", "--format", "csv").out().contains("3"));
    }
}
