package dev.parley.server.socketio;

import dev.parley.protocol.Payload;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One Socket.IO socket on namespace {@code "/"}, as the application sees it. {@link #emit} and
 * {@link #disconnect} may be called from any thread, even under other locks: they only enqueue.
 */
public interface SocketIoSocket {
    /** The Engine.IO protocol revision the client speaks: 3 (socket.io 1.x/2.x clients) or 4 (socket.io 3.x/4.x). */
    int engineVersion();

    /** The address of the connection that made the handshake. */
    InetSocketAddress remoteAddress();

    /**
     * The host of the handshake request's Host header if it is one of this server's own names
     * (as {@code SessionHandler} hands the hub), else null: only such a host may go into URLs
     * handed to the client.
     */
    String host();

    /** The handshake request's query parameters (EIO, transport and t included), unmodifiable. */
    Map<String, List<String>> query();

    /** Sends the event {@code event} with these arguments, each the exact JSON text of one value. */
    void emit(String event, List<Payload> args);

    /**
     * Server-side disconnect: a Socket.IO DISCONNECT goes out after everything emitted before it,
     * then the Engine.IO session closes. The listener's {@code disconnected(false)} follows.
     */
    void disconnect();

    /**
     * Runs {@code task} on this socket's executor, after the call in progress, in turn with the
     * listener's calls: for work a delivery from elsewhere asks for (it must not run it in place).
     * Dropped if the server is stopping.
     */
    void execute(Runnable task);
}
