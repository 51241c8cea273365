package io.lumosdb.cluster;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Accepts connections on a listening channel and pipes each, both ways, to a fresh connection to
 * {@code target}. The partition test uses two: in the test JVM from a TCP port on 127.0.0.1 to a Unix
 * socket, and in the node's JVM (inside its network namespace) from that Unix socket to the node's HTTP
 * port. A Unix socket is a file, so it crosses network namespaces where no TCP connection can, and the
 * host's network is never touched.
 */
final class SocketRelay implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final SocketAddress target;
    private final String name;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    SocketRelay(ServerSocketChannel listener, SocketAddress target, String name) {
        this.listener = listener;
        this.target = target;
        this.name = name;
        this.acceptor = new Thread(this::acceptLoop, name + " accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel in;
            try {
                in = listener.accept();
            } catch (IOException closed) {
                return;
            }
            SocketChannel out;
            try {
                out = SocketChannel.open(target);
            } catch (IOException unreachable) { // the node is not serving (yet): the client sees a closed connection
                closeQuietly(in);
                continue;
            }
            open.add(in);
            open.add(out);
            AtomicInteger directionsLeft = new AtomicInteger(2);
            pipe(in, out, directionsLeft, name + " to target");
            pipe(out, in, directionsLeft, name + " from target");
        }
    }

    /** Copies {@code from} to {@code to} until end of stream; the second direction to end closes both. */
    private void pipe(SocketChannel from, SocketChannel to, AtomicInteger directionsLeft, String threadName) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
            boolean failed = false;
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput(); // half-close: the other direction may still carry the answer
            } catch (IOException e) {
                failed = true; // one side went away: so does the other
            }
            if (directionsLeft.decrementAndGet() == 0 || failed) {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, threadName);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        for (SocketChannel c : open) {
            closeQuietly(c);
        }
        open.clear();
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
