package dev.parley.server.socketio;

/** The application refuses a socket; the client gets a CONNECT_ERROR (or ERROR for socket.io 2.x) with this message. */
public final class ConnectRefused extends Exception {
    private static final long serialVersionUID = 1L;

    public ConnectRefused(String message) {
        super(message, null, false, false); // an answer, not a failure: no stack trace
    }
}
