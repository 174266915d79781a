package dev.parley.cluster.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of one Redis, so a test can partition one client (one node) from it while
 * the others keep their connections: {@link #cut()} closes its connections (the client sees it at once),
 * {@link #blackhole()} silently stops forwarding (as a lost network: nothing closes, nothing answers,
 * TCP keepalive still succeeds against the proxy), {@link #blackholeReplies()} lets commands reach Redis
 * but holds their replies, and {@link #heal()} forwards again, held bytes first.
 */
public final class TcpProxy implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final int targetPort;
    private final ServerSocket listener;
    /** Both sockets of every proxied connection, to cut them. */
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Guards the two flags; pumps wait on it while their direction is held. */
    private final Object gate = new Object();
    private boolean forwardRequests = true;
    private boolean forwardReplies = true;
    private volatile boolean closed;

    private TcpProxy(int targetPort, ServerSocket listener) {
        this.targetPort = targetPort;
        this.listener = listener;
    }

    /** Listens on a free loopback port and forwards every connection to 127.0.0.1:{@code targetPort}. */
    public static TcpProxy start(int targetPort) {
        try {
            TcpProxy proxy = new TcpProxy(targetPort, new ServerSocket(0, 50, LOOPBACK));
            Thread.ofPlatform().daemon().name("tcp-proxy-accept-" + proxy.port()).start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** {@code redis://127.0.0.1:<proxy port>}. */
    public String uri() {
        return "redis://127.0.0.1:" + port();
    }

    /** Closes every connection through the proxy now; new ones are accepted (and forwarded unless held). */
    public void cut() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /** Stops forwarding both ways, closing nothing. New connections are accepted but hear nothing. */
    public void blackhole() {
        setForwarding(false, false);
    }

    /** Forwards commands to Redis but holds its replies: commands run, their callers hear nothing. */
    public void blackholeReplies() {
        setForwarding(true, false);
    }

    /** Forwards both ways again; what was held is delivered first. */
    public void heal() {
        setForwarding(true, true);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cut();
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void setForwarding(boolean requests, boolean replies) {
        synchronized (gate) {
            forwardRequests = requests;
            forwardReplies = replies;
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(LOOPBACK, targetPort), 5_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            sockets.add(client);
            sockets.add(server);
            Thread.ofPlatform().daemon().name("tcp-proxy-request").start(() -> pump(client, server, true));
            Thread.ofPlatform().daemon().name("tcp-proxy-reply").start(() -> pump(server, client, false));
        }
    }

    /** Copies until either side closes; each read waits for its direction to be forwarded before it is written. */
    private void pump(Socket from, Socket to, boolean requests) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitForwarding(requests)) {
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (SocketException closedOrReset) {
            // cut() or either end closed: the other side is closed below
        } catch (IOException e) {
            // as above, anything else ends this connection too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    /** False once the proxy is closed. Waits in steps so a closed socket is noticed without a signal. */
    private boolean awaitForwarding(boolean requests) throws IOException {
        synchronized (gate) {
            while (!(requests ? forwardRequests : forwardReplies)) {
                if (closed) {
                    return false;
                }
                try {
                    gate.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            return !closed;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
