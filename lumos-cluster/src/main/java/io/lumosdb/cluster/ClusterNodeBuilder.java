package io.lumosdb.cluster;

import io.lumosdb.server.LumosServerBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings for {@link ClusterNode}; each can be set once and is checked at once.
 *
 * <pre>{@code
 * ClusterNode node = ClusterNode.builder()
 *         .directory(Path.of("data/n1"))
 *         .node("n1")
 *         .members("n1@127.0.0.1:9801,n2@127.0.0.1:9802,n3@127.0.0.1:9803")
 *         .httpPort(8801)
 *         .server(b -> b.noAuth())          // any other LumosServerBuilder setting but the database and port
 *         .start();
 * }</pre>
 */
public final class ClusterNodeBuilder {
    Path directory;
    String nodeId;
    List<ClusterMember> members;
    String clusterName;
    int httpPort = -1;
    Consumer<LumosServerBuilder> server;
    long snapshotEvery = -1;
    Duration electionTimeout;
    Duration writeTimeout;
    boolean join;

    ClusterNodeBuilder() {}

    /** The node's database directory (created if missing); the Raft log and snapshots go in its {@code cluster/}. */
    public ClusterNodeBuilder directory(Path directory) {
        requireUnset(this.directory == null, "the directory was already set to " + this.directory);
        this.directory = Objects.requireNonNull(directory, "directory");
        return this;
    }

    /** This node's id, one of the {@link #members}. */
    public ClusterNodeBuilder node(String id) {
        requireUnset(nodeId == null, "the node id was already set to " + nodeId);
        this.nodeId = Objects.requireNonNull(id, "id");
        return this;
    }

    /** The cluster's voting members at its first start, {@code n1@127.0.0.1:9801,n2@...}; see {@link ClusterMember#parseList}. */
    public ClusterNodeBuilder members(String list) {
        requireUnset(members == null, "the members were already set to " + members);
        this.members = ClusterMember.parseList(list);
        return this;
    }

    /** The cluster's name (default {@code lumos}): nodes of clusters with different names never join each other. */
    public ClusterNodeBuilder clusterName(String name) {
        requireUnset(clusterName == null, "the cluster name was already set to " + clusterName);
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("a cluster name holds 1 to 64 letters, digits, '_', '.' or '-'; was '" + name + "'");
        }
        this.clusterName = name;
        return this;
    }

    /** The HTTP port of this node's server (default 8765; 0 for any free port). */
    public ClusterNodeBuilder httpPort(int port) {
        requireUnset(httpPort < 0, "the HTTP port was already set to " + httpPort);
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the HTTP port must be 0 to 65535, was " + port);
        }
        this.httpPort = port;
        return this;
    }

    /**
     * Settings of the HTTP server (host, keys, TLS, limits...); called on each start of the server (it
     * restarts after a snapshot install). The database, the port and the write executor are the node's.
     */
    public ClusterNodeBuilder server(Consumer<LumosServerBuilder> settings) {
        requireUnset(server == null, "the server settings were already given");
        this.server = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /** Takes a snapshot (a SQLite backup) every {@code entries} log entries and compacts the log (default 10,000). */
    public ClusterNodeBuilder snapshotEvery(long entries) {
        requireUnset(snapshotEvery < 0, "the snapshot interval was already set to " + snapshotEvery);
        if (entries < 1) {
            throw new IllegalArgumentException("the snapshot interval must be at least 1 entry, was " + entries);
        }
        this.snapshotEvery = entries;
        return this;
    }

    /**
     * The least time a follower waits without hearing from a leader before it stands for election (default
     * 1 s; the most is twice that). Shorter fails over sooner and risks needless elections on a loaded machine.
     */
    public ClusterNodeBuilder electionTimeout(Duration timeout) {
        requireUnset(electionTimeout == null, "the election timeout was already set to " + electionTimeout);
        this.electionTimeout = requirePositive(timeout, "election timeout");
        return this;
    }

    /** How long a write waits for the leader's answer before 503 (default 10 s; never longer than the request's timeout). */
    public ClusterNodeBuilder writeTimeout(Duration timeout) {
        requireUnset(writeTimeout == null, "the write timeout was already set to " + writeTimeout);
        this.writeTimeout = requirePositive(timeout, "write timeout");
        return this;
    }

    /**
     * Starts this node as a new member of a running cluster: its first start waits, without standing for
     * election, until the leader adds it ({@code POST /v1/cluster/members}) and sends it the data. (A new
     * node that stood for election would be shut down by Raft: the others do not count it yet.) Its
     * {@link #members} list names the running nodes and itself.
     */
    public ClusterNodeBuilder join() {
        this.join = true;
        return this;
    }

    /**
     * Starts the node: checks the directory's identity, opens the database, starts its Raft server (which
     * joins the others and replays what the database misses), then its HTTP server.
     *
     * @throws IllegalStateException if a setting is missing, the node is not among the members, or the
     *     directory belongs to another node or cluster
     * @throws IOException if Raft cannot start (its port is taken, ...)
     * @throws SQLException if the database cannot be opened
     */
    public ClusterNode start() throws IOException, SQLException {
        requireSet(directory != null, "directory(path)");
        requireSet(nodeId != null, "node(id)");
        requireSet(members != null, "members(list)");
        if (members.stream().noneMatch(m -> m.id().equals(nodeId))) {
            throw new IllegalStateException("node " + nodeId + " is not in the cluster list " + ClusterIdentity.describe(members));
        }
        return ClusterNode.start(this);
    }

    private static void requireSet(boolean set, String what) {
        if (!set) {
            throw new IllegalStateException("set " + what + " before start()");
        }
    }

    private static void requireUnset(boolean unset, String message) {
        if (!unset) {
            throw new IllegalStateException(message);
        }
    }

    private static Duration requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
