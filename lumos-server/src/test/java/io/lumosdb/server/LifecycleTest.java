package io.lumosdb.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent clients, a graceful shutdown with requests in flight, backups, restore into a fresh directory, TLS. */
class LifecycleTest {
    @TempDir
    Path tmp;

    @Test
    void concurrentClients_writeAndReadWithoutLoss() throws Exception {
        try (LiveServer s = LiveServer.start()) {
            s.sql("CREATE TABLE hits(client INTEGER, n INTEGER, PRIMARY KEY (client, n))");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        for (int n = 0; n < 50; n++) {
                            s.post("/v1/sql", s.adminKey, "{\"sql\":\"INSERT INTO hits VALUES (?, ?)\",\"params\":[" + client + "," + n + "]}")
                                    .expect(200);
                            s.post("/v1/sql", s.adminKey, "{\"sql\":\"SELECT count(*) FROM hits WHERE client = ?\",\"params\":[" + client + "]}")
                                    .expect(200);
                        }
                        return 50;
                    }));
                }
                for (Future<Integer> f : done) {
                    assertEquals(50, f.get(5, TimeUnit.MINUTES));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(400, s.sql("SELECT count(*) FROM hits").get("rows").get(0).get(0).asInt());
        }
    }

    @Test
    void close_drainsRequestsInFlightThenClosesTheDatabase() throws Exception {
        Path dir = tmp.resolve("db");
        LumosServer server = LumosServer.builder().directory(dir).port(0).start();
        String key = server.initialAdminKey().orElseThrow();
        var http = java.net.http.HttpClient.newHttpClient();
        String slow = "{\"sql\":\"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c\"}";
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(http.sendAsync(HttpRequest.newBuilder(java.net.URI.create(server.url() + "/v1/sql"))
                    .header("Authorization", "Bearer " + key).timeout(Duration.ofMinutes(2))
                    .POST(HttpRequest.BodyPublishers.ofString(slow)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (server.inFlight() < 4 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000); // polls the condition, bounded by the deadline
        }
        assertEquals(4, server.inFlight(), "the requests reached the server");
        server.close();
        for (CompletableFuture<HttpResponse<String>> f : inFlight) {
            HttpResponse<String> r = f.get(2, TimeUnit.MINUTES);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().contains("[[3000000]]"), r.body());
        }
        assertTrue(Files.notExists(dir.resolve("lumos.sqlite-wal")), "the database was closed cleanly");
        try (LumosDB reopened = LumosDB.open(dir)) { // the lock was released
            assertEquals(0, reopened.query("SELECT count(*) FROM sqlite_master WHERE name = 'x'").rows().get(0).getLong(0));
        }
    }

    @Test
    void backup_askedCompressed_likeABrowser_arrivesWhole() throws Exception {
        try (LiveServer s = LiveServer.start()) {
            s.sql("CREATE TABLE t(id INTEGER PRIMARY KEY, x TEXT)");
            s.sql("INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500) SELECT x, 'row ' || x FROM c");
            HttpResponse<byte[]> r = s.http.send(HttpRequest.newBuilder(s.uri("/v1/admin/backup")).header("Accept-Encoding", "gzip")
                    .header("Authorization", "Bearer " + s.adminKey).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
            byte[] file = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body())).readAllBytes();
            assertEquals("SQLite format 3", new String(file, 0, 15, java.nio.charset.StandardCharsets.US_ASCII));
            assertTrue(file.length > r.body().length, "compressed: " + r.body().length + " of " + file.length);
        }
    }

    @Test
    void backup_restoresIntoAFreshDirectoryWithEqualContents() throws Exception {
        Path backup = tmp.resolve("backup.sqlite");
        Path fresh = tmp.resolve("fresh");
        String before;
        try (LiveServer s = LiveServer.start()) {
            s.sql("CREATE TABLE orders(id INTEGER PRIMARY KEY, who TEXT, amount REAL, doc BLOB)");
            s.sql("INSERT INTO orders WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000)"
                    + " SELECT x, 'c' || (x % 17), x / 3.0, randomblob(16) FROM c");
            s.call("PUT", "/v1/collections/docs", s.adminKey, "{\"dimensions\":2}").expect(201);
            s.call("PUT", "/v1/collections/docs/points", s.adminKey, "{\"points\":[{\"id\":\"a\",\"vector\":[1,0]},"
                    + "{\"id\":\"b\",\"vector\":[0,1]}]}").expect(200);
            before = s.sql("SELECT * FROM orders ORDER BY id").get("rows").toString();
            HttpResponse<Path> r = s.http.send(HttpRequest.newBuilder(s.uri("/v1/admin/backup"))
                    .header("Authorization", "Bearer " + s.adminKey).build(), HttpResponse.BodyHandlers.ofFile(backup));
            assertEquals(200, r.statusCode());
            assertEquals("application/vnd.sqlite3", r.headers().firstValue("Content-Type").orElse(""));
            s.sql("DELETE FROM orders"); // after the backup: not in it
        }
        LumosDB.restore(fresh, backup);
        try (LumosDB db = LumosDB.open(fresh)) {
            assertTrue(db.sync().verify().consistent());
            try (LumosServer server = LumosServer.builder().database(db).port(0).start()) {
                String key = server.initialAdminKey().orElseThrow(); // keys are not in backups: the fresh directory makes its own
                var http = java.net.http.HttpClient.newHttpClient();
                HttpResponse<String> rows = http.send(HttpRequest.newBuilder(java.net.URI.create(server.url() + "/v1/sql"))
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT * FROM orders ORDER BY id\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(before, LiveServer.JSON.readTree(rows.body()).get("rows").toString());
                HttpResponse<String> hits = http.send(HttpRequest.newBuilder(java.net.URI.create(server.url() + "/v1/collections/docs/search"))
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"vector\":[0,1],\"k\":1}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("b", LiveServer.JSON.readTree(hits.body()).get("hits").get(0).get("id").asText(), hits.body());
            }
            assertEquals(2000, db.query(io.lumosdb.Route.OLAP, "SELECT count(*) FROM orders").rows().get(0).getLong(0));
        }
    }

    @Test
    void scheduledBackups_keepTheNewestN() throws Exception {
        Path backups = tmp.resolve("backups");
        java.util.Set<String> seen = new java.util.TreeSet<>();
        try (LiveServer s = LiveServer.start(b -> b.backups(backups, Duration.ofMillis(50), 2))) {
            s.sql("CREATE TABLE t(a)");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (seen.size() < 4 && System.nanoTime() < deadline) {
                if (Files.isDirectory(backups)) {
                    try (var files = Files.list(backups)) {
                        files.forEach(f -> seen.add(f.getFileName().toString()));
                    }
                }
                LockSupport.parkNanos(10_000_000); // polls the condition, bounded by the deadline
            }
        }
        assertTrue(seen.size() >= 4, "backups written: " + seen);
        try (var files = Files.list(backups)) {
            List<Path> kept = files.sorted().toList();
            assertEquals(2, kept.size(), kept.toString());
            assertTrue(kept.get(1).getFileName().toString().compareTo(seen.stream().skip(seen.size() - 2).findFirst().orElseThrow()) >= 0);
            assertEquals("SQLite format 3", new String(Files.readAllBytes(kept.get(1)), 0, 15, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    @Test
    void tls_servesHttpsFromAKeystore() throws Exception {
        Path keystore = tmp.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "lumos", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
        try (LiveServer s = LiveServer.start(b -> b.tls(keystore, "changeit".toCharArray()))) {
            assertEquals("https", s.server.url().getScheme());
            var ks = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keystore)) {
                ks.load(in, "changeit".toCharArray());
            }
            var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            var ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            var https = java.net.http.HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(s.uri("/livez")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
        }
    }
}
