package dev.parley.server.socketio;

import dev.parley.protocol.Payload;

/**
 * The application behind the Socket.IO endpoint. Its calls for one Engine.IO session come one at
 * a time, in order, on that session's executor (an event loop, or one of the server's session
 * threads in a cluster, where they may block).
 */
public interface SocketIoApp {
    /**
     * A socket connected to {@code "/"}: for Engine.IO 3 at the handshake (socket.io 2.x connects
     * the default namespace implicitly; {@code auth} is null), for Engine.IO 4 at the client's
     * CONNECT, with its auth payload (a JSON object) or null.
     *
     * @throws ConnectRefused to refuse it: the client gets a CONNECT_ERROR with the message
     */
    Accepted connected(SocketIoSocket socket, Payload auth) throws ConnectRefused;

    /**
     * @param id the socket id: an Engine.IO 4 client sees it in the CONNECT reply ({@code sid}).
     *     A socket.io 2.x client takes its {@code socket.id} from the Engine.IO session id, which
     *     this server never hands to the application (whoever knows it can poll the session), so
     *     there the id is the application's alone; it must not be the session id either way.
     * @param listener gets the socket's events
     */
    record Accepted(String id, SocketIoListener listener) {
        public Accepted {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(listener, "listener");
        }
    }
}
