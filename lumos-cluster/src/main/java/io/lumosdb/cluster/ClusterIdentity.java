package io.lumosdb.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which cluster a node directory belongs to, and as which node: written on the first start
 * ({@code cluster/identity.properties}), checked on every later one, so that a node started with another
 * id, another cluster's name or another member list, or on another cluster's data, refuses at once with
 * the reason instead of joining the wrong group or splitting one.
 */
record ClusterIdentity(String cluster, String node, String members) {
    static final String FILE = "identity.properties";

    /** The Raft group id of a cluster name: the same on every node without coordination. */
    UUID groupId() {
        return UUID.nameUUIDFromBytes(("lumos-cluster:" + cluster).getBytes(StandardCharsets.UTF_8));
    }

    static String describe(List<ClusterMember> members) {
        return members.stream().map(ClusterMember::toString).collect(Collectors.joining(","));
    }

    /**
     * Checks {@code expected} against the identity stored in {@code dir}, or stores it if there is none.
     *
     * @throws IllegalStateException naming both values if they differ
     */
    static void checkOrStore(Path dir, ClusterIdentity expected) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            if (Files.isDirectory(dir.resolve("raft")) && Files.list(dir.resolve("raft")).findAny().isPresent()) {
                throw new IllegalStateException(dir + " holds Raft data but no " + FILE + ": it is not a Lumos cluster node's"
                        + " directory (or was damaged); start the node on an empty directory");
            }
            Files.createDirectories(dir);
            Properties p = new Properties();
            p.setProperty("cluster", expected.cluster());
            p.setProperty("node", expected.node());
            p.setProperty("members", expected.members());
            Path partial = dir.resolve(FILE + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                p.store(out, "Lumos-DB cluster node identity: do not edit");
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String cluster = p.getProperty("cluster");
        String node = p.getProperty("node");
        String members = p.getProperty("members");
        if (!expected.cluster().equals(cluster)) {
            throw new IllegalStateException("this directory holds the data of cluster '" + cluster + "', not of cluster '"
                    + expected.cluster() + "': refusing to start (" + file + ")");
        }
        if (!expected.node().equals(node)) {
            throw new IllegalStateException("this directory holds the data of node " + node + ", not of node "
                    + expected.node() + ": refusing to start (" + file + ")");
        }
        if (!expected.members().equals(members)) {
            throw new IllegalStateException("node " + node + " was first started with --cluster " + members + " but now with "
                    + expected.members() + ": refusing to start; give the first list (membership changes at run time go"
                    + " through POST /v1/cluster/members, and the nodes keep them)");
        }
    }
}
