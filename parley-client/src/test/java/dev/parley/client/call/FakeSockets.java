package dev.parley.client.call;

import static dev.parley.client.call.Vectors.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.client.transport.TextSocket;
import dev.parley.client.transport.WebSocketConnector;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * WebSockets in memory for replaying call.json: what the SDK sends is written down as the
 * transcript's client frames, what the scripted server says is handed to the SDK's listener. The
 * JS twin is conformance/fake-socket.mjs. Every connection attempt opens at once unless refused.
 */
final class FakeSockets implements WebSocketConnector {
    /**
     * Client frames (parsed) and {@code {"socket": ...}} markers, in order. Guarded by itself: the
     * SDK's acknowledgement timer sends from a JDK timer thread.
     */
    private final List<JsonNode> sent = new ArrayList<>();
    /** The socket the server talks on; confined to the test's thread (which runs the ManualLoop too). */
    private FakeSocket current;
    /** How many coming connection attempts are refused; confined to the test's thread. */
    int refusing;

    @Override
    public CompletableFuture<TextSocket> open(URI uri, Duration timeout, TextSocket.Listener listener) {
        record(marker("connect"));
        if (refusing > 0) {
            refusing--;
            return CompletableFuture.failedFuture(new IOException("connection refused (scripted)"));
        }
        current = new FakeSocket(listener);
        return CompletableFuture.completedFuture(current);
    }

    /** The server's frames, back to back: all of them reach the SDK's listener before its loop runs. */
    void deliver(List<String> frames) {
        FakeSocket s = current;
        if (s == null) throw new IllegalStateException("no open connection to deliver to");
        for (String f : frames) s.listener.onText(f);
    }

    /** The server (or the network) ends the current connection with {@code code}. */
    void drop(int code) {
        FakeSocket s = current;
        if (s == null) throw new IllegalStateException("no connection to close");
        current = null;
        s.closed = true;
        s.listener.onClosed(code, "");
        s.over = true;
    }

    /**
     * Whether no connection is open: none, or the SDK closed it (which it may do on another thread)
     * and its listener has heard so.
     */
    boolean idle() {
        return current == null || current.over;
    }

    /** What was sent from {@code from} on. */
    List<JsonNode> since(int from) {
        synchronized (sent) {
            return List.copyOf(sent.subList(from, sent.size()));
        }
    }

    private void record(JsonNode frame) {
        synchronized (sent) {
            sent.add(frame);
        }
    }

    private static ObjectNode marker(String what) {
        return JSON.createObjectNode().put("socket", what);
    }

    private final class FakeSocket implements TextSocket {
        final Listener listener;
        volatile boolean closed;
        /** Closed, and the listener told (by then the SDK has queued what follows on its loop). */
        volatile boolean over;

        FakeSocket(Listener listener) {
            this.listener = listener;
        }

        @Override
        public CompletableFuture<Void> send(String text) {
            if (closed) return CompletableFuture.failedFuture(new IOException("closed"));
            try {
                record(JSON.readTree(text));
            } catch (IOException e) {
                throw new AssertionError("the SDK sent something that is not JSON: " + text, e);
            }
            return CompletableFuture.completedFuture(null);
        }

        /** The SDK closes; the server answers the close at once. */
        @Override
        public void close(int code, String reason) {
            if (end(marker("close").put("code", code))) listener.onClosed(code, reason);
            over = true;
        }

        @Override
        public void abort() {
            if (end(marker("abort"))) listener.onClosed(ABNORMAL, "aborted");
            over = true;
        }

        private boolean end(JsonNode marker) {
            if (closed) return false;
            closed = true;
            record(marker);
            return true;
        }
    }
}
