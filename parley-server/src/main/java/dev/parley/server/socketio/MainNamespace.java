package dev.parley.server.socketio;

import dev.parley.protocol.Payload;
import dev.parley.server.socketio.EnginePackets.BadPacket;
import dev.parley.server.socketio.SocketIoStats.End;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket.IO layer of one Engine.IO session: the socket on {@code "/"} (other namespaces are
 * refused), what its application sends, and the budget non-event packets spend. Confined to the
 * session's executor, except {@link #offer}, which the application calls from any thread.
 */
final class MainNamespace {
    private static final Logger log = LoggerFactory.getLogger(MainNamespace.class);
    /** Packets taken while no socket is connected (before CONNECT, after DISCONNECT): room for Engine.IO's own, not for a flood. */
    static final int UNCONNECTED_PACKET_ALLOWANCE = 16;
    /**
     * Sockets one Engine.IO session may connect one after another. Each is a new Parley session with
     * a budget of its own, so without a cap connect, flood, disconnect, connect… would escape the rate
     * limit; a socket.io client connects again on the same Engine.IO session rarely (it closes the
     * session when its last socket goes).
     */
    static final int MAX_CONNECTS = 4;

    final EngineSession session;
    private final SocketIoServer server;
    private final SessionTransport transport;

    /** What the application queued, in order: an event, or a disconnect (no packet), from one of its sockets. */
    private record Outgoing(SocketHandle from, String packet) {}

    /** Any thread offers, the executor drains. */
    private final Queue<Outgoing> mailbox = new ConcurrentLinkedQueue<>();
    /** Whether a drain is queued on the executor (set by whoever queues it, cleared by the drain). */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Set once the application queued past the outbound limit. */
    private final AtomicBoolean overflowed = new AtomicBoolean();

    /** The socket on {@code "/"}, or null before CONNECT and after a disconnect. */
    private SocketHandle socket;
    /** Since when no socket is connected (nanoTime; meaningless while one is). */
    private long unconnectedSince = System.nanoTime();
    private int unconnectedPackets;
    /** Sockets connected so far on this session. */
    private int connects;

    MainNamespace(EngineSession session, SocketIoServer server, SessionTransport transport) {
        this.session = session;
        this.server = server;
        this.transport = transport;
    }

    boolean connected() {
        return socket != null;
    }

    long unconnectedSince() {
        return unconnectedSince;
    }

    // ---- the application's side (any thread) ----

    /** Queues an event packet, or a disconnect when {@code packet} is null, from {@code from}. */
    void offer(SocketHandle from, String packet) {
        if (packet != null && !transport.reserve(SessionTransport.utf8Length(packet))) {
            if (overflowed.compareAndSet(false, true)) session.execute(session::notReading);
            return;
        }
        mailbox.offer(new Outgoing(from, packet));
        if (drainQueued.compareAndSet(false, true)) session.execute(this::drain);
    }

    private void drain() {
        drainQueued.set(false); // before polling: what is offered from now on queues another drain
        for (Outgoing o; (o = mailbox.poll()) != null; ) {
            boolean current = !session.closed() && o.from == socket && o.from.live;
            if (o.packet == null) {
                if (current) serverDisconnect();
            } else if (current) {
                transport.push(o.packet);
            } else {
                transport.unreserve(SessionTransport.utf8Length(o.packet));
            }
        }
        session.flush();
    }

    /** What the application queued while handling a packet goes out before what the session answers next (a pong, say). */
    void drainNow() {
        if (!mailbox.isEmpty()) drain();
    }

    private void serverDisconnect() {
        SocketHandle s = disconnectSocket();
        session.send(SocketPackets.DISCONNECT_MESSAGE);
        notifyDisconnected(s, false);
        session.closeEngine(End.SERVER_DISCONNECT);
    }

    // ---- connecting ----

