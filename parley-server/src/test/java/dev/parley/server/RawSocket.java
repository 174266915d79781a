package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parley.client.CloseStatus;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare WebSocket that sends exactly the frames a test writes (no hello, no validation) and
 * decodes what comes back: for protocol edge cases the client SDK would never produce.
 */
public final class RawSocket implements WebSocket.Listener, AutoCloseable {
    private final LinkedBlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket ws;

    private RawSocket(HttpClient http, URI uri) {
        this.ws = http.newWebSocketBuilder().buildAsync(uri, this).join();
    }

    public static RawSocket open(HttpClient http, URI uri) {
        return new RawSocket(http, uri);
    }

    public RawSocket send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    /**
     * Sends a message split into fragments (continuation frames). Stops if the server has closed
     * the connection meanwhile (as it does once a message grows past its limit): the close is what
     * such a test then checks.
     */
    public RawSocket sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            try {
                ws.sendText(parts[i], i == parts.length - 1).join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof java.io.IOException) break;
                throw e;
            }
        }
        return this;
    }

    /** Sends a whole text frame; false (sending nothing) once the connection is closed or failed. */
    public boolean trySend(String text) {
        if (isClosed()) return false;
        try {
            ws.sendText(text, true).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.IOException) return false;
            throw e;
        }
    }

    /** Whether the server's close (or a failure) has arrived. */
    public boolean isClosed() {
        return closed.isDone();
    }

    public RawSocket sendBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
        return this;
    }

    public ServerFrame next() {
        try {
            ServerFrame f = frames.poll(Inbox.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) fail("no frame within " + Inbox.WAIT);
            return f;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public <T> T next(Class<T> type) {
        ServerFrame f = next();
        assertThat(f.message()).isInstanceOf(type);
        return type.cast(f.message());
    }

    public CloseStatus awaitClose() {
        try {
            return closed.get(Inbox.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fail("not closed within " + Inbox.WAIT);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(ServerFrameCodec.decode(partial.toString()));
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
