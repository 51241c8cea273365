package io.lumosdb.cluster;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A cluster node in its own JVM, for the tests that kill and restart processes:
 * {@code NodeProcess DIR NODE MEMBERS HTTP_PORT SNAPSHOT_EVERY [join]}. Prints {@code READY <port>} once it serves.
 * With {@code -Dlumos.test.relaySocket=PATH} (the partition test, where the node runs in a network namespace
 * of its own) it also relays connections on that Unix socket to its HTTP port, for the test JVM outside.
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
        String relaySocket = System.getProperty("lumos.test.relaySocket");
        if (relaySocket != null) {
            Path socket = Path.of(relaySocket);
            Files.deleteIfExists(socket); // left by this node's earlier run
            ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            new SocketRelay(listener, new InetSocketAddress(node.url().getHost(), node.port()), "node " + args[1] + " http relay");
        }
        System.out.println("READY " + node.port());
        System.out.flush();
        node.awaitClosed();
    }
}
