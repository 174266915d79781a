package dev.parley.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP load balancer in front of cluster nodes: one stable address for a browser while
 * nodes stop and start behind it. Each new connection goes to the first node in this balancer's
 * order of preference that accepts it, as a load balancer whose health check has noticed a node
 * gone; connections already open stay on their node until either end closes them.
 */
final class Balancer implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 1_000;

    private final ServerSocket listener;
    private final List<Integer> preferred;
    /** Both sockets of every open connection, to close them at the end. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** Listens on a free loopback port; {@code nodePorts} in order of preference. */
    Balancer(List<Integer> nodePorts) throws IOException {
        this.preferred = List.copyOf(nodePorts);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("balancer-accept-" + port()).start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/";
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofVirtual().start(() -> forward(client));
        }
    }

    private void forward(Socket client) {
        for (int nodePort : preferred) {
            Socket node = new Socket();
            try {
                node.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), nodePort), CONNECT_TIMEOUT_MS);
            } catch (IOException refused) {
                closeQuietly(node); // that node is down: the next one
                continue;
            }
            open.add(client);
            open.add(node);
            Thread.ofVirtual().start(() -> pump(client, node));
            Thread.ofVirtual().start(() -> pump(node, client));
            return;
        }
        closeQuietly(client); // no node up: the browser sees a failed connection and retries
    }

    /** Copies until one side closes, then passes the close on (a WebSocket close frame has gone through first). */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
        } catch (IOException e) {
            // closed or reset
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(Balancer::closeQuietly);
    }
}
