package io.lumosdb.cli;

import io.lumosdb.cluster.ClusterNode;
import io.lumosdb.cluster.ClusterNodeBuilder;
import java.io.PrintWriter;

/** {@code lumos serve DIR --node n1 --cluster n1@127.0.0.1:9801,...}: one node of a replicated cluster (docs/cluster.md). */
final class ClusterServe {
    private ClusterServe() {}

    static int run(ServeCommand c) throws Exception {
        ClusterNodeBuilder b = ClusterNode.builder().directory(c.dir).node(c.node).members(c.cluster).clusterName(c.clusterName)
                .httpPort(c.port).server(c::configure);
        if (c.join) {
            b.join();
        }
        if (c.snapshotEvery != null) {
            b.snapshotEvery(c.snapshotEvery);
        }
        PrintWriter out = c.spec.commandLine().getOut();
        ClusterNode node = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "lumos-cluster shutdown"));
        out.println("Lumos-DB cluster node " + c.node + " serving " + c.dir + " on " + node.url()
                + " (leader: " + node.leaderId().orElse("being elected") + ")");
        node.initialAdminKey().ifPresent(k -> {
            out.println("No API key existed: an admin key was made for this node. It is shown this once; keep it:");
            out.println(k);
        });
        out.flush();
        node.awaitClosed();
        return 0;
    }
}
