package io.lumosdb.bench;

import static io.lumosdb.bench.ClusterProcesses.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.lumosdb.bench.ClusterProcesses.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Read throughput with analytics listeners (non-voting replicas), measured with real node JVMs on loopback
 * and HTTP clients in this JVM: an aggregate report ({@code GROUP BY} over {@code rows} rows, {@code strict}
 * freshness, so from each node's own DuckDB replica once it caught up with its SQLite) sent round-robin to
 * <ol>
 *   <li>a plain {@code LumosServer} with the same rows (the baseline, same run),
 *   <li>the leader of three voters alone, then the three voters,
 *   <li>the three voters and one listener (and the listener alone), then the three voters and two listeners,
 * </ol>
 * each cluster configuration at the {@code leader} read level (a follower or listener first asks the leader
 * for its applied index: one round trip a read) and at the {@code local} level (none). Each run is bounded
 * in count and time, and every answer is checked to equal the leader's (and the plain server's). Write
 * throughput and commit latency through the leader (the {@link ClusterRunner} load, two rounds) are
 * measured with no, one and two listeners attached: a listener is not counted for commits.
 *
 * <pre>
 * java -cp lumos-bench/target/benchmarks.jar io.lumosdb.bench.ClusterReadRunner 200000 4000 8 30 1000
 * </pre>
 * (rows; reads per configuration at most; client threads; seconds per configuration at most; writes per
 * write measurement). Total throughput is bounded by the machine's cores, shared by every node JVM and the
 * client: on a 2-core machine adding nodes spreads the reads but cannot add CPU.
 */
public final class ClusterReadRunner {
    /** The analytical report: a few hundred groups; integer aggregates, so every engine and node answers alike. */
    static final String REPORT = "SELECT region, product, count(*) AS n, sum(qty) AS qty, sum(cents) AS cents, min(cents) AS lo,"
            + " max(cents) AS hi FROM sales GROUP BY region, product ORDER BY region, product";

    /** The read levels each configuration is measured at: a round trip to the leader per read on a follower, and none. */
    private static final List<String> LEVELS = List.of("leader", "local");

