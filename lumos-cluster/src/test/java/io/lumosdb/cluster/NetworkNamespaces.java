package io.lumosdb.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private network for the partition test, made of Linux network namespaces (needs root and iproute2):
 * one namespace per node with the node's address on {@code eth0} ({@code 10.77.0.1}, {@code .2}, ...),
 * each joined by a veth pair to a bridge {@code br0} that lives in a namespace of its own. Nothing is
 * added to or changed in the host's network namespace; the addresses exist only inside these namespaces,
 * so concurrent runs do not meet.
 *
 * <p>{@link #isolate} takes a node's veth port off the bridge: its packets, and the others' packets to
 * it, are dropped without an error (as behind a dead switch port; the node's own interface stays up).
 * {@link #heal} puts the port back. Namespace names are {@code lumos-pt-<pid>-<n>-<role>}: {@link #close}
 * deletes this run's, and {@link #removeStale} those of earlier runs whose JVM is gone.
 */
final class NetworkNamespaces implements AutoCloseable {
    static final String PREFIX = "lumos-pt-";
    private static final long COMMAND_SECONDS = 30;
    private static int runs;

    private final String prefix;
    private final String bridge;
    private final Map<String, String> namespaces = new LinkedHashMap<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();

    /** Creates the bridge namespace and one namespace per node id; on failure removes what it made. */
    NetworkNamespaces(List<String> nodeIds) throws IOException {
        synchronized (NetworkNamespaces.class) {
            prefix = PREFIX + ProcessHandle.current().pid() + "-" + (runs++) + "-";
        }
        bridge = prefix + "br";
        try {
            ip("netns", "add", bridge);
            ip("-n", bridge, "link", "set", "lo", "up");
            ip("-n", bridge, "link", "add", "br0", "type", "bridge");
            ip("-n", bridge, "link", "set", "br0", "up");
            int host = 1;
            for (String id : nodeIds) {
                String ns = prefix + id;
                String address = "10.77.0." + host++;
                ip("netns", "add", ns);
                namespaces.put(id, ns);
                addresses.put(id, address);
                ip("-n", ns, "link", "set", "lo", "up");
                // the pair is made in the bridge namespace with its other end moved straight into the node's
                ip("-n", bridge, "link", "add", port(id), "type", "veth", "peer", "name", "eth0", "netns", ns);
                ip("-n", bridge, "link", "set", port(id), "master", "br0", "up");
                ip("-n", ns, "addr", "add", address + "/24", "dev", "eth0");
                ip("-n", ns, "link", "set", "eth0", "up");
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Why this machine cannot run the partition test (not root, no {@code ip}, or {@code ip netns add}
     * refused), or empty if it can: checked by making and deleting a namespace.
     */
    static Optional<String> unavailable() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            if (!status.lines().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"))) {
                return Optional.of("not running as root: network namespaces need root");
            }
            String probe = PREFIX + ProcessHandle.current().pid() + "-probe";
            ip("netns", "add", probe);
            ip("netns", "delete", probe);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("ip netns is not available: " + e.getMessage());
        }
    }

    /** Deletes the namespaces of earlier runs whose JVM no longer exists (a run killed before its cleanup). */
    static void removeStale() throws IOException {
        for (String line : ip("netns", "list").split("\n")) {
            String name = line.split(" ")[0].trim();
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String pid = name.substring(PREFIX.length()).split("-")[0];
            boolean owned = pid.matches("[0-9]+") && ProcessHandle.of(Long.parseLong(pid)).isPresent();
            if (!owned) {
                ip("netns", "delete", name);
            }
        }
    }

    /** The namespace address of node {@code id}, e.g. {@code 10.77.0.1}. */
    String address(String id) {
        return addresses.get(id);
    }

    /** The command prefix that runs a program inside node {@code id}'s namespace. */
    List<String> exec(String id) {
        return List.of("ip", "netns", "exec", namespaces.get(id));
    }

    /** The local addresses ({@code 10.77.0.1:9801}) of the TCP sockets listening in node {@code id}'s namespace, after {@code ss -ltnH}. */
    List<String> listening(String id) throws IOException {
        List<String> cmd = new ArrayList<>(exec(id).subList(1, exec(id).size()));
        cmd.addAll(List.of("ss", "-ltnH"));
        List<String> local = new ArrayList<>();
        for (String line : ip(cmd.toArray(String[]::new)).split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4) {
                local.add(columns[3].replaceFirst("^\\[::ffff:([0-9.]+)\\]", "$1")); // a JVM's IPv4 socket shows as IPv4-mapped IPv6
            }
        }
        return local;
    }

    /** Cuts node {@code id} off from the others, both ways, silently (its bridge port leaves the bridge). */
    void isolate(String id) throws IOException {
        ip("-n", bridge, "link", "set", port(id), "nomaster");
    }

    /** Undoes {@link #isolate}. */
    void heal(String id) throws IOException {
        ip("-n", bridge, "link", "set", port(id), "master", "br0");
    }

    private static String port(String id) {
        return "p-" + id;
    }

    /** Deletes this run's namespaces (their veth pairs and the bridge go with them); kill the nodes first. */
    @Override
    public void close() {
        List<String> all = new ArrayList<>(namespaces.values());
        all.add(bridge);
        for (String ns : all) {
            try {
                ip("netns", "delete", ns);
            } catch (IOException | RuntimeException e) {
                // the name may not have been made; removeStale takes what a failed delete leaves
            }
        }
        namespaces.clear();
    }

    /** Runs {@code ip ARGS}, bounded in time; its output, or an IOException naming the command and its output. */
    static String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + COMMAND_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " was interrupted", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed with " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }
}
