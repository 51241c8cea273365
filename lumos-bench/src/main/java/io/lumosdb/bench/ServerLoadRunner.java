package io.lumosdb.bench;

import io.lumosdb.LumosDB;
import io.lumosdb.cache.CacheSettings;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.memory.Memory;
import io.lumosdb.memory.Recall;
import io.lumosdb.server.LumosServer;
import io.lumosdb.vector.Metric;
import io.lumosdb.vector.SearchRequest;
import io.lumosdb.vector.VectorCollection;
import io.lumosdb.vector.VectorRecord;
import io.lumosdb.vector.VectorSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The server under load, next to the embedded calls of the same operations in the same run. It fills a
 * database (a {@code rows}-row table, a collection of {@code vectors} random vectors of {@code dims}
 * dimensions, the memories of {@code users} users of {@link ConversationSet}), runs each operation
 * embedded in this JVM on one thread and on {@code connections} threads, then starts a real
 * {@link LumosServer} on 127.0.0.1 and a free port and a separate client JVM ({@link ServerLoadClient},
 * same classpath) that sends the same operations over {@code connections} HTTP/1.1 keep-alive connections.
 * Every run is bounded: at most {@code requests} calls or {@code seconds} per operation and setup, after a
 * warm-up. Then, when {@code wrk} is installed, the same bodies again from {@code wrk} ({@link WrkLoad}): a C
 * client whose own CPU takes less of the two cores from the server than a JVM client's. It prints a
 * Markdown table of throughput and p50/p99 latency per operation and setup.
 *
 * <p>The query cache is off, so every call reaches an engine (repeated point lookups and aggregates would
 * otherwise be cache hits); recall's query embeddings are cached after the warm-up, on both sides alike.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.ServerLoadRunner [rows=100000] [vectors=5000] [dims=384] [users=10] [requests=200000] [seconds=10] [connections=16]
 * </pre>
 */
public final class ServerLoadRunner {
    static {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    private ServerLoadRunner() {}

    /** The three setups of one operation. */
    record Figures(BoundedLoad.Outcome http, BoundedLoad.Outcome oneThread, BoundedLoad.Outcome threads) {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int vectors = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int dims = args.length > 2 ? Integer.parseInt(args[2]) : 384;
        int users = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        long requests = args.length > 4 ? Long.parseLong(args[4]) : 200_000;
        double seconds = args.length > 5 ? Double.parseDouble(args[5]) : 10;
        int connections = args.length > 6 ? Integer.parseInt(args[6]) : 16;
        LoadWorkload workload = new LoadWorkload(rows, vectors, dims, users);
        Path dir = Files.createTempDirectory("lumos-server-load-");
        try {
            System.out.println(run(workload, requests, seconds, connections, dir));
        } finally {
            BenchFiles.deleteTree(dir);
        }
    }

    static String run(LoadWorkload w, long requests, double seconds, int connections, Path dir) throws Exception {
        Map<LoadWorkload.Operation, BoundedLoad.Outcome[]> embedded = new EnumMap<>(LoadWorkload.Operation.class);
        Map<LoadWorkload.Operation, BoundedLoad.Outcome> http;
        Map<LoadWorkload.Operation, BoundedLoad.Outcome> wrk = new EnumMap<>(LoadWorkload.Operation.class);
        int memories;
        try (LumosDB db = LumosDB.builder().directory(dir).cache(CacheSettings.disabled()).open()) {
            AgentMemory memory = AgentMemory.open(db);
            VectorCollection docs = fill(db, memory, w);
            memories = memory.size();
            db.sync().awaitCaughtUp(Duration.ofMinutes(10));
            for (LoadWorkload.Operation op : LoadWorkload.Operation.values()) {
                BoundedLoad.Call call = embeddedCall(op, w, db, docs, memory);
                BoundedLoad.run("load-warmup", connections, Math.max(1, requests / 5), Math.max(0.2, seconds / 5), call);
                embedded.put(op, new BoundedLoad.Outcome[] {BoundedLoad.run("load-embedded", 1, requests, seconds, call),
                    BoundedLoad.run("load-embedded", connections, requests, seconds, call)});
            }
            try (LumosServer server = LumosServer.builder().database(db).memory(memory).host("127.0.0.1").port(0).start()) {
                String key = server.initialAdminKey().orElseThrow();
                http = overHttp(server, key, w, requests, seconds, connections);
                for (LoadWorkload.Operation op : LoadWorkload.Operation.values()) {
                    List<String> bodies = new ArrayList<>();
                    for (int i = 0; i < 1_000; i++) {
                        bodies.add(w.body(op, i));
                    }
                    WrkLoad.run(server.url(), key, op.path, bodies, connections, seconds).ifPresent(o -> wrk.put(op, o));
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "## Server over HTTP: %,d rows, %,d x %d vectors, %,d memories; %d connections,"
                + " at most %,d calls or %s s per operation and setup%n%n", w.rows, w.vectors, w.dims, memories, connections, requests,
                seconds));
        out.append("| operation | HTTP, ").append(connections).append(" connections: req/s | p50 ms | p99 ms | embedded, 1 thread: ops/s"
                + " | p50 ms | p99 ms | embedded, ").append(connections).append(" threads: ops/s | p50 ms | p99 ms | HTTP / embedded (")
                .append(connections).append(" threads) | wrk, ").append(connections).append(" connections: req/s | p50 ms | p99 ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadWorkload.Operation op : LoadWorkload.Operation.values()) {
            BoundedLoad.Outcome h = http.get(op);
            BoundedLoad.Outcome one = embedded.get(op)[0];
            BoundedLoad.Outcome many = embedded.get(op)[1];
            BoundedLoad.Outcome c = wrk.get(op);
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.3f | %.3f | %,.0f | %.3f | %.3f | %,.0f | %.3f | %.3f | %.3fx | %s |%n", op.title,
                    h.perSecond(), h.p50Ms(), h.p99Ms(), one.perSecond(), one.p50Ms(), one.p99Ms(), many.perSecond(), many.p50Ms(),
                    many.p99Ms(), h.perSecond() / many.perSecond(), c == null ? "wrk not installed | | "
                            : String.format(Locale.ROOT, "%,.0f | %.3f | %.3f", c.perSecond(), c.p50Ms(), c.p99Ms())));
        }
        return out.toString();
    }