    /** A socket on {@code "/"}: asks the application, then tells the client. */
    void connect(Payload auth) {
        if (++connects > MAX_CONNECTS) {
            session.protocolError("more than " + MAX_CONNECTS + " connects on one session", WebSocketCloseStatus.POLICY_VIOLATION);
            return;
        }
        SocketHandle h = new SocketHandle(this);
        h.live = true; // what the application emits while accepting follows the reply
        SocketIoApp.Accepted accepted;
        try {
            accepted = server.app().connected(h, auth);
            if (accepted == null) throw new IllegalStateException("connected() returned null");
        } catch (ConnectRefused e) {
            h.live = false;
            log.debug("socket.io session {}: connection refused: {}", session, e.getMessage());
            refuse(e.getMessage());
            return;
        } catch (RuntimeException e) {
            h.live = false;
            log.warn("socket.io session {}: the application failed to accept a socket", session, e);
            refuse("server error");
            return;
        }
        h.listener = accepted.listener();
        socket = h;
        unconnectedPackets = 0;
        session.send(session.version == 4 ? SocketPackets.connectReply(accepted.id()) : SocketPackets.IMPLICIT_CONNECT);
    }

    private void refuse(String message) {
        session.send(SocketPackets.connectError(session.version, "/", message == null ? "refused" : message));
        session.closeEngine(End.REFUSED);
    }

    // ---- packets from the client ----

    /** The text of an Engine.IO message packet: one Socket.IO packet. */
    void onPacket(String text) {
        SocketPackets.Packet p;
        try {
            p = SocketPackets.parse(text);
        } catch (BadPacket e) {
            if (e.binary) {
                server.stats().refuse(SocketIoStats.Refusal.BINARY);
                if (session.version == 3 && socket != null) {
                    session.send(SocketPackets.connectError(3, "/", e.getMessage())); // socket.io 2.x shows it as an 'error' event
                }
            }
            session.protocolError(e.getMessage(), WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
            return;
        }
        if (!p.mainNamespace()) {
            if (spend() && p.type() == SocketPackets.CONNECT) {
                session.send(SocketPackets.connectError(session.version, p.namespace(), "Invalid namespace"));
            }
            return;
        }
        switch (p.type()) {
            case SocketPackets.CONNECT -> {
                if (session.version == 3 || socket != null) {
                    spend(); // already connected ("/" is implicit in Engine.IO 3)
                    return;
                }
                Payload auth;
                try {
                    auth = SocketPackets.connectAuth(p.json());
                } catch (BadPacket e) {
                    session.protocolError(e.getMessage(), WebSocketCloseStatus.PROTOCOL_ERROR);
                    return;
                }
                connect(auth);
            }
            case SocketPackets.DISCONNECT -> {
                SocketHandle s = disconnectSocket();
                if (s != null) notifyDisconnected(s, true);
                else spend();
            }
            case SocketPackets.EVENT -> event(p);
            default -> spend(); // ACK (acknowledgements are not asked for), CONNECT_ERROR (a server's packet)
        }
    }

    private void event(SocketPackets.Packet p) {
        if (socket == null) {
            spend();
            return;
        }
        SocketPackets.Event e;
        try {
            e = SocketPackets.event(p.json());
        } catch (BadPacket bad) {
            session.protocolError(bad.getMessage(), WebSocketCloseStatus.PROTOCOL_ERROR);
            return;
        }
        try {
            socket.listener.event(e.name(), e.args());
        } catch (RuntimeException failure) {
            log.warn("socket.io session {}: the application failed on event '{}'", session, e.name(), failure);
        }
    }

    /** Spends the socket's budget on a packet that is not an event; false when over it. */
    boolean spend() {
        SocketHandle s = socket;
        if (s != null) {
            try {
                return s.listener.ping();
            } catch (RuntimeException e) {
                log.warn("socket.io session {}: the application failed on a ping", session, e);
                return false;
            }
        }
        if (++unconnectedPackets <= UNCONNECTED_PACKET_ALLOWANCE) return true;
        session.protocolError("too many packets with no socket connected", WebSocketCloseStatus.POLICY_VIOLATION);
        return false;
    }

    // ---- ending ----

    /** The session ended: the socket (if any) is gone, and what the application still queues is dropped. */
    void ended(boolean byClient) {
        mailbox.clear();
        SocketHandle s = disconnectSocket();
        if (s != null) notifyDisconnected(s, byClient);
    }

    private SocketHandle disconnectSocket() {
        SocketHandle s = socket;
        if (s == null) return null;
        s.live = false;
        socket = null;
        unconnectedSince = System.nanoTime();
        unconnectedPackets = 0;
        return s;
    }

    private void notifyDisconnected(SocketHandle s, boolean byClient) {
        try {
            s.listener.disconnected(byClient);
        } catch (RuntimeException e) {
            log.warn("socket.io session {}: the application failed on disconnect", session, e);
        }
    }
}
