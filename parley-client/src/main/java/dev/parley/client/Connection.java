package dev.parley.client;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerFrameCodec;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.client.transport.TextSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket under a {@link ParleyClient}: routes answers to their requests and the rest to the
 * listener, and counts what arrived since {@code welcome} for acknowledgements and resumes.
 */
final class Connection implements TextSocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final ParleyClient client;
    private final Requests requests;
    private final Listener listener;
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

    /** Set once, when open. */
    private volatile TextSocket socket;

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

    void opened(TextSocket socket) {
        this.socket = socket;
    }

    CompletableFuture<Void> send(String text) {
        TextSocket s = socket;
        if (s == null || closed.isDone()) {
            return Futures.failed(new ParleyException("connection is closed", null));
        }
        return s.send(text);
    }

    void close(int code, String reason) {
        TextSocket s = socket;
        if (s == null || closed.isDone()) return;
        s.close(code, reason);
        try {
            closed.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            abort();
        }
    }

    void abort() {
        TextSocket s = socket;
        if (s != null) s.abort();
        finish(new CloseStatus(CloseStatus.ABNORMAL, "aborted"));
    }

    @Override
    public void onText(String text) {
        dispatch(text);
    }

    @Override
    public void onClosed(int code, String reason) {
        finish(new CloseStatus(code, reason));
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
