package dev.parley.server.socketio;

import dev.parley.protocol.Payload;
import java.util.List;

/** One socket's events, called one at a time, in order, on its Engine.IO session's executor. */
public interface SocketIoListener {
    /**
     * An EVENT packet: its name and its arguments, each the exact JSON text the client sent for
     * that element of the packet's array (numbers and strings as sent). An acknowledgement id the
     * client asked for is ignored.
     */
    void event(String name, List<Payload> args);

    /**
     * Each Engine.IO ping, pong, noop or upgrade packet and each Socket.IO packet that is not an
     * event spends the socket's budget here. False: over budget; a ping then gets no pong.
     */
    boolean ping();

    /**
     * The socket is gone, once. {@code byClient}: the client sent DISCONNECT or an Engine.IO close
     * packet; otherwise it was lost (heartbeat timeout, transport closed, protocol error, client
     * not reading) or closed by the server.
     */
    void disconnected(boolean byClient);
}
