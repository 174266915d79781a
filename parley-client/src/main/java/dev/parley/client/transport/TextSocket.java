package dev.parley.client.transport;

import java.util.concurrent.CompletableFuture;

/** An open WebSocket that carries text messages. */
public interface TextSocket {
    /** Close code for a connection that ended without a close frame (RFC 6455 §7.4.1). */
    int ABNORMAL = 1006;

    /** Sends one text message; messages go out in the order of the calls. */
    CompletableFuture<Void> send(String text);

    /** Starts the closing handshake; {@link Listener#onClosed} follows. */
    void close(int code, String reason);

    /** Drops the connection at once; {@link Listener#onClosed} follows with {@link #ABNORMAL}. */
    void abort();

    /** Called on one thread at a time, in order. */
    interface Listener {
        /** One whole message (fragments already joined). */
        void onText(String text);

        /** Called once: the peer closed, the network failed ({@link #ABNORMAL}) or this side did. */
        void onClosed(int code, String reason);
    }
}
