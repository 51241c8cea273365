package io.lumosdb.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A cluster node in its own JVM, for the tests that kill and restart processes:
 * {@code NodeProcess DIR NODE MEMBERS HTTP_PORT SNAPSHOT_EVERY [join]}. Prints {@code READY <port>} once it serves.
 */
public final class NodeProcess {
    private NodeProcess() {}

    public static void main(String[] args) throws Exception {
        ClusterNodeBuilder b = ClusterNode.builder().directory(Path.of(args[0])).node(args[1]).members(args[2])
                .httpPort(Integer.parseInt(args[3])).electionTimeout(Duration.ofMillis(1000)).server(s -> s.noAuth());
        b.snapshotEvery(Long.parseLong(args[4]));
        if (args.length > 5 && args[5].equals("join")) {
            b.join();
        }
        ClusterNode node = b.start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node shutdown"));
        System.out.println("READY " + node.port());
        System.out.flush();
        node.awaitClosed();
    }
}
