package dev.parley.server.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.client.CloseStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A seed 003 page's WebSocket as a test drives it: sends the text a test writes, keeps every text
 * message that arrives exactly as it came (the page's JSON is compared character for character).
 */
final class PageSocket implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();
    private final WebSocket ws;

    private PageSocket(WebSocket.Builder builder, URI uri) {
        this.ws = builder.buildAsync(uri, this).join();
    }

    /** {@code ws://127.0.0.1:<port>/webrtc/<name, percent-encoded>} plus {@code query} (with its '?') if any. */
    static URI uri(int port, String name, String query) {
        return URI.create("ws://127.0.0.1:" + port + "/webrtc/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
                + (query == null ? "" : query));
    }

    static PageSocket open(HttpClient http, URI uri) {
        return new PageSocket(http.newWebSocketBuilder(), uri);
    }

    /** Opened from a page of {@code origin}, as a browser does. */
    static PageSocket openFrom(HttpClient http, URI uri, String origin) {
        return new PageSocket(http.newWebSocketBuilder().header("Origin", origin), uri);
    }

    PageSocket send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    /** Sends a whole text message; false (sending nothing) once the connection is closed or failed. */
    boolean trySend(String text) {
        if (closed.isDone()) return false;
        try {
            ws.sendText(text, true).join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.io.IOException) return false;
            throw e;
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** The next message, within {@link #WAIT}. */
    String next() {
        String m = poll(WAIT);
        if (m == null) fail("no message within " + WAIT);
        return m;
    }

    /** Asserts the next message is exactly this text. */
    void expect(String json) {
        assertThat(next()).isEqualTo(json);
    }

    /** Asserts nothing arrives for a while. */
    void expectNothing(Duration during) {
        assertThat(poll(during)).as("unexpected message").isNull();
    }

    CloseStatus awaitClose() {
        try {
            return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("not closed within " + WAIT);
        }
    }

    private String poll(Duration d) {
        try {
            return messages.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** The server's heartbeat pings received so far (the JDK answers each with a pong, as browsers do). */
    int pings() {
        return pings.get();
    }

    /** Sends a ping; false once the connection is closed or failed. */
    boolean tryPing() {
        if (closed.isDone()) return false;
        try {
            ws.sendPing(java.nio.ByteBuffer.allocate(0)).join();
            return true;
        } catch (CompletionException e) {
            return false;
        }
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
        pings.incrementAndGet();
        return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new CloseStatus(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new CloseStatus(CloseStatus.ABNORMAL, String.valueOf(error)));
    }

    @Override
    public void close() {
        ws.abort();
    }

    /** Says goodbye as a closing tab does (1001). */
    void goodbye() {
        ws.sendClose(1001, "").join();
    }
}
