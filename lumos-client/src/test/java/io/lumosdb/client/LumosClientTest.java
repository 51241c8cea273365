package io.lumosdb.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lumosdb.LumosDB;
import io.lumosdb.server.LumosServer;
import io.lumosdb.server.Role;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real server on 127.0.0.1 (a free port, authentication on): every method, every error kind, concurrency. */
class LumosClientTest {
    private static LumosDB db;
    private static LumosServer server;
    private static LumosClient admin;
    private static String readKey;
    private static String aliceKey;
    private static String docsKey;

    @BeforeAll
    static void start() throws Exception {
        db = LumosDB.builder().inMemory().open();
        server = LumosServer.builder().database(db).port(0).start();
        admin = LumosClient.connect(server.url(), server.initialAdminKey().orElseThrow());
        readKey = issue(Role.READ, null, null);
        aliceKey = issue(Role.WRITE, "alice", null);
        docsKey = issue(Role.WRITE, null, Set.of("cdocs"));
        admin.sql("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT UNIQUE, amount REAL, big INTEGER, raw BLOB, at TIMESTAMP)");
    }

    /** A key made through the admin API, as the client's user would get one. */
    private static String issue(Role role, String user, Set<String> collections) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        StringBuilder body = new StringBuilder("{\"role\": \"" + role.label() + "\"");
        if (user != null) {
            body.append(", \"user\": \"").append(user).append('"');
        }
        if (collections != null) {
            body.append(", \"collections\": [\"").append(String.join("\", \"", collections)).append("\"]");
        }
        var r = http.send(java.net.http.HttpRequest.newBuilder(URI.create(server.url() + "/v1/admin/keys"))
                .header("Authorization", "Bearer " + server.initialAdminKey().orElseThrow())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.append('}').toString())).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        return Transport.JSON.readTree(r.body()).get("key").asText();
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        server.close();
        db.close();
    }

    @Test
    void severalNodes_aNodeThatCannotBeConnectedTo_isPassedOver_andTheOneThatAnsweredIsKept() throws Exception {
        int dead;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            dead = s.getLocalPort(); // closed again: nothing listens there
        }
        URI down = URI.create("http://127.0.0.1:" + dead);
        try (LumosClient c = LumosClient.connect(List.of(down, server.url()), readKey, LumosClient.DEFAULT_TIMEOUT)) {
            assertEquals(1L, c.sql("SELECT 1").rows().get(0).get(0));
            assertTrue(c.toString().contains(server.url().toString()), c.toString());
            assertEquals(1L, c.sql("SELECT 1").rows().get(0).get(0));
        }
        try (LumosClient c = LumosClient.connect(List.of(down), null, LumosClient.DEFAULT_TIMEOUT)) {
            assertThrows(UnavailableException.class, () -> c.sql("SELECT 1"));
        }
        assertThrows(IllegalArgumentException.class, () -> LumosClient.connect(List.of(), null, LumosClient.DEFAULT_TIMEOUT));
    }

    @Test
    void sql_valuesRoundTripWithoutLoss() {
        byte[] blob = {0, 1, 2, (byte) 255};
        Instant at = Instant.parse("2024-05-01T10:00:00Z");
        assertEquals(1, admin.sql("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)", 1, "acme", 9.5, Long.MAX_VALUE, blob, at).rowsChanged());
        SqlResult r = admin.sql("SELECT * FROM orders WHERE id = ?", 1L);
        assertEquals(List.of("id", "customer", "amount", "big", "raw", "at"), r.columns());
        assertEquals(Long.MAX_VALUE, r.getLong(0, "big"));
        assertEquals(9007199254740993L, admin.sql("SELECT 9007199254740993 AS n").getLong(0, "n"));
        assertArrayEquals(blob, r.getBytes(0, "raw"));
        assertEquals(at, r.getInstant(0, "at"));
        assertEquals(9.5, r.getDouble(0, "amount"));
        assertEquals("OLTP", r.route());
        assertFalse(r.reason().isEmpty());
        assertEquals(Double.POSITIVE_INFINITY, admin.sql("SELECT ? AS x", Double.POSITIVE_INFINITY).get(0, "x"));
        assertEquals(Long.MIN_VALUE, admin.sql("SELECT ? AS x", new java.math.BigInteger(Long.toString(Long.MIN_VALUE))).get(0, "x"));
        assertEquals(1, admin.sql(Sql.of("SELECT count(*) AS n FROM orders WHERE id = ?", 1).route("oltp")).getLong(0, "n"));
        assertEquals(1, admin.sql(Sql.of("SELECT count(*) AS n FROM orders WHERE id = 1").freshness("strict").timeout(Duration.ofSeconds(5))).getLong(0, "n"));
        assertThrows(IllegalArgumentException.class, () -> Sql.of("SELECT ?", new Object()));
        assertThrows(IllegalArgumentException.class, () -> Sql.of("SELECT ?", Double.NaN));
    }

    @Test
    void batch_allOrNone() {
        List<SqlResult> ok = admin.batch(List.of(Sql.of("INSERT INTO orders(id, customer) VALUES (?, ?)", 10, "b1"),
                Sql.of("INSERT INTO orders(id, customer) VALUES (?, ?)", 11, "b2"), Sql.of("SELECT count(*) AS n FROM orders WHERE id >= 10")));
        assertEquals(3, ok.size());
        assertEquals(1, ok.get(0).rowsChanged());
        assertEquals(2, ok.get(2).getLong(0, "n"));
        ConflictException e = assertThrows(ConflictException.class, () -> admin.batch(List.of(
                Sql.of("INSERT INTO orders(id, customer) VALUES (12, 'b3')"), Sql.of("INSERT INTO orders(id, customer) VALUES (13, 'b1')"))));
        assertTrue(e.getMessage().contains("statements[1]"), e.getMessage());
        assertEquals(0, admin.sql("SELECT count(*) AS n FROM orders WHERE id = 12").getLong(0, "n")); // none
        List<SqlResult> each = admin.batch(List.of(Sql.of("INSERT INTO orders(id, customer) VALUES (14, 'b4')")), false);
        assertEquals(1, each.get(0).rowsChanged());
    }

    @Test
    void collections_createUpsertGetSearchDeleteDrop() {
        VectorCollection docs = admin.collection("cdocs").create(3, "cosine");
        assertEquals(docs.name(), admin.collection("cdocs").create(3, "cosine").name()); // same spec: found
        assertThrows(ConflictException.class, () -> admin.collection("cdocs").create(4, "cosine"));
        docs.upsert("d1", new float[] {1, 0, 0}, Map.of("lang", "en", "year", 2024));
        docs.upsertAll(List.of(new VectorRecord("d2", new float[] {0.9f, 0.1f, 0}, Map.of("lang", "de")),
                new VectorRecord("d3", new float[] {0, 0, 1}, Map.of("lang", "en"))));
        assertEquals(3, docs.size());
        assertTrue(admin.collections().contains("cdocs"));
        VectorRecord d1 = docs.get("d1").orElseThrow();
        assertArrayEquals(new float[] {1, 0, 0}, d1.vector());
        assertEquals(2024L, d1.metadata().get("year"));
        assertTrue(docs.get("nope").isEmpty());
        List<VectorHit> hits = docs.search(SearchRequest.of(new float[] {1, 0, 0}).k(2).filter("lang = 'en'"));
        assertEquals(List.of("d1", "d3"), hits.stream().map(VectorHit::id).toList());
        assertEquals("en", hits.get(0).metadata().get("lang"));
        assertTrue(docs.delete("d2"));
        assertFalse(docs.delete("d2"));
        BadRequestException bad = assertThrows(BadRequestException.class, () -> docs.search(SearchRequest.of(new float[] {1, 0, 0}).filter("lang = ")));
        assertEquals(400, bad.status());
        assertThrows(BadRequestException.class, () -> docs.upsert("x", new float[] {1, 0}, Map.of()));
        assertThrows(NotFoundException.class, () -> admin.collection("nope").search(SearchRequest.of(new float[] {1})));
        assertThrows(NotFoundException.class, () -> admin.collection("nope").get("x"));
        BadRequestException dims = assertThrows(BadRequestException.class, () -> docs.search(SearchRequest.byText("red apples")));
        assertTrue(dims.getMessage().contains("3 dimensions"), dims::getMessage); // the server's embedder makes more
        assertThrows(BadRequestException.class, () -> docs.upsertText("t1", "red apples", Map.of()));
        VectorCollection notes = admin.collection("cnotes").create(384, "cosine"); // all-MiniLM-L6-v2's, the server's default
        notes.upsertText("n1", "The cat sleeps on the warm sofa", Map.of("lang", "en"));
        notes.upsertText("n2", "Quarterly revenue grew by ten percent", Map.of("lang", "en"));
        assertEquals("n2", notes.search(SearchRequest.byText("how did sales go this quarter").k(1)).get(0).id());
        assertEquals("n1", notes.search(SearchRequest.byText("a sleeping cat").text("a sleeping cat").k(1)).get(0).id());
        assertThrows(IllegalArgumentException.class, () -> SearchRequest.byText(" "));
        assertThrows(IllegalArgumentException.class, () -> SearchRequest.byText("a").text("b"));
        VectorCollection temp = admin.collection("ctemp").create(2, "l2");
        assertTrue(temp.exists());
        temp.drop();
        assertFalse(temp.exists());
    }

    @Test
    void memory_rememberRecallGetSupersedeHistoryForget_inAUsersScope() {
        AgentMemory memory = admin.memory();
        String id = memory.remember(Memory.text("Alice moved to Berlin in May 2023").user("alice").kind("fact").importance(0.8)
                .metadata(Map.of("source", "chat")).ttl(Duration.ofDays(365)));
        memory.remember(Memory.text("Bob likes green tea").user("bob").kind("preference"));
        List<Recalled> r = memory.recall(Recall.query("Where does Alice live?").user("alice").k(5));
        assertEquals(id, r.get(0).id());
        assertEquals("chat", r.get(0).metadata().get("source"));
        assertTrue(r.get(0).score() > 0);
        assertTrue(r.get(0).parts().semantic() > 0, r::toString);
        assertEquals(0.8, r.get(0).parts().importance(), 1e-9);
        assertTrue(r.get(0).confidence() > 0 && r.get(0).confidence() <= 1, r::toString);
        assertNotNull(r.get(0).at());
        String newer = memory.supersede(id, Memory.text("Alice moved to Lisbon in 2025"));
        assertEquals(List.of(id, newer), memory.history(newer).stream().map(Recalled::id).toList());
        assertEquals(newer, memory.get(id).orElseThrow().supersededBy());
        try (LumosClient alice = LumosClient.connect(server.url(), aliceKey)) {
            List<Recalled> mine = alice.memory().recall(Recall.query("Berlin tea Lisbon").k(10));
            assertTrue(mine.stream().allMatch(m -> "alice".equals(m.user())), mine::toString);
            assertThrows(ForbiddenException.class, () -> alice.memory().recall(Recall.query("tea").user("bob")));
            String bobs = memory.recall(Recall.query("green tea").user("bob")).get(0).id();
            assertThrows(ForbiddenException.class, () -> alice.memory().get(bobs));
            assertThrows(ForbiddenException.class, () -> alice.sql("SELECT 1"));
        }
        assertTrue(memory.forget(newer));
        assertFalse(memory.forget(newer));
        assertTrue(memory.get(newer).isEmpty());
    }

    @Test
    void graphql_returnsData_andTypedErrors() {
        admin.sql("INSERT OR IGNORE INTO orders(id, customer, amount) VALUES (100, 'gql', 1.5)");
        assertEquals("gql", admin.graphql("query($id: Long) { orders(where: {id: {eq: $id}}) { nodes { customer } } }", Map.of("id", 100))
                .get("orders").get("nodes").get(0).get("customer").asText());
        assertThrows(BadRequestException.class, () -> admin.graphql("{ nosuch }", null));
        try (LumosClient docs = LumosClient.connect(server.url(), docsKey)) {
            assertThrows(ForbiddenException.class, () -> docs.graphql("{ orders { nodes { id } } }", null));
        }
    }

    @Test
    void errors_typedByStatus() throws Exception {
        try (LumosClient nobody = LumosClient.connect(server.url(), "lumos_0000000000000000_" + "A".repeat(43))) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> nobody.sql("SELECT 1"));
            assertEquals(401, e.status());
            assertNotNull(e.requestId());
        }
        try (LumosClient reader = LumosClient.connect(server.url(), readKey)) {
            assertEquals(1, reader.sql("SELECT 1 AS one").getLong(0, "one"));
            assertThrows(ForbiddenException.class, () -> reader.sql("DELETE FROM orders"));
            assertThrows(ForbiddenException.class, () -> reader.collection("cdocs").upsert("z", new float[] {1, 0, 0}, Map.of()));
        }
        BadRequestException bad = assertThrows(BadRequestException.class, () -> admin.sql("SELECT * FROM ordres"));
        assertTrue(bad.getMessage().contains("ordres"), bad.getMessage()); // the server's detail
        assertThrows(ConflictException.class, () -> admin.sql("INSERT INTO orders(id, customer) VALUES (1000, 'u'), (1001, 'u')"));
        assertThrows(NotFoundException.class, () -> admin.collection("never").drop());
        try (LumosDB other = LumosDB.builder().inMemory().open();
                LumosServer limited = LumosServer.builder().database(other).port(0).rateLimit(1).start();
                LumosClient c = LumosClient.connect(limited.url(), limited.initialAdminKey().orElseThrow())) {
            RateLimitedException limit = null;
            for (int i = 0; i < 50 && limit == null; i++) {
                try {
                    c.sql("SELECT 1");
                } catch (RateLimitedException e) {
                    limit = e;
                }
            }
            assertNotNull(limit, "50 requests at 1 a second: one must be refused");
            assertEquals(429, limit.status());
            assertTrue(!limit.retryAfter().isNegative() && limit.retryAfter().getSeconds() >= 1, limit.retryAfter()::toString);
        }
        LumosServer gone;
        try (LumosDB other = LumosDB.builder().inMemory().open()) {
            gone = LumosServer.builder().database(other).port(0).start();
            gone.close();
        }
        try (LumosClient c = LumosClient.connect(gone.url(), "k", Duration.ofSeconds(20))) {
            UnavailableException e = assertThrows(UnavailableException.class, () -> c.sql("SELECT 1"));
            assertEquals(0, e.status());
            assertFalse(c.ready());
        }
        assertTrue(admin.ready());
        assertThrows(IllegalArgumentException.class, () -> LumosClient.connect(URI.create("ftp://x"), "k"));
    }

    @Test
    void concurrency_oneClientManyThreads() throws Exception {
        admin.sql("CREATE TABLE IF NOT EXISTS hits(id INTEGER PRIMARY KEY, thread INTEGER, n INTEGER)");
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        admin.sql("INSERT INTO hits(thread, n) VALUES (?, ?)", thread, i);
                        ok += admin.sql("SELECT count(*) AS n FROM hits WHERE thread = ?", thread).getLong(0, "n") == i + 1 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(each, f.get(120, TimeUnit.SECONDS)); // each thread reads its own writes
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals((long) threads * each, admin.sql("SELECT count(*) AS n FROM hits").getLong(0, "n"));
    }
}
