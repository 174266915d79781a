package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.fail;

import dev.parley.client.CloseStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A bare WebSocket to the endpoint: sends the Engine.IO packets a test writes, queues what comes back. */
final class EngineSocket implements WebSocket.Listener, AutoCloseable {
    private final LinkedBlockingQueue<String> packets = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;

    EngineSocket(HttpClient http, URI uri, String origin) {
        var builder = http.newWebSocketBuilder();
        if (origin != null) builder.header("Origin", origin);
        this.ws = builder.buildAsync(uri, this).join();
    }

    EngineSocket send(String packet) {
        ws.sendText(packet, true).join();
        return this;
    }

    /** Sends, or false if the server has closed the connection meanwhile. */
    boolean trySend(String packet) {
        try {
            ws.sendText(packet, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            return false;
        }
    }

    EngineSocket sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    String next() throws InterruptedException {
        String p = packets.poll(5, TimeUnit.SECONDS);
        if (p == null) fail("no packet within 5 s" + (closed.isDone() ? "; closed: " + closed.join() : ""));
        return p;
    }

    /** The next packet within {@code millis}, or null. */
    String poll(long millis) throws InterruptedException {
        return packets.poll(millis, TimeUnit.MILLISECONDS);
    }

    CloseStatus awaitClose() {
        try {
            return closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return fail("not closed within 5 s");
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            packets.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
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
}