    private static VectorCollection fill(LumosDB db, AgentMemory memory, LoadWorkload w) throws Exception {
        db.update(LoadWorkload.TABLE);
        db.update("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < " + w.rows + ")"
                + " INSERT INTO items SELECT i, i % 50, (i % 997) * 0.25, 'item-' || i FROM r");
        VectorCollection docs = db.vectors().create(LoadWorkload.COLLECTION, VectorSpec.of(w.dims, Metric.COSINE).withTextField(null));
        SplittableRandom random = new SplittableRandom(7);
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < w.vectors; i++) {
            batch.add(new VectorRecord("d" + i, w.vector(random), Map.of("bucket", i % 100)));
            if (batch.size() == 1_000 || i == w.vectors - 1) {
                docs.upsertAll(batch);
                batch.clear();
            }
        }
        List<Memory> memories = new ArrayList<>();
        for (ConversationSet.Turn t : w.conversations.turns) {
            memories.add(Memory.text(t.text()).user(LoadWorkload.user(t.persona())).session("s" + t.persona() + "-" + t.session()).at(t.at()));
        }
        for (int i = 0; i < memories.size(); i += 256) {
            memory.rememberAll(memories.subList(i, Math.min(memories.size(), i + 256)));
        }
        return docs;
    }

    private static BoundedLoad.Call embeddedCall(LoadWorkload.Operation op, LoadWorkload w, LumosDB db, VectorCollection docs,
            AgentMemory memory) {
        return switch (op) {
            case POINT_LOOKUP -> i -> expect(op, db.query(LoadWorkload.POINT_LOOKUP, w.pointId(i)).rows().size());
            case ANALYTICAL -> i -> expect(op, db.query(LoadWorkload.ANALYTICAL, w.minPrice(i)).rows().size());
            case VECTOR_SEARCH -> i -> expect(op, docs.search(SearchRequest.of(w.queryVector(i)).k(LoadWorkload.K)).size());
            case MEMORY_RECALL -> i -> {
                ConversationSet.Question q = w.question(i);
                expect(op, memory.recall(Recall.query(q.text()).user(LoadWorkload.user(q.persona())).k(LoadWorkload.K)).size());
            };
        };
    }

    private static void expect(LoadWorkload.Operation op, int found) {
        if (found == 0) {
            throw new IllegalStateException(op + " found nothing: the load would measure no work");
        }
    }

    /** Starts the client JVM against {@code server} and reads its figures; it is stopped if it outlives its bound. */
    private static Map<LoadWorkload.Operation, BoundedLoad.Outcome> overHttp(LumosServer server, String key, LoadWorkload w,
            long requests, double seconds, int connections) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ServerLoadClient.class.getName(), server.url().toString(), key,
                Integer.toString(connections), Long.toString(requests), Double.toString(seconds)));
        command.addAll(List.of(w.arguments()));
        Process client = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<LoadWorkload.Operation, BoundedLoad.Outcome> out = new EnumMap<>(LoadWorkload.Operation.class);
        // warm-up and measurement per operation, the client's start and its data set-up, with room for a loaded machine
        long bound = (long) (LoadWorkload.Operation.values().length * seconds * 1.2 * 2) + 180;
        Thread watchdog = new Thread(() -> {
            try {
                if (!client.waitFor(bound, TimeUnit.SECONDS)) {
                    client.destroyForcibly(); // its output ends, and the reading below with it
                }
            } catch (InterruptedException e) {
                client.destroyForcibly();
            }
        }, "load-client-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] f = line.split(" ", 3);
                if (f.length == 3 && f[0].equals(ServerLoadClient.RESULT)) {
                    out.put(LoadWorkload.Operation.valueOf(f[1]), BoundedLoad.Outcome.parse(f[2]));
                }
            }
            client.waitFor(bound, TimeUnit.SECONDS);
        } finally {
            if (client.isAlive()) {
                client.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            watchdog.interrupt();
        }
        int exit = client.isAlive() ? -1 : client.exitValue();
        if (exit != 0 || out.size() != LoadWorkload.Operation.values().length) {
            throw new IllegalStateException("the load client failed (exit " + exit + ", figures for " + out.keySet() + ")");
        }
        return out;
    }
}
