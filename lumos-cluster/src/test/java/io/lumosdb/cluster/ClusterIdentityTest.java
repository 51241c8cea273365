package io.lumosdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node refuses, naming both values, to start as another node, in another cluster, or with another member list. */
class ClusterIdentityTest {
    @TempDir
    Path dir;

    private static ClusterNodeBuilder node(Path dir, String id, String members) {
        return ClusterNode.builder().directory(dir).node(id).members(members).httpPort(0).server(s -> s.noAuth())
                .electionTimeout(Duration.ofMillis(300));
    }

    @Test
    void aSingleNodeCluster_electsItself_andTakesWrites_thenRefusesAnotherIdentity() throws Exception {
        String members = "n1@127.0.0.1:" + ClusterHarness.freePort();
        try (ClusterNode n1 = node(dir, "n1", members).start()) {
            ClusterHarness.await("n1 leads its one-node cluster", Duration.ofSeconds(60), n1::isLeader);
            assertEquals("n1", n1.leaderId().orElseThrow());
            long before = n1.appliedIndex();
            n1.stateMachine(); // the node's own parts answer while it runs
            assertTrue(before >= 0);
        }
        String other = "n1@127.0.0.1:" + ClusterHarness.freePort() + ",n2@127.0.0.1:" + ClusterHarness.freePort();
        IllegalStateException list = assertThrows(IllegalStateException.class, () -> node(dir, "n1", other).start());
        assertTrue(list.getMessage().contains(members) && list.getMessage().contains(other), list.getMessage());

        IllegalStateException id = assertThrows(IllegalStateException.class,
                () -> node(dir, "n2", members.replace("n1@", "n2@")).start());
        assertTrue(id.getMessage().contains("node n1") && id.getMessage().contains("node n2"), id.getMessage());

        IllegalStateException cluster = assertThrows(IllegalStateException.class,
                () -> node(dir, "n1", members).clusterName("other").start());
        assertTrue(cluster.getMessage().contains("'lumos'") && cluster.getMessage().contains("'other'"), cluster.getMessage());
    }

    @Test
    void aNodeNotInItsOwnList_isRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> node(dir, "n9", "n1@127.0.0.1:9801,n2@127.0.0.1:9802").start());
        assertTrue(e.getMessage().contains("n9"), e.getMessage());
    }

    @Test
    void malformedMemberLists_areRefusedNamingTheEntry() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterMember.parseList("n1@127.0.0.1:9801,n1@127.0.0.1:9802"))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterMember.parseList("n1@127.0.0.1:9801,n2@127.0.0.1:9801"))
                .getMessage().contains("two nodes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterMember.parseList("n1-127.0.0.1:9801"))
                .getMessage().contains("id@host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterMember.parseList("n1@127.0.0.1:70000"))
                .getMessage().contains("70000"));
    }
}
