package io.lumosdb.cluster;

import io.javalin.http.HandlerType;
import io.lumosdb.LumosDB;
import io.lumosdb.memory.AgentMemory;
import io.lumosdb.server.ApiKeys;
import io.lumosdb.server.LumosServer;
import io.lumosdb.server.LumosServerBuilder;
import io.lumosdb.server.Role;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a replicated Lumos-DB: its own database, a Raft server (Apache Ratis) that keeps it in step
 * with the other nodes, and the HTTP API of lumos-server, whose writes go through the Raft log. Every
 * node accepts every request; writes reach the leader, reads are served where they arrive at the
 * requested level (docs/cluster.md).
 *
 * <pre>{@code
 * try (ClusterNode node = ClusterNode.builder()
 *         .directory(Path.of("data/n1")).node("n1")
 *         .members("n1@127.0.0.1:9801,n2@127.0.0.1:9802,n3@127.0.0.1:9803")
 *         .httpPort(8801).server(b -> b.noAuth())
 *         .start()) {
 *     log.info("node n1 serving {}; leader {}", node.url(), node.leaderId().orElse("(electing)"));
 *     node.awaitClosed();
 * }
 * }</pre>
 *
 * <p><b>Parts.</b> {@link ReplicatedStateMachine} applies the log to the database and takes snapshots;
 * {@link RaftWrites} is the server's write executor and read levels; {@link Determinism} fixes clock and
 * random values on the leader; {@link StoreChangeEntry} carries vector collection and agent memory changes
 * (the node's {@link AgentMemory}, which the log applies to and the server serves, is opened on first use); {@link ClusterEndpoints} adds {@code /v1/cluster}; {@link ClusterIdentity}
 * keeps a directory to its cluster and node.
 */
public final class ClusterNode implements AutoCloseable, ReplicatedStateMachine.DatabaseHost {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterNodeBuilder settings;
    private final RaftGroupId groupId;
    private final RaftPeerId self;
    private final ReplicatedStateMachine stateMachine;
    private final Object lifecycle = new Object();
    private volatile LumosDB db;
    private final Object memoryLock = new Object();
    private AgentMemory memory; // of db, opened on first use; guarded by memoryLock
    private ApiKeys keys;
    private volatile LumosServer http;
    private volatile boolean replacing;
    private RaftServer raft;
    private RaftClientPool clients;
    private PeerReconnects reconnects;
    private RaftWrites writes;
    private String initialAdminKey;
    private int httpPort;
    private boolean closed;

    private ClusterNode(ClusterNodeBuilder settings, RaftGroupId groupId, LumosDB db) {
        this.settings = settings;
        this.groupId = groupId;
        this.self = RaftPeerId.valueOf(settings.nodeId);
        this.db = db;
        this.stateMachine = new ReplicatedStateMachine("lumos-cluster " + settings.nodeId, this);
    }

    /** Settings for a node; see {@link ClusterNodeBuilder}. */
    public static ClusterNodeBuilder builder() {
        return new ClusterNodeBuilder();
    }

    static ClusterNode start(ClusterNodeBuilder b) throws IOException, SQLException {
        Path clusterDir = b.directory.resolve("cluster");
        ClusterIdentity identity = new ClusterIdentity(b.clusterName != null ? b.clusterName : "lumos", b.nodeId,
                ClusterIdentity.describe(b.members));
        ClusterIdentity.checkOrStore(clusterDir, identity);
        RaftGroup group = RaftGroup.valueOf(RaftGroupId.valueOf(identity.groupId()), peers(b.members));
        LumosDB db = LumosDB.open(b.directory);
        ClusterNode node = new ClusterNode(b, group.getGroupId(), db);
        try {
            node.keys = ApiKeys.open(db); // the key file outlives database restores: the server and the log share it
            node.startRaft(group, clusterDir.resolve("raft"));
            node.httpPort = b.httpPort >= 0 ? b.httpPort : 8765;
            synchronized (node.lifecycle) {
                node.http = node.startHttp();
                node.httpPort = node.http.port();
            }
            node.makeInitialAdminKey(b.members.get(0).id().equals(b.nodeId) && !b.join);
        } catch (IOException | SQLException | RuntimeException e) {
            node.close();
            throw e;
        }
        LOG.info("cluster node {} of {} started: Raft on {}, HTTP on {}", b.nodeId, identity.members(),
                b.members.stream().filter(m -> m.id().equals(b.nodeId)).findFirst().orElseThrow().address(), node.url());
        return node;
    }

    private static List<RaftPeer> peers(List<ClusterMember> members) {
        List<RaftPeer> peers = new ArrayList<>();
        for (ClusterMember m : members) {
            peers.add(RaftPeer.newBuilder().setId(m.id()).setAddress(m.address()).build());
        }
        return peers;
    }

    private void startRaft(RaftGroup group, Path raftDir) throws IOException {
        Files.createDirectories(raftDir);
        ClusterMember me = settings.members.stream().filter(m -> m.id().equals(settings.nodeId)).findFirst().orElseThrow();
        RaftProperties p = new RaftProperties();
        RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
        RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
        GrpcConfigKeys.Server.setHost(p, me.host());
        GrpcConfigKeys.Server.setPort(p, me.port());
        Duration election = settings.electionTimeout != null ? settings.electionTimeout : Duration.ofSeconds(1);
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, TimeDuration.valueOf(election.toMillis(), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, TimeDuration.valueOf(election.toMillis() * 2, TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(Math.max(3_000, election.toMillis() * 3), TimeUnit.MILLISECONDS));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        // a leader that lost its majority's heartbeats steps down and, by Ratis' default, stays out of elections for 10 s;
        // when its log is the longest (it appended an entry in its term), no other survivor can win meanwhile: the cluster
        // had no leader for ~10 s after the second kill (docs/cluster.md, "Failover"). It may run again after one timeout.
        RaftServerConfigKeys.LeaderElection.setLeaderStepDownWaitTime(p, TimeDuration.valueOf(election.toMillis(), TimeUnit.MILLISECONDS));
        long snapshotEvery = settings.snapshotEvery > 0 ? settings.snapshotEvery : 10_000;
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, snapshotEvery);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, snapshotEvery));
        boolean existing = Files.isDirectory(raftDir.resolve(group.getGroupId().getUuid().toString()));
        // a joining node's first start knows no member: it waits for the leader to add it rather than campaign
        RaftGroup initial = settings.join && !existing ? RaftGroup.valueOf(group.getGroupId()) : group;
        raft = RaftServer.newBuilder().setServerId(self).setStateMachine(stateMachine).setProperties(p).setGroup(initial)
                .setOption(existing ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT).build();
        raft.start();

        RaftProperties c = new RaftProperties();
        RaftConfigKeys.Rpc.setType(c, SupportedRpcType.GRPC);
        // a request to a peer that does not answer (a leader just killed, one being elected) is tried on the next
        // one after this long; same call id, so the leader's retry cache keeps a retried write from applying twice
        RaftClientConfigKeys.Rpc.setRequestTimeout(c, TimeDuration.valueOf(Math.max(1_000, election.toMillis()), TimeUnit.MILLISECONDS));
        clients = new RaftClientPool("lumos-cluster " + settings.nodeId, () -> RaftClient.newBuilder().setClientId(ClientId.randomId()).setProperties(c).setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(100, TimeDuration.valueOf(100, TimeUnit.MILLISECONDS)))
                .build(), 64);
        writes = new RaftWrites(this, clients, settings.writeTimeout != null ? settings.writeTimeout : Duration.ofSeconds(10));
        reconnects = new PeerReconnects("lumos-cluster " + settings.nodeId, raft, this::division, clients, election.multipliedBy(2));
    }

    /** Starts the HTTP server on the node's database (called with {@link #lifecycle} held). */
    private LumosServer startHttp() throws SQLException {
        LumosServerBuilder b = LumosServer.builder().database(db).apiKeys(keys).port(httpPort).writeExecutor(writes).memory(this::memory);
        ClusterEndpoints endpoints = new ClusterEndpoints(this);
        b.route(HandlerType.GET, "/v1/cluster", Role.READ, endpoints::status);
        b.route(HandlerType.POST, "/v1/cluster/members", Role.ADMIN, endpoints::addMember);
        b.route(HandlerType.DELETE, "/v1/cluster/members/{id}", Role.ADMIN, endpoints::removeMember);
        b.route(HandlerType.POST, "/v1/cluster/leader", Role.ADMIN, endpoints::transferLeadership);
        if (settings.server != null) {
            settings.server.accept(b);
        }
        return b.start();
    }

    /**
     * With authentication on and no key anywhere yet, the first node of the first member list makes one
     * admin key through the log (every node stores its hash), once a leader is there to take it.
     */
    private void makeInitialAdminKey(boolean firstMember) {
        if (!firstMember || !http.authenticates() || !keys.isEmpty()) {
            return;
        }
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!leaderKnown() && System.nanoTime() < end) {
            synchronized (lifecycle) {
                try {
                    lifecycle.wait(50); // woken by close(); else polls for the election's outcome
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        try {
            if (keys.isEmpty()) {
                initialAdminKey = writes.createKey(keys, Role.ADMIN, "initial admin", null, null).secret();
                LOG.info("no API key existed in the cluster: node {} made one admin key (shown once)", settings.nodeId);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("no initial admin key was made ({}); make one with POST /v1/admin/keys once a key exists, or restart", e.toString());
        }
    }

    // ---------------------------------------------------------------- the database the state machine applies to

    @Override
    public LumosDB db() {
        return db;
    }

    @Override
    public ApiKeys keys() {
        return keys;
    }

    /** The agent memory of the database (loading the embedding model on first use): the log's and the server's. */
    @Override
    public AgentMemory memory() throws SQLException {
        synchronized (memoryLock) {
            if (memory == null) {
                memory = AgentMemory.open(db);
            }
            return memory;
        }
    }

    /** Closes the memory of a database about to close (it stops its expiry thread; the next use opens it again). */
    private void closeMemory() {
        synchronized (memoryLock) {
            if (memory != null) {
                memory.close();
                memory = null;
            }
        }
    }

    @Override
    public void replaceWith(Path backup) throws IOException {
        synchronized (lifecycle) {
            LumosServer running = http;
            replacing = true; // reads waiting on this node give up (503) so that the server drains at once
            try {
                if (running != null) {
                    running.close();
                }
                closeMemory();
                db.close();
                LumosDB.restore(settings.directory, backup);
                db = LumosDB.open(settings.directory);
                if (running != null && !closed) {
                    http = startHttp();
                }
            } catch (SQLException e) {
                throw new IOException("replacing the database of node " + settings.nodeId + " by " + backup + " failed: " + e.getMessage(), e);
            } finally {
                replacing = false;
            }
        }
    }

    /** Whether a snapshot install is replacing the database now. */
    boolean replacingDatabase() {
        return replacing;
    }

    // ---------------------------------------------------------------- what the node knows

    /** This node's id. */
    public String nodeId() {
        return settings.nodeId;
    }

    /** The node's HTTP URL, e.g. {@code http://127.0.0.1:8801}. */
    public URI url() {
        return http.url();
    }

    /** The HTTP port (the one chosen when port 0 asked for any). */
    public int port() {
        return httpPort;
    }

    /** The admin key the first start made (authentication on, no key yet): shown once. */
    public Optional<String> initialAdminKey() {
        return Optional.ofNullable(initialAdminKey);
    }

    /** The leader's id, if this node knows one. */
    public Optional<String> leaderId() {
        return Optional.ofNullable(division().getInfo().getLeaderId()).map(RaftPeerId::toString);
    }

    /** Whether this node is the leader now. */
    public boolean isLeader() {
        return division().getInfo().isLeader();
    }

    /** The last log index this node applied. */
    public long appliedIndex() {
        return stateMachine.appliedIndex();
    }

    boolean leaderKnown() {
        return division().getInfo().getLeaderId() != null;
    }

    RaftPeerId selfId() {
        return self;
    }

    ReplicatedStateMachine stateMachine() {
        return stateMachine;
    }

    private RaftServer.Division division() {
        try {
            return raft.getDivision(groupId);
        } catch (IOException e) {
            throw new IllegalStateException("node " + settings.nodeId + " has no Raft group: " + e.getMessage(), e);
        }
    }

    /** One member as {@code GET /v1/cluster} shows it. */
    record MemberStatus(String id, String address, String role, long appliedIndex, long lag) {}

    /** The cluster as this node sees it. */
    record Status(String self, String leader, long term, List<MemberStatus> members) {}

    Status status() {
        RaftServer.Division d = division();
        String leader = Optional.ofNullable(d.getInfo().getLeaderId()).map(RaftPeerId::toString).orElse(null);
        Map<String, Long> indexes = new HashMap<>();
        long highest = stateMachine.appliedIndex();
        for (CommitInfoProto ci : d.getCommitInfos()) {
            String id = RaftPeerId.valueOf(ci.getServer().getId()).toString();
            indexes.put(id, ci.getCommitIndex());
            highest = Math.max(highest, ci.getCommitIndex());
        }
        indexes.put(settings.nodeId, stateMachine.appliedIndex());
        List<MemberStatus> members = new ArrayList<>();
        Collection<RaftPeer> listeners = d.getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER);
        for (RaftPeer peer : d.getRaftConf().getCurrentPeers()) {
            add(members, peer, peer.getId().toString().equals(leader) ? "LEADER" : "FOLLOWER", indexes, highest);
        }
        for (RaftPeer peer : listeners) {
            add(members, peer, "LISTENER", indexes, highest);
        }
        return new Status(settings.nodeId, leader, d.getInfo().getCurrentTerm(), members);
    }

    private static void add(List<MemberStatus> members, RaftPeer peer, String role, Map<String, Long> indexes, long highest) {
        long index = indexes.getOrDefault(peer.getId().toString(), -1L);
        members.add(new MemberStatus(peer.getId().toString(), peer.getAddress(), role, index, index < 0 ? -1 : highest - index));
    }

    // ---------------------------------------------------------------- membership

    /**
     * Adds {@code member} (already started with a member list that names it) as a voter, or as a listener:
     * a non-voting replica that receives the log without slowing commits. Returns when the leader has
     * committed the new configuration (the new node caught up first, from a snapshot if the log was compacted).
     *
     * @throws IOException if the cluster refuses or does not answer
     */
    public void addMember(ClusterMember member, boolean listener) throws IOException {
        RaftServer.Division d = division();
        List<RaftPeer> voters = new ArrayList<>(d.getRaftConf().getCurrentPeers());
        List<RaftPeer> listeners = new ArrayList<>(d.getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER));
        boolean known = voters.stream().anyMatch(p -> p.getId().toString().equals(member.id()))
                || listeners.stream().anyMatch(p -> p.getId().toString().equals(member.id()));
        if (known) {
            throw new IllegalArgumentException("node " + member.id() + " is already a member");
        }
        RaftPeer peer = RaftPeer.newBuilder().setId(member.id()).setAddress(member.address())
                .setStartupRole(listener ? RaftPeerRole.LISTENER : RaftPeerRole.FOLLOWER).build();
        (listener ? listeners : voters).add(peer);
        setConfiguration(voters, listeners, "adding " + member);
    }

    /**
     * Removes node {@code id} from the cluster (voter or listener).
     *
     * @throws IllegalArgumentException if no member has that id
     * @throws IOException if the cluster refuses or does not answer
     */
    public void removeMember(String id) throws IOException {
        RaftServer.Division d = division();
        List<RaftPeer> voters = new ArrayList<>(d.getRaftConf().getCurrentPeers());
        List<RaftPeer> listeners = new ArrayList<>(d.getRaftConf().getCurrentPeers(RaftPeerRole.LISTENER));
        boolean removed = voters.removeIf(p -> p.getId().toString().equals(id)) | listeners.removeIf(p -> p.getId().toString().equals(id));
        if (!removed) {
            throw new IllegalArgumentException("no member has the id '" + id + "'");
        }
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("node " + id + " is the last voter; a cluster cannot remove it");
        }
        setConfiguration(voters, listeners, "removing " + id);
    }

    /**
     * Makes node {@code id} the leader.
     *
     * @throws IOException if it does not become leader within {@code timeout}
     */
    public void transferLeadership(String id, Duration timeout) throws IOException {
        RaftClientReply reply = clients.call(c -> c.admin().transferLeadership(RaftPeerId.valueOf(id), timeout.toMillis()));
        if (!reply.isSuccess()) {
            throw new IOException("moving the leadership to " + id + " failed: " + reply.getException());
        }
    }

    private void setConfiguration(List<RaftPeer> voters, List<RaftPeer> listeners, String what) throws IOException {
        SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
                .setServersInNewConf(voters).setListenersInNewConf(listeners).build();
        RaftClientReply reply = clients.call(c -> c.admin().setConfiguration(args));
        if (!reply.isSuccess()) {
            throw new IOException(what + " failed: " + reply.getException());
        }
        LOG.info("cluster configuration changed: {}", what);
    }

    // ---------------------------------------------------------------- closing

    /** Waits until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        synchronized (lifecycle) {
            while (!closed) {
                lifecycle.wait();
            }
        }
    }

    /** Stops the HTTP server, the Raft server and client, and closes the database. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (http != null) {
                http.close();
            }
        }
        for (AutoCloseable part : new AutoCloseable[] {reconnects, clients, raft}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    LOG.warn("closing {} of node {} failed: {}", part.getClass().getSimpleName(), settings.nodeId, e.toString());
                }
            }
        }
        synchronized (lifecycle) {
            try {
                if (keys != null) {
                    keys.close();
                }
                closeMemory();
                db.close();
            } catch (SQLException e) {
                LOG.error("closing the database of node {} failed", settings.nodeId, e);
            }
            lifecycle.notifyAll();
        }
        LOG.info("cluster node {} stopped", settings.nodeId);
    }

    @Override
    public String toString() {
        return "ClusterNode[" + settings.nodeId + ", " + settings.directory + "]";
    }
}
