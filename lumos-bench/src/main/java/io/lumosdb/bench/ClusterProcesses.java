package io.lumosdb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lumosdb.cluster.ClusterNode;
import io.lumosdb.cluster.ClusterNodeBuilder;
import io.lumosdb.server.LumosServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node processes and HTTP calls of the cluster runners ({@link ClusterRunner}, {@link ClusterReadRunner}):
 * each node a JVM of its own ({@code ClusterRunner node DIR ID MEMBERS HTTP_PORT [join]}) on free loopback
 * ports, its output in {@code DIR.log}; a plain {@code LumosServer} when MEMBERS is {@code -}.
 * {@code -DnodeLogLevel=info} keeps the nodes' Ratis logs (default {@code warn}).
 */
final class ClusterProcesses {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ClusterProcesses() {}

    // ---------------------------------------------------------------- nodes

    /** {@code node DIR ID MEMBERS HTTP_PORT [join]}: a plain server when MEMBERS is "-", else a cluster node. */
    static void node(String[] a) throws Exception {
        Path dir = Path.of(a[1]);
        int port = Integer.parseInt(a[4]);
        if (a[3].equals("-")) {
            LumosServer s = LumosServer.builder().directory(dir).port(port).noAuth().start();
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "bench node shutdown"));
            s.awaitClosed();
            return;
        }
        ClusterNodeBuilder b = ClusterNode.builder().directory(dir).node(a[2]).members(a[3]).httpPort(port).server(s -> s.noAuth());
        if (a.length > 5 && a[5].equals("join")) {
            b.join();
        }
        ClusterNode n = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(n::close, "bench node shutdown"));
        n.awaitClosed();
    }

    /** Node ids to {Raft port, HTTP port}, free ports on loopback, in the given order. */
    static Map<String, int[]> ports(String... ids) throws IOException {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (String id : ids) {
            m.put(id, new int[] {freePort(), freePort()});
        }
        return m;
    }

    /** The member list {@code id@127.0.0.1:raftPort,...}. */
    static String members(Map<String, int[]> nodes) {
        List<String> parts = new ArrayList<>();
        nodes.forEach((id, p) -> parts.add(id + "@127.0.0.1:" + p[0]));
        return String.join(",", parts);
    }

    /** Starts every node of {@code nodes} in {@code root/name} and waits until each serves HTTP. */
    static Map<String, Process> spawnAll(List<Process> all, Path root, Map<String, int[]> nodes, String name) throws Exception {
        Map<String, Process> procs = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : nodes.entrySet()) {
            procs.put(e.getKey(), spawn(all, root.resolve(name), e.getKey(), e.getKey(), members(nodes), e.getValue()[1]));
        }
        for (int[] p : nodes.values()) {
            awaitServing(p[1]);
        }
        return procs;
    }

    static Process spawn(List<Process> all, Path root, String dir, String id, String members, int port, String... extra) throws IOException {
        Files.createDirectories(root);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("nodeLogLevel", "warn"),
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", System.getProperty("java.class.path"),
                ClusterRunner.class.getName(), "node", root.resolve(dir).toString(), id, members, Integer.toString(port)));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(dir + ".log").toFile())).start();
        all.add(p);
        return p;
    }

    /** {@code kill -9}. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor();
    }

    static void killAll(List<Process> all) throws InterruptedException {
        for (Process p : all) {
            kill(p);
        }
        all.clear();
    }

    /** The leader's id once a node names one. */
    static String awaitLeader(Map<String, int[]> nodes) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            for (int[] p : nodes.values()) {
                Response r = get(p[1], "/v1/cluster");
                if (r.status == 200 && !r.json.path("leader").isNull()) {
                    return r.json.get("leader").asText();
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leader within " + DEADLINE);
    }

    static void awaitServing(int port) throws Exception {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (get(port, "/livez").status != 200) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("port " + port + " does not serve within " + DEADLINE);
            }
            Thread.sleep(50);
        }
    }

    // ---------------------------------------------------------------- HTTP

    record Response(int status, JsonNode json, String body) {}

    static int write(int port, String sql) {
        return post(port, "/v1/sql", Map.of("sql", sql)).status;
    }

    /** {@code SELECT count(*) FROM table} at a read level, or -1 when refused. */
    static long count(int port, String table, String consistency) {
        Response r = post(port, "/v1/sql", Map.of("sql", "SELECT count(*) FROM " + table, "consistency", consistency));
        return r.status == 200 ? r.json.get("rows").get(0).get(0).asLong() : -1;
    }

    static Response get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
    }

    static Response post(int port, String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // kept as text
            }
            return new Response(r.statusCode(), json, r.body());
        } catch (IOException e) {
            return new Response(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, null, e.toString());
        }
    }

    /** The start of an error answer's detail, enough to tell a 503's cause apart. */
    static String firstWords(String body) {
        try {
            String detail = JSON.readTree(body).path("detail").asText(body);
            return detail.length() > 90 ? detail.substring(0, 90) : detail;
        } catch (IOException | RuntimeException e) {
            return body.length() > 90 ? body.substring(0, 90) : body;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
