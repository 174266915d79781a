package dev.parley.android;

import dev.parley.client.transport.TextSocket;
import dev.parley.client.transport.WebSocketConnector;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * WebSockets on OkHttp: the connector on Android, which has no {@code java.net.http}. Pass it to
 * {@code ParleyClient.builder(uri).connector(...)}.
 *
 * <p>One instance can serve every connection of an app: connections share the client's thread
 * pool and connection pool.
 */
public final class OkHttpWebSockets implements WebSocketConnector {
    /** Longest message accepted; Parley's own limit is far below. */
    public static final int MAX_INCOMING_CHARS = 1 << 20;

    /**
     * How often an idle connection is pinged by default: a phone that changed networks otherwise
     * keeps a dead socket until the server's resume grace has long passed.
     */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(15);

    /**
     * Ends opens that take too long (Java 9's {@code orTimeout} needs Android API 31). One daemon
     * thread for the process; it holds a task per open under way.
     */
    private static final ScheduledExecutorService TIMEOUTS = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "parley-websocket-timeouts");
        t.setDaemon(true);
        return t;
    });

    private final OkHttpClient http;

    /** Over a client of the caller's (its TLS set-up, proxy, interceptors, ping interval). */
    public OkHttpWebSockets(OkHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Over a client of its own that pings every {@link #DEFAULT_PING_INTERVAL}. */
    public OkHttpWebSockets() {
        this(new OkHttpClient.Builder().pingInterval(DEFAULT_PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS).build());
    }

    @Override
    public CompletableFuture<TextSocket> open(URI uri, Duration timeout, TextSocket.Listener listener) {
        Request request;
        try {
            // OkHttp takes ws:// and wss:// URLs as they are (and says so by mapping them to http(s)).
            request = new Request.Builder().url(uri.toString()).build();
        } catch (IllegalArgumentException e) {
            return Futures.failed(e);
        }
        OkHttpClient client = http.newBuilder()
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(0, TimeUnit.MILLISECONDS) // a quiet signaling channel is normal
                .build();
        var socket = new OkSocket(listener);
        WebSocket ws = client.newWebSocket(request, socket);
        // OkHttp's connect timeout covers the TCP connection only, not TLS and the upgrade.
        ScheduledFuture<?> deadline = TIMEOUTS.schedule(() -> {
            if (socket.opening.completeExceptionally(new TimeoutException("no WebSocket within " + timeout.toMillis() + " ms"))) {
                ws.cancel();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        socket.opening.whenComplete((s, e) -> deadline.cancel(false));
        return socket.opening;
    }

    /** One connection: OkHttp's listener on one side, the client's {@link TextSocket} on the other. */
    static final class OkSocket extends WebSocketListener implements TextSocket {
        private final TextSocket.Listener listener;
        final CompletableFuture<TextSocket> opening = new CompletableFuture<>();

        /**
         * Guarded by {@code this}: the socket once open, and whether onClosed was said. OkHttp calls
         * the listener methods one at a time on its reader thread; send, close and abort come from
         * any thread.
         */
        private WebSocket socket;
        private boolean finished;

        OkSocket(TextSocket.Listener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            synchronized (this) {
                socket = webSocket;
            }
            if (opening.complete(this)) return;
            synchronized (this) {
                finished = true; // timed out meanwhile: the caller has given up on it
            }
            webSocket.cancel();
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            if (text.length() > MAX_INCOMING_CHARS) {
                abort(); // the JDK connector does the same
                return;
            }
            synchronized (this) {
                if (finished) return;
            }
            listener.onText(text);
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes) {
            // the protocol has no binary messages
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            // The server's close frame says why, and nothing follows it: report it now. A server that
            // drops the TCP connection right after (as it does on a protocol violation) would turn
            // OkHttp's onClosed into an onFailure and the code into 1006.
            finish(code, reason);
            webSocket.close(sendable(code) ? code : 1000, null); // answer it, as RFC 6455 asks
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason) {
            finish(code, reason);
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable t, Response response) {
            if (opening.completeExceptionally(t)) return; // never opened: the future says why
            finish(ABNORMAL, String.valueOf(t.getMessage()));
        }

        @Override
        public CompletableFuture<Void> send(String text) {
            WebSocket ws;
            synchronized (this) {
                ws = finished ? null : socket;
            }
            // OkHttp queues the message (in order) or refuses it when closing or 16 MiB are queued.
            if (ws == null || !ws.send(text)) {
                return Futures.failed(new IllegalStateException("closed"));
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void close(int code, String reason) {
            WebSocket ws;
            synchronized (this) {
                ws = finished ? null : socket;
            }
            if (ws == null) return;
            if (!sendable(code)) {
                abort();
                return;
            }
            ws.close(code, reason == null || reason.isEmpty() ? null : reason);
        }

        @Override
        public void abort() {
            WebSocket ws;
            synchronized (this) {
                ws = socket;
            }
            if (ws != null) ws.cancel();
            finish(ABNORMAL, "aborted");
        }

        private void finish(int code, String reason) {
            synchronized (this) {
                if (finished || socket == null) return;
                finished = true;
            }
            listener.onClosed(code, reason == null ? "" : reason);
        }

        /** Whether a close frame may carry this code (RFC 6455 §7.4); OkHttp throws on the others. */
        static boolean sendable(int code) {
            return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
        }
    }
}
