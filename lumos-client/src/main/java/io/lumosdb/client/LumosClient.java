package io.lumosdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of a Lumos-DB server ({@code lumos serve}, docs/server.md) with the embedded API's names:
 * SQL, batches, vector collections and agent memory over HTTP. It needs the JDK and Jackson only.
 * Thread-safe: share one client (its keep-alive connections) between threads.
 *
 * <pre>{@code
 * try (LumosClient client = LumosClient.connect(URI.create("http://127.0.0.1:8765"), System.getenv("LUMOS_KEY"))) {
 *     client.sql("CREATE TABLE orders(id INTEGER PRIMARY KEY, customer TEXT, amount REAL, at TIMESTAMP)");
 *     client.sql("INSERT INTO orders VALUES (?, ?, ?, ?)", 1, "acme", 9.5, Instant.now());
 *     SqlResult top = client.sql("SELECT customer, sum(amount) AS total FROM orders GROUP BY customer");
 *     log.info("{} via {}: {}", top.getString(0, "customer"), top.route(), top.reason());
 *     List<SqlResult> all = client.batch(List.of(                     // one transaction: all or none
 *             Sql.of("INSERT INTO orders(id, customer) VALUES (?, ?)", 2, "zeta"),
 *             Sql.of("SELECT count(*) FROM orders")));
 *
 *     VectorCollection docs = client.collection("docs").create(3, "cosine");
 *     docs.upsert("d1", new float[] {1, 0, 0}, Map.of("lang", "en"));
 *     List<VectorHit> near = docs.search(SearchRequest.of(new float[] {1, 0.1f, 0}).k(5).filter("lang = 'en'"));
 *
 *     client.memory().remember(Memory.text("Alice moved to Berlin in May 2023").user("alice"));
 *     List<Recalled> r = client.memory().recall(Recall.query("Where does Alice live?").user("alice").k(5));
 * } catch (ForbiddenException e) {                                      // every error is a LumosException
 *     log.warn("{} (request {})", e.getMessage(), e.requestId());
 * }
 * }</pre>
 *
 * <p><b>Values</b> cross without loss: integers are {@code Long} (all 64 bits), blobs {@code byte[]},
 * {@code Instant}/{@code OffsetDateTime} parameters are sent as timestamps and read back as the value
 * model's UTC text ({@link SqlResult#getInstant} reads it).
 *
 * <p><b>Errors</b> are unchecked {@link LumosException}s, one subtype per kind of problem (401, 403, 404,
 * 409, 429 with {@link RateLimitedException#retryAfter()}, 400 with the server's detail, 408, 503 or no
 * answer), each with the server's request id.
 */
public final class LumosClient implements AutoCloseable {
    /** How long a request may take, by default (the server's statement timeout is 30 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final Transport transport;
    private final ExecutorService executor;
    private final AgentMemory memory;

    private LumosClient(List<URI> urls, String key, Duration timeout) {
        int n = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory named = r -> {
            Thread t = new Thread(r, "lumos-client-" + n + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newCachedThreadPool(named);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .executor(executor).build();
        this.transport = new Transport(http, urls, key, timeout);
        this.memory = new AgentMemory(transport);
    }

    /**
     * A client of the server at {@code url} with an API key or token. No request is sent yet.
     *
     * @param url the server's base URL, e.g. {@code http://127.0.0.1:8765}
     * @param key the API key ({@code lumos_...}) or JWT; null for a server started with {@code --no-auth}
     * @throws IllegalArgumentException if the URL is not http or https
     */
    public static LumosClient connect(URI url, String key) {
        return connect(url, key, DEFAULT_TIMEOUT);
    }

    /** As {@link #connect(URI, String)}, with the time a request may take before {@link UnavailableException}. */
    public static LumosClient connect(URI url, String key, Duration timeout) {
        return connect(List.of(Objects.requireNonNull(url, "url")), key, timeout);
    }

    /**
     * A client of a cluster (docs/cluster.md): requests go to one node, and move to the next of
     * {@code nodes} when that one cannot be connected to (every node accepts every request).
     *
     * <pre>{@code
     * LumosClient c = LumosClient.connect(List.of(URI.create("http://10.0.0.1:8801"), URI.create("http://10.0.0.2:8802")),
     *         key, LumosClient.DEFAULT_TIMEOUT);
     * }</pre>
     *
     * @throws IllegalArgumentException if the list is empty or a URL is not http or https
     */
    public static LumosClient connect(List<URI> nodes, String key, Duration timeout) {
        Objects.requireNonNull(nodes, "nodes");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("name at least one server URL");
        }
        for (URI url : nodes) {
            Objects.requireNonNull(url, "url");
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("the server URL must be http or https, was " + url);
            }
        }
        return new LumosClient(List.copyOf(nodes), key, timeout);
    }

    /** Runs one statement (a read, a write or DDL) with its parameters. */
    public SqlResult sql(String sql, Object... params) {
        return sql(Sql.of(sql, params));
    }

    /** Runs one statement with its route, freshness or timeout. */
    public SqlResult sql(Sql statement) {
        return SqlResult.of(transport.call("POST", "/v1/sql", statement.body("")));
    }

    /** Runs statements in one transaction: all or, on an error (which names {@code statements[i]}), none. */
    public List<SqlResult> batch(List<Sql> statements) {
        return batch(statements, true);
    }

    /**
     * Runs statements in one transaction ({@code transaction} true) or each on its own, stopping at the
     * first error; one result per statement.
     */
    public List<SqlResult> batch(List<Sql> statements, boolean transaction) {
        List<Map<String, Object>> items = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            items.add(statements.get(i).body("statements[" + i + "]."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statements", items);
        body.put("transaction", transaction);
        List<SqlResult> out = new ArrayList<>();
        transport.call("POST", "/v1/batch", body).path("results").forEach(r -> out.add(SqlResult.of(r)));
        return out;
    }

    /** The collection named {@code name} (no request yet; {@link VectorCollection#create} makes it). */
    public VectorCollection collection(String name) {
        return new VectorCollection(transport, name);
    }

    /** The names of the collections this key may use. */
    public List<String> collections() {
        List<String> out = new ArrayList<>();
        transport.call("GET", "/v1/collections", null).path("collections").forEach(c -> out.add(c.get("name").asText()));
        return out;
    }

    /** Agent memory. */
    public AgentMemory memory() {
        return memory;
    }

    /**
     * A GraphQL query ({@code POST /graphql}); returns {@code data}.
     *
     * @throws LumosException if the query does not validate (400), or of the first failing field's status
     */
    public JsonNode graphql(String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        if (variables != null && !variables.isEmpty()) {
            body.put("variables", variables);
        }
        JsonNode answer = transport.call("POST", "/graphql", body);
        JsonNode errors = answer.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            int status = first.path("extensions").path("status").asInt(400);
            throw Transport.of(status, first.path("extensions").path("title").asText("GraphQL error"), first.path("message").asText(), null, null);
        }
        return answer.get("data");
    }

    /** Whether the server is ready ({@code GET /readyz}): open, and its replica caught up. */
    public boolean ready() {
        try {
            transport.call("GET", "/readyz", null);
            return true;
        } catch (UnavailableException e) {
            return false;
        }
    }

    /** Closes the connections. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "LumosClient[" + transport.base() + "]";
    }
}
