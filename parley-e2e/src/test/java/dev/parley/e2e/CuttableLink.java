package dev.parley.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP forwarder on 127.0.0.1 between browsers and the server, whose connections a test can cut
 * at once, as a network does when a phone walks out of Wi-Fi: both ends get a reset, no WebSocket
 * close frame. New connections keep working, so clients can reconnect through it.
 */
final class CuttableLink implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    /** Guarded by {@code this}. */
    private final List<Socket> open = new ArrayList<>();

    CuttableLink(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("link-accept").start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Resets every connection through the link; returns how many pairs were cut. */
    synchronized int cut() {
        int pairs = open.size() / 2;
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0); // RST, not FIN
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        open.clear();
        return pairs;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                synchronized (this) {
                    open.add(client);
                    open.add(server);
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // listener closed, or the server refused: the browser sees a failed connection
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) out.write(buffer, 0, n);
            } catch (IOException e) {
                // cut or closed
            } finally {
                try {
                    to.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        });
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
