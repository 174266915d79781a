package dev.parley.server.socketio;

import dev.parley.protocol.Payload;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** The application's view of the socket on {@code "/"} of one Engine.IO session; a new one for each CONNECT. */
final class SocketHandle implements SocketIoSocket {
    private final MainNamespace main;
    private final EngineSession session;
    /**
     * Connected and not yet disconnected: emits are taken. Set and cleared on the session's
     * executor, read by any thread (an emit racing the end is dropped by the session anyway).
     */
    volatile boolean live;
    /** The application's listener, once it accepted the socket. Session-executor confined. */
    SocketIoListener listener;

    SocketHandle(MainNamespace main) {
        this.main = main;
        this.session = main.session;
    }

    @Override
    public int engineVersion() {
        return session.version;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return session.remote;
    }

    @Override
    public String host() {
        return session.host;
    }

    @Override
    public Map<String, List<String>> query() {
        return session.query;
    }

    @Override
    public void emit(String event, List<Payload> args) {
        if (live) main.offer(this, SocketPackets.eventMessage(event, args));
    }

    @Override
    public void disconnect() {
        if (live) main.offer(this, null);
    }

    @Override
    public void execute(Runnable task) {
        session.execute(task);
    }

    @Override
    public String toString() {
        return "socket.io session " + session;
    }
}
