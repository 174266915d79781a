package dev.parley.client;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.protocol.ServerMessage.Welcome;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket under a {@link ParleyClient}: reassembles incoming messages, routes answers to
 * their requests and the rest to the listener, and sends one frame at a time (the JDK WebSocket
 * refuses a send while another is in progress).
 */
final class Connection implements WebSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    /** Longest message accepted from the server; the server's own limit is far below. */
    static final int MAX_INCOMING_CHARS = 1 << 20;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final ParleyClient client;
    private final Requests requests;
    private final Listener listener;
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

    /** Guarded by {@code this}: the socket (set once open) and the tail of the send chain. */
    private WebSocket socket;
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    /** Confined to the receiving thread (the JDK delivers one callback at a time). */
    private final StringBuilder partial = new StringBuilder();
    /**
     * Messages received since {@code welcome}, as the server numbers them; written by the receiving
     * thread only, read by the acknowledgements. Starts from the count a resume continues.
     */
    private volatile int received;
    /** Whether {@code welcome} came, so messages count. Confined to the receiving thread. */
    private boolean counting;

    Connection(ParleyClient client, Requests requests, Listener listener, int received) {
        this.client = client;
        this.requests = requests;
        this.listener = listener;
        this.received = received;
    }

    int received() {
        return received;
    }

    CompletableFuture<CloseStatus> closed() {
        return closed;
    }

    synchronized CompletableFuture<Void> send(String text) {
        if (socket == null || closed.isDone()) {
            return CompletableFuture.failedFuture(new ParleyException("connection is closed", null));
        }
        WebSocket ws = socket;
        var sent = lastSend.handle((v, e) -> null).thenCompose(v -> ws.sendText(text, true)).thenApply(ws2 -> (Void) null);
        lastSend = sent;
        return sent;
    }

    void close(int code, String reason) {
        WebSocket ws;
        synchronized (this) {
            ws = socket;
            if (ws == null || closed.isDone()) return;
            lastSend = lastSend.handle((v, e) -> null).thenCompose(v -> ws.sendClose(code, reason));
        }
        try {
            closed.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            abort();
        }
    }

    void abort() {
        WebSocket ws;
        synchronized (this) {
            ws = socket;
        }
        if (ws != null) ws.abort();
        finish(new CloseStatus(CloseStatus.ABNORMAL, "aborted"));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        opened(webSocket);
        webSocket.request(1);
    }

    /** Called from {@code onOpen} and when the open future completes, whichever comes first. */
    synchronized void opened(WebSocket webSocket) {
        if (socket == null) socket = webSocket;
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
            dispatch(text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
        webSocket.request(1); // the protocol has no binary messages
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finish(new CloseStatus(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        finish(new CloseStatus(CloseStatus.ABNORMAL, String.valueOf(error.getMessage())));
    }

    private void dispatch(String text) {
        ServerFrame frame;
        try {
            frame = ServerFrameCodec.decode(text);
        } catch (ProtocolException e) {
            if (counting) received++; // the server counted it all the same
            log.warn("ignoring a server message this client does not understand: {}", e.getMessage());
            return;
        }
        if (frame.message() instanceof Welcome w) {
            if (!w.resumed()) received = 0; // a new session (or one that could not resume) counts afresh
            counting = true;
        } else if (counting) {
            received++;
        }
        if (requests.answer(frame.ref(), frame.message())) return;
        try {
            listener.onMessage(client, frame.message());
        } catch (RuntimeException e) {
            log.error("listener failed on {}", frame.message().type(), e);
        }
    }

    private void finish(CloseStatus status) {
        if (!closed.complete(status)) return;
        requests.failAll(new ParleyException(
                "connection closed (" + status.code() + (status.reason().isEmpty() ? "" : ": " + status.reason()) + ")", null));
        try {
            listener.onClose(client, status);
        } catch (RuntimeException e) {
            log.error("listener failed on close", e);
        }
    }
}
