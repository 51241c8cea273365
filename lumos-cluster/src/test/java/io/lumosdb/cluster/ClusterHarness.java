package io.lumosdb.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Cluster nodes as child JVMs on 127.0.0.1 free ports, and an HTTP client to them. Waits poll a
 * condition up to a deadline; nothing sleeps to synchronize.
 *
 * <p>With {@link #inNamespaces} each node runs in a network namespace of its own, its Raft server on the
 * namespace's address, and the HTTP client reaches it through a {@link SocketRelay} (a local port piped
 * over a Unix socket to the node's process): the host's network is left as it is.
 */
final class ClusterHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);

    final Path root;
    final Map<String, Integer> raftPorts = new LinkedHashMap<>();
    final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    final Map<String, Process> processes = new LinkedHashMap<>();
    final Map<String, String> memberLists = new LinkedHashMap<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long snapshotEvery = 10_000;
    private NetworkNamespaces namespaces;
    private Path relayDirectory;
    private final Map<String, SocketRelay> relays = new LinkedHashMap<>();
    private final Map<String, Integer> relayPorts = new LinkedHashMap<>();

    ClusterHarness(Path root, String... ids) throws IOException {
        this.root = root;
        for (String id : ids) {
            reservePorts(id);
        }
    }

    void reservePorts(String id) throws IOException {
        raftPorts.put(id, freePort());
        httpPorts.put(id, freePort());
    }

    /**
     * Runs the nodes started from now on in {@code namespaces}: each node's Raft address is its namespace's
     * address, and the test reaches its HTTP port (on the namespace's own loopback) through a Unix socket in
     * {@code relayDirectory} (short: a Unix socket path holds at most 107 bytes).
     */
    void inNamespaces(NetworkNamespaces namespaces, Path relayDirectory) {
        this.namespaces = namespaces;
        this.relayDirectory = relayDirectory;
    }

    String members(String... ids) {
        List<String> parts = new ArrayList<>();
        for (String id : ids) {
            parts.add(id + "@" + (namespaces != null ? namespaces.address(id) : "127.0.0.1") + ":" + raftPorts.get(id));
        }
        return String.join(",", parts);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts node {@code id} with the member list {@code members} (its first list; kept for restarts). */
    Process start(String id, String members) throws IOException {
        return start(id, members, false);
    }

    /** Starts node {@code id}; {@code join}: as a new member of a running cluster. */
    Process start(String id, String members, boolean join) throws IOException {
        memberLists.put(id, members);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path dir = root.resolve(id);
        Path log = root.resolve(id + ".log");
        List<String> cmd = new ArrayList<>();
        if (namespaces != null) {
            cmd.addAll(namespaces.exec(id));
            relayTo(id);
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-cp", classpath, NodeProcess.class.getName(),
                dir.toString(), id, members, Integer.toString(httpPorts.get(id)), Long.toString(snapshotEvery)));
        if (namespaces != null) {
            cmd.add(cmd.indexOf("-cp"), "-Dlumos.test.relaySocket=" + relayDirectory.resolve(id + ".sock"));
        }
        if (join) {
            cmd.add("join");
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        processes.put(id, p);
        return p;
    }

    /** The local port the test reaches node {@code id}'s namespace through (made once, kept across restarts). */
    private void relayTo(String id) throws IOException {
        if (relays.containsKey(id)) {
            return;
        }
        ServerSocketChannel local = ServerSocketChannel.open();
        local.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        relays.put(id, new SocketRelay(local, UnixDomainSocketAddress.of(relayDirectory.resolve(id + ".sock")), "relay to " + id));
        relayPorts.put(id, ((InetSocketAddress) local.getLocalAddress()).getPort());
    }

    Process restart(String id) throws IOException {
        return start(id, memberLists.get(id));
    }

    void awaitServing(String id) {
        await("node " + id + " serves HTTP", START_DEADLINE, () -> {
            if (!processes.get(id).isAlive()) {
                throw new AssertionError("node " + id + " exited with " + processes.get(id).exitValue() + "; log:\n" + log(id));
            }
            return get(id, "/livez").status == 200;
        });
    }

    String log(String id) {
        try {
            String all = Files.readString(root.resolve(id + ".log"));
            return all.length() > 6000 ? all.substring(all.length() - 6000) : all;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills node {@code id} with SIGKILL (no shutdown hook runs) and waits for it to be gone. */
    void kill(String id) throws InterruptedException {
        Process p = processes.get(id);
        p.destroyForcibly();
        p.waitFor();
    }

    /** The leader as node {@code via} sees it, or null. */
    String leaderSeenBy(String via) {
        Answer a = get(via, "/v1/cluster");
        if (a.status != 200 || a.json.path("leader").isNull()) {
            return null;
        }
        return a.json.path("leader").asText();
    }

    /** Waits until every listed node names the same leader, and returns it. */
    String awaitLeader(String... ids) {
        return awaitLeaderOtherThan(null, ids);
    }

    /** Waits until every listed node names the same leader, not {@code old} (null: any), and returns it. */
    String awaitLeaderOtherThan(String old, String... ids) {
        String[] found = {null};
        await("a leader " + (old == null ? "" : "other than " + old + " ") + "all of " + String.join(",", ids) + " agree on",
                START_DEADLINE, () -> {
            String first = leaderSeenBy(ids[0]);
            for (String id : ids) {
                String l = leaderSeenBy(id);
                if (l == null || !l.equals(first) || l.equals(old)) {
                    return false;
                }
            }
            found[0] = first;
            return true;
        });
        return found[0];
    }

    // ---------------------------------------------------------------- HTTP

    record Answer(int status, JsonNode json, String body) {}

    Answer get(String id, String path) {
        return send(id, HttpRequest.newBuilder(uri(id, path)).GET());
    }

    Answer post(String id, String path, Object body) {
        try {
            return send(id, HttpRequest.newBuilder(uri(id, path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Answer delete(String id, String path) {
        return send(id, HttpRequest.newBuilder(uri(id, path)).DELETE());
    }

    /**
     * Runs a write through node {@code id}, retrying 503s (no leader yet, or no answer: the write may or may
     * not have been applied) until {@code deadline}. The answer's body lists the earlier attempts' answers.
     */
    Answer write(String id, Duration deadline, String sql, Object... params) {
        Answer[] last = new Answer[1];
        StringBuilder attempts = new StringBuilder();
        try {
            Awaitility.await().atMost(deadline).pollDelay(Duration.ZERO).pollInterval(POLL).until(() -> {
                Answer a = post(id, "/v1/sql", Map.of("sql", sql, "params", List.of(params)));
                last[0] = a;
                if (a.status != 503 && a.status != -1) {
                    return true;
                }
                attempts.append(a.status).append(' ').append(a.body).append('\n');
                return false;
            });
        } catch (ConditionTimeoutException e) {
            // the last answer, a 503 or no answer, is returned with the attempts before it
        }
        Answer a = last[0];
        return attempts.length() == 0 ? a : new Answer(a.status, a.json, a.body + "\nafter: " + attempts);
    }

    JsonNode query(String id, String consistency, String sql) {
        Answer a = post(id, "/v1/sql", Map.of("sql", sql, "consistency", consistency));
        if (a.status != 200) {
            throw new AssertionError("query on " + id + " answered " + a.status + ": " + a.body);
        }
        return a.json.get("rows");
    }

    private URI uri(String id, String path) {
        return URI.create("http://127.0.0.1:" + (relayPorts.containsKey(id) ? relayPorts.get(id) : httpPorts.get(id)) + path);
    }

    private Answer send(String id, HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            try {
                json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (IOException notJson) {
                // kept as text
            }
            return new Answer(r.statusCode(), json, r.body());
        } catch (IOException e) {
            return new Answer(-1, null, e.toString()); // the node is down or restarting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How often a condition on the nodes is asked again: they are other processes, so they are polled. */
    private static final Duration POLL = Duration.ofMillis(50);

    static void await(String what, Duration deadline, BooleanSupplier condition) {
        try {
            Awaitility.await(what).atMost(deadline).pollDelay(Duration.ZERO).pollInterval(POLL).until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + deadline + ": " + what, e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        for (Process p : processes.values()) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (SocketRelay r : relays.values()) {
            r.close();
        }
    }
}
