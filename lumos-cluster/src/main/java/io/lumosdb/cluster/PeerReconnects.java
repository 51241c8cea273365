package io.lumosdb.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a node's connections to the other Raft servers from outliving a failover: when the node starts
 * following a new leader it drops its connections to the other peers, and its idle Raft clients, so that
 * its next election (a vote request) or write opens fresh ones.
 *
 * <p><b>Why.</b> Ratis 3.3.0 sends a vote request on the gRPC channel it keeps for each peer
 * ({@code GrpcServicesImpl.requestVote}) and never resets that channel's connect back-off (only the
 * leader's log appender does, {@code GrpcLogAppender.resetClient}). A peer that was down for a while
 * (killed, then restarted) leaves the others' channels to it in gRPC's exponential reconnect back-off
 * (1 s growing by 1.6x up to 2 minutes): after the peer is back, every vote request to it fails at once
 * with {@code UNAVAILABLE} until the next scheduled reconnect, tens of seconds later after a long
 * absence. If the two survivors of the next kill are that node and the restarted peer, the one whose
 * channel is backed off cannot collect the restarted peer's vote, and when the restarted peer cannot
 * win either (its log is shorter), the cluster stays without a leader (docs/cluster.md, "Failover").
 * A follower never uses its channels to the peers other than its leader, so dropping them there costs
 * nothing: Ratis opens a channel again on the next use. The leader's channel is kept (a follower sends
 * ReadIndex requests on it for linearizable reads).
 *
 * <p>Also, when the node has known no leader for longer than two maximum election timeouts, its channels
 * to every peer are dropped every two such timeouts (a vote request then in flight fails and that round
 * is lost, which is why it is not done at once).
 */
final class PeerReconnects implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerReconnects.class);
    private static final long TICK_MS = 200;

    private final RaftServer server;
    private final Supplier<RaftServer.Division> division;
    private final RaftClientPool clients;
    private final long leaderlessResetNanos;
    private final ScheduledExecutorService timer;
    private String followed; // "term/leader" whose start was handled
    private long leaderlessSince;
    private long lastLeaderlessReset;

    PeerReconnects(String owner, RaftServer server, Supplier<RaftServer.Division> division, RaftClientPool clients, Duration maxElectionTimeout) {
        this.server = server;
        this.division = division;
        this.clients = clients;
        this.leaderlessResetNanos = 2 * maxElectionTimeout.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, owner + " peer-reconnects");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            RaftServer.Division d = division.get();
            RaftPeerId leader = d.getInfo().getLeaderId();
            long now = System.nanoTime();
            if (leader != null) {
                leaderlessSince = 0;
                String key = d.getInfo().getCurrentTerm() + "/" + leader;
                if (!key.equals(followed)) {
                    followed = key;
                    clients.dropIdle(); // their leader and channels are from before the change
                    if (!d.getInfo().isLeader()) {
                        reset(d, leader);
                    }
                }
                return;
            }
            if (leaderlessSince == 0) {
                leaderlessSince = now;
                lastLeaderlessReset = now;
            } else if (now - leaderlessSince > leaderlessResetNanos && now - lastLeaderlessReset > leaderlessResetNanos) {
                lastLeaderlessReset = now;
                if (reset(d, null) > 0) {
                    LOG.info("{}: no leader for {} ms; reconnecting to every peer", d.getMemberId(), (now - leaderlessSince) / 1_000_000);
                }
            }
        } catch (RuntimeException e) { // a node closing: its division is gone
            LOG.debug("peer reconnect check skipped: {}", e.toString());
        }
    }

    /** Drops this node's channels to every peer but itself and {@code keep}; returns how many. */
    private int reset(RaftServer.Division d, RaftPeerId keep) {
        int dropped = 0;
        for (RaftPeer peer : d.getRaftConf().getAllPeers()) {
            if (!peer.getId().equals(d.getId()) && !peer.getId().equals(keep)) {
                server.getServerRpc().handleException(peer.getId(), new IOException("dropping the connection to " + peer.getId()
                        + " after a leader change, so that a vote request reconnects at once"), true);
                dropped++;
            }
        }
        return dropped;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