    private ClusterReadRunner() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 30;
        int writes = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        Path root = Files.createTempDirectory("lumos-cluster-reads");
        List<Process> all = new ArrayList<>();
        try {
            // 1. the baseline: a plain server with the same rows
            int plainPort = freePort();
            Process plain = spawn(all, root, "plain", "-", "-", plainPort);
            awaitServing(plainPort);
            loadSales(plainPort, rows);
            JsonNode expected = answer(plainPort, "local");
            // a first pass warms this JVM's HTTP client and JSON code, which every configuration after it finds warm
            reads("plain server, warming up this client", "local", Map.of("plain", plainPort), expected, reads, threads, seconds, 0);
            double baseline = reads("plain server", "local", Map.of("plain", plainPort), expected, reads, threads, seconds, 0);
            kill(plain);

            // 2. three voters; the listeners' ports are chosen now, their processes start when they join
            Map<String, int[]> voters = ports("n1", "n2", "n3");
            Map<String, int[]> listeners = ports("a1", "a2");
            spawnAll(all, root, voters, "cluster");
            String leader = awaitLeader(voters);
            int leaderPort = voters.get(leader)[1];
            loadSales(leaderPort, rows);
            JsonNode reference = answer(leaderPort, "leader");
            if (!reference.equals(expected)) {
                throw new IllegalStateException("the cluster's leader answers the report unlike the plain server with the same rows");
            }
            int nextId = writes(leaderPort, "3 voters, no listener", writes, threads, 0);
            for (String level : LEVELS) {
                reads("the leader alone", level, Map.of(leader, leaderPort), reference, reads, threads, seconds, baseline);
                reads("3 voters", level, httpPorts(voters), reference, reads, threads, seconds, baseline);
            }

            Map<String, Integer> serving = httpPorts(voters);
            for (Map.Entry<String, int[]> l : listeners.entrySet()) {
                join(all, root, voters, l.getKey(), l.getValue(), leaderPort);
                serving.put(l.getKey(), l.getValue()[1]);
                int attached = serving.size() - voters.size();
                String with = "3 voters + " + attached + (attached == 1 ? " listener" : " listeners");
                nextId = writes(leaderPort, with, writes, threads, nextId);
                for (String level : LEVELS) {
                    if (attached == 1) {
                        reads("the listener alone", level, Map.of(l.getKey(), l.getValue()[1]), reference, reads, threads, seconds, baseline);
                    }
                    reads(with, level, serving, reference, reads, threads, seconds, baseline);
                }
            }
            // every node answers the report as the leader does, also at the local level once it applied everything
            long leaderRows = count(leaderPort, "t", "leader");
            for (Map.Entry<String, Integer> n : serving.entrySet()) {
                awaitRows(n.getValue(), leaderRows);
                if (!answer(n.getValue(), "local").equals(reference)) {
                    throw new IllegalStateException(n.getKey() + " answers the report unlike the leader");
                }
            }
            System.out.printf(Locale.ROOT, "every node (%s) answers the report as the leader and the plain server do%n", serving.keySet());
        } finally {
            killAll(all);
        }
    }

    /** {@code rows} rows of sales in 10,000-row INSERT ... SELECT statements over a recursive count (deterministic). */
    private static void loadSales(int port, int rows) {
        check(post(port, "/v1/sql", Map.of("sql", "CREATE TABLE sales(id INTEGER PRIMARY KEY, region TEXT, product TEXT, qty INTEGER, cents INTEGER)")));
        check(post(port, "/v1/sql", Map.of("sql", "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)")));
        for (int from = 1; from <= rows; from += 10_000) {
            int to = Math.min(rows, from + 9_999);
            check(post(port, "/v1/sql", Map.of("sql", "INSERT INTO sales WITH RECURSIVE s(i) AS (SELECT " + from
                    + " UNION ALL SELECT i + 1 FROM s WHERE i < " + to + ") SELECT i, 'region-' || (i % 7), 'product-' || ((i * 31) % 40),"
                    + " 1 + i % 9, (i * 7919) % 100000 FROM s")));
        }
    }

    /** Two rounds of {@code writes} single-row INSERTs through the leader ({@link ClusterRunner#load}); returns the next free id. */
    private static int writes(int leaderPort, String with, int writes, int threads, int firstId) throws Exception {
        for (int round = 1; round <= 2; round++) {
            ClusterRunner.report("writes through the leader, " + with + ", round " + round, ClusterRunner.load(leaderPort, writes, threads, firstId));
            firstId += writes;
        }
        return firstId;
    }

    /** Starts a listener (its first start waits to be added), adds it through the leader, waits until it holds every row. */
    private static void join(List<Process> all, Path root, Map<String, int[]> voters, String id, int[] port, int leaderPort) throws Exception {
        Map<String, int[]> list = new LinkedHashMap<>(voters);
        list.put(id, port);
        spawn(all, root.resolve("cluster"), id, id, members(list), port[1], "join");
        awaitServing(port[1]);
        long start = System.nanoTime();
        Response added = post(leaderPort, "/v1/cluster/members", Map.of("id", id, "address", "127.0.0.1:" + port[0], "listener", true));
        if (added.status() != 201 || !added.body().contains("LISTENER")) {
            throw new IllegalStateException("adding listener " + id + " failed: " + added.status() + " " + added.body());
        }
        awaitRows(port[1], count(leaderPort, "t", "leader"));
        System.out.printf(Locale.ROOT, "listener %s added and caught up %.2f s after the request%n", id, (System.nanoTime() - start) / 1e9);
    }

    private static void awaitRows(int port, long rows) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (count(port, "t", "local") < rows) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the node on port " + port + " did not reach " + rows + " rows within " + DEADLINE);
            }
            Thread.sleep(50);
        }
    }

    /**
     * The report sent round-robin to {@code nodes} by {@code threads} clients, at most {@code reads} reads or
     * {@code seconds}; every answer must equal {@code reference}. Prints reads/s in all and per node; returns reads/s.
     */
    private static double reads(String what, String level, Map<String, Integer> nodes, JsonNode reference, int reads, int threads, double seconds,
            double baseline) throws Exception {
        List<String> ids = new ArrayList<>(nodes.keySet());
        AtomicLongArray perNode = new AtomicLongArray(ids.size());
        Map<String, Boolean> routes = new ConcurrentHashMap<>();
        BoundedLoad.Call call = i -> {
            int n = (int) (i % ids.size());
            Response r = post(nodes.get(ids.get(n)), "/v1/sql", Map.of("sql", REPORT, "consistency", level, "freshness", "strict"));
            if (r.status() != 200 || !r.json().get("rows").equals(reference)) {
                throw new IllegalStateException(ids.get(n) + " answered the report " + r.status() + " unlike the leader: " + firstWords(r.body()));
            }
            routes.put(r.json().path("route").asText(), true);
            perNode.incrementAndGet(n);
        };
        BoundedLoad.run("cluster-read-warmup", threads, Math.max(threads, reads / 10), Math.max(1, seconds / 10), call);
        for (int n = 0; n < ids.size(); n++) {
            perNode.set(n, 0);
        }
        BoundedLoad.Outcome o = BoundedLoad.run("cluster-read", threads, reads, seconds, call);
        StringBuilder each = new StringBuilder();
        for (int n = 0; n < ids.size(); n++) {
            each.append(n == 0 ? "" : ", ").append(ids.get(n)).append(String.format(Locale.ROOT, " %.1f", perNode.get(n) / o.seconds()));
        }
        System.out.printf(Locale.ROOT, "reads, %s, level %s: %,d reports in %.2f s = %.1f reads/s (%s); per node reads/s: %s; p50 %.1f ms, p99 %.1f ms;"
                + " route %s%n", what, level, o.calls(), o.seconds(), o.perSecond(), baseline > 0 ? String.format(Locale.ROOT, "%.2fx the plain server",
                        o.perSecond() / baseline) : "baseline", each, o.p50Ms(), o.p99Ms(), routes.keySet());
        return o.perSecond();
    }

    /** The report's rows on one node at a read level. */
    private static JsonNode answer(int port, String consistency) {
        Response r = check(post(port, "/v1/sql", Map.of("sql", REPORT, "consistency", consistency, "freshness", "strict")));
        if (r.json().get("rows").size() < 2) {
            throw new IllegalStateException("the report answered too few groups: " + r.body());
        }
        return r.json().get("rows");
    }

    private static Map<String, Integer> httpPorts(Map<String, int[]> nodes) {
        Map<String, Integer> m = new LinkedHashMap<>();
        nodes.forEach((id, p) -> m.put(id, p[1]));
        return m;
    }

    private static Response check(Response r) {
        if (r.status() != 200) {
            throw new IllegalStateException("answered " + r.status() + ": " + r.body());
        }
        return r;
    }
}
