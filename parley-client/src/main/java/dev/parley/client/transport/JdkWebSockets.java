package dev.parley.client.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** WebSockets on the JDK's {@code java.net.http} client: the connector on servers and desktops. */
public final class JdkWebSockets implements WebSocketConnector {
    /** Longest message accepted; Parley's own limit is far below. */
    public static final int MAX_INCOMING_CHARS = 1 << 20;

    private final HttpClient http;

    /** Over an HTTP client of the caller's (its SSL context, proxy, executor). */
    public JdkWebSockets(HttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public CompletableFuture<TextSocket> open(URI uri, Duration timeout, TextSocket.Listener listener) {
        var socket = new JdkSocket(listener);
        return http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, socket).thenApply(ws -> {
            socket.opened(ws);
            return socket;
        });
    }

    private static final class JdkSocket implements TextSocket, WebSocket.Listener {
        private static final Logger log = LoggerFactory.getLogger(JdkSocket.class);
        private final TextSocket.Listener listener;

        /**
         * Guarded by {@code this}: the socket once open, the tail of the send chain (the JDK refuses
         * a send while another is in progress), and whether onClosed was said.
         */
        private WebSocket socket;
        private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
        private boolean finished;

        /** Confined to the receiving thread (the JDK delivers one callback at a time). */
        private final StringBuilder partial = new StringBuilder();

        JdkSocket(TextSocket.Listener listener) {
            this.listener = listener;
        }

        /** From {@code onOpen} and from the open future, whichever comes first. */
        synchronized void opened(WebSocket ws) {
            if (socket == null) socket = ws;
        }

        @Override
        public synchronized CompletableFuture<Void> send(String text) {
            if (socket == null || finished) {
                var refused = new CompletableFuture<Void>();
                refused.completeExceptionally(new IllegalStateException("closed"));
                return refused;
            }
            WebSocket ws = socket;
            var sent = lastSend.handle((v, e) -> null).thenCompose(v -> ws.sendText(text, true)).thenApply(w -> (Void) null);
            lastSend = sent;
            return sent;
        }

        @Override
        public synchronized void close(int code, String reason) {
            if (socket == null || finished) return;
            WebSocket ws = socket;
            lastSend = lastSend.handle((v, e) -> null).thenCompose(v -> ws.sendClose(code, reason));
        }

        @Override
        public void abort() {
            WebSocket ws;
            synchronized (this) {
                ws = socket;
            }
            if (ws != null) ws.abort();
            finish(ABNORMAL, "aborted");
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            opened(webSocket);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_INCOMING_CHARS) {
                log.warn("server sent a message over {} characters; dropping the connection", MAX_INCOMING_CHARS);
                abort();
                return null;
            }
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                listener.onText(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1); // the protocol has no binary messages
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            finish(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            finish(ABNORMAL, String.valueOf(error.getMessage()));
        }

        private void finish(int code, String reason) {
            synchronized (this) {
                if (finished) return;
                finished = true;
            }
            listener.onClosed(code, reason);
        }
    }
}
