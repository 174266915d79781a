package dev.parley.server.socketio;

import dev.parley.protocol.Payload;
import dev.parley.server.socketio.EnginePackets.BadPacket;
import dev.parley.server.socketio.SocketIoStats.End;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Engine.IO session and the Socket.IO socket on {@code "/"} it carries. A session outlives
 * connections (polls arrive on any connection), so it has an executor of its own, chosen at the
 * handshake, and everything it does runs there: requests and frames are handed over to it, which
 * gives the application one call at a time, in order. All fields not marked otherwise are confined
 * to that executor.
 */
final class EngineSession {
    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    /** Packets taken while no socket is connected (before CONNECT, after DISCONNECT): room for Engine.IO's own, not for a flood. */
    static final int UNCONNECTED_PACKET_ALLOWANCE = 16;

    final String sid;
    final int version;
    final InetSocketAddress remote;
    final String host;
    final Map<String, List<String>> query;
    private final SocketIoServer server;
    private final EventExecutor executor;
    private final Edge edge;
    private final SessionTransport transport;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final long connectTimeoutNanos;

    /** What the application queued, in order: an event, or a disconnect (no packet), from one of its sockets. */
    private record Outgoing(SocketHandle from, String packet) {}

    /** Any thread offers, the executor drains. */
    private final Queue<Outgoing> mailbox = new ConcurrentLinkedQueue<>();
    /** Whether a drain is queued on the executor (set by whoever queues it, cleared by the drain). */
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Set once the application queued past the outbound limit. */
    private final AtomicBoolean overflowed = new AtomicBoolean();

    private boolean closed;
    /** The server closes the session: a close packet follows what waits, in a poll of its own. */
    private boolean closing;
    /** The close packet is queued. */
    private boolean closeSent;
    private End closingReason;
    /** The socket on {@code "/"}, or null before CONNECT and after a disconnect. */
    private SocketHandle socket;
    private long lastHeard;
    /** Since when no socket is connected (nanoTime; meaningless while one is). */
    private long unconnectedSince;
    private int unconnectedPackets;
    /** An Engine.IO 4 ping went out and its pong has not come. */
    private boolean pingOutstanding;
    /** A WebSocket probing an upgrade, or null. */
    private Channel probe;
    private boolean upgraded;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> upgradeTimer;

    EngineSession(SocketIoServer server, String sid, int version, EventExecutor executor, Edge edge, InetSocketAddress remote,
            String host, Map<String, List<String>> query) {
        SocketIoSettings s = server.settings();
        this.server = server;
        this.sid = sid;
        this.version = version;
        this.executor = executor;
        this.edge = edge;
        this.remote = remote;
        this.host = host;
        this.query = query;
        this.transport = new SessionTransport(version, s.maxOutboundBytes());
        this.intervalNanos = s.pingInterval().toNanos();
        this.timeoutNanos = s.pingTimeout().toNanos();
        this.connectTimeoutNanos = s.connectTimeout().toNanos();
    }

    EventExecutor executor() {
        return executor;
    }

    /** Runs {@code task} on this session's executor; false if that is shutting down. */
    boolean execute(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    // ---- the application's side (any thread) ----

    /** Queues an event packet, or a disconnect when {@code packet} is null, from {@code from}. */
    void offer(SocketHandle from, String packet) {
        if (packet != null && !transport.reserve(SessionTransport.utf8Length(packet))) {
            if (overflowed.compareAndSet(false, true)) execute(this::notReading);
            return;
        }
        mailbox.offer(new Outgoing(from, packet));
        if (drainQueued.compareAndSet(false, true)) execute(this::drain);
    }

    private void drain() {
        drainQueued.set(false); // before polling: what is offered from now on queues another drain
        for (Outgoing o; (o = mailbox.poll()) != null; ) {
            boolean current = !closed && o.from == socket && o.from.live;
            if (o.packet == null) {
                if (current) serverDisconnect();
            } else if (current) {
                transport.push(o.packet);
            } else {
                transport.unreserve(SessionTransport.utf8Length(o.packet));
            }
        }
        flush();
    }

    /** What the application queued while handling a packet goes out before what the session answers next (a pong, say). */
    private void drainNow() {
        if (!mailbox.isEmpty()) drain();
    }

    private void serverDisconnect() {
        SocketHandle s = disconnectSocket();
        send(SocketPackets.DISCONNECT_MESSAGE);
        notifyDisconnected(s, false);
        closeEngine(End.SERVER_DISCONNECT);
    }

    // ---- start ----

    /** A polling handshake: its GET gets the open packet (and for Engine.IO 3 the implicit connect). */
    void startPolling(HttpReplies.Exchange handshake) {
        transport.holdPoll(handshake);
        open(true);
    }

    /** A WebSocket-only handshake (no sid): the open packet is the first frame. */
    void startWebSocket(Channel channel) {
        transport.useWebSocket(channel);
        open(false);
    }

    private void open(boolean polling) {
        lastHeard = unconnectedSince = System.nanoTime();
        SocketIoSettings s = server.settings();
        var json = new StringBuilder().append(EnginePackets.OPEN).append("{\"sid\":\"").append(sid).append("\",\"upgrades\":")
                .append(polling ? "[\"websocket\"]" : "[]")
                .append(",\"pingInterval\":").append(s.pingInterval().toMillis())
                .append(",\"pingTimeout\":").append(s.pingTimeout().toMillis());
        if (version == 4) json.append(",\"maxPayload\":").append(s.maxPayloadBytes());
        send(json.append('}').toString());
        if (version == 3) connect(null); // socket.io 2.x: the server connects "/" by itself
        flush();
        if (!closed) watchdog();
    }

    /** A socket on {@code "/"}: asks the application, then tells the client. */
    private void connect(Payload auth) {
        SocketHandle h = new SocketHandle(this);
        h.live = true; // what the application emits while accepting follows the reply
        SocketIoApp.Accepted accepted;
        try {
            accepted = server.app().connected(h, auth);
            if (accepted == null) throw new IllegalStateException("connected() returned null");
        } catch (ConnectRefused e) {
            h.live = false;
            log.debug("socket.io session {}: connection refused: {}", this, e.getMessage());
            refuse(e.getMessage());
            return;
        } catch (RuntimeException e) {
            h.live = false;
            log.warn("socket.io session {}: the application failed to accept a socket", this, e);
            refuse("server error");
            return;
        }
        h.listener = accepted.listener();
        socket = h;
        unconnectedPackets = 0;
        send(version == 4 ? SocketPackets.connectReply(accepted.id()) : SocketPackets.IMPLICIT_CONNECT);
    }

    private void refuse(String message) {
        send(SocketPackets.connectError(version, "/", message == null ? "refused" : message));
        closeEngine(End.REFUSED);
    }

    // ---- requests and frames from the client ----

    void onPoll(HttpReplies.Exchange x) {
        if (closed) {
            HttpReplies.error(x, HttpReplies.UNKNOWN_SID, "Session ID unknown");
        } else if (transport.kind() != SessionTransport.Kind.POLLING) {
            HttpReplies.error(x, HttpReplies.BAD_REQUEST, "Bad request: this session is on a WebSocket");
        } else if (!transport.holdPoll(x)) {
            HttpReplies.error(x, HttpReplies.BAD_REQUEST, "Bad request: overlapping polls");
            protocolError("overlapping polls", WebSocketCloseStatus.POLICY_VIOLATION);
        } else {
            if (probe != null) transport.releasePoll(String.valueOf(EnginePackets.NOOP)); // upgrading: let the client finish it
            flush();
        }
    }

    void onPost(HttpReplies.Exchange x, String body) {
        if (closed) {
            HttpReplies.error(x, HttpReplies.UNKNOWN_SID, "Session ID unknown");
            return;
        }
        if (transport.kind() != SessionTransport.Kind.POLLING) {
            HttpReplies.error(x, HttpReplies.BAD_REQUEST, "Bad request: this session is on a WebSocket");
            return;
        }
        List<String> packets;
        try {
            packets = EnginePackets.decodePayload(version, body);
        } catch (BadPacket e) {
            HttpReplies.error(x, HttpReplies.BAD_REQUEST, e.getMessage());
            if (e.binary) server.stats().refuse(SocketIoStats.Refusal.BINARY);
            protocolError(e.getMessage(), WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
            return;
        }
        for (String p : packets) {
            if (closed) break;
            onPacket(p);
            drainNow();
        }
        HttpReplies.ok(x);
        flush();
    }

    /** A POST whose body the session cannot read (binary, not UTF-8): Engine.IO 4 ends the session on it. */
    void onBadPost(HttpReplies.Exchange x, String why, boolean binary) {
        if (closed) {
            HttpReplies.error(x, HttpReplies.UNKNOWN_SID, "Session ID unknown");
            return;
        }
        HttpReplies.error(x, HttpReplies.BAD_REQUEST, why);
        if (binary) server.stats().refuse(SocketIoStats.Refusal.BINARY);
        protocolError(why, WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
    }

    /** A POST was refused before it reached the session (over the payload limit): the client's transport fails on it. */
    void refusedPost(String why) {
        if (!closed) protocolError(why, WebSocketCloseStatus.MESSAGE_TOO_BIG);
    }

    /** A held poll's connection closed before it was answered: Engine.IO takes the client for gone. */
    void pollClosed(Channel channel) {
        if (!closed && transport.pollGone(channel)) end(End.TRANSPORT_CLOSE, false, WebSocketCloseStatus.NORMAL_CLOSURE, "");
    }

    /** A WebSocket opened with this session's id: it may probe an upgrade from polling. */
    void probe(Channel channel) {
        if (closed || transport.kind() != SessionTransport.Kind.POLLING || probe != null || upgraded) {
            SessionTransport.closeWebSocket(channel, WebSocketCloseStatus.POLICY_VIOLATION, "this session cannot be upgraded");
            return;
        }
        probe = channel;
        upgradeTimer = schedule(() -> {
            if (probe == channel) {
                probe = null;
                SessionTransport.closeWebSocket(channel, WebSocketCloseStatus.POLICY_VIOLATION, "upgrade not completed in time");
            }
        }, server.settings().upgradeTimeout().toNanos());
    }

    void onWebSocketText(Channel channel, String text) {
        if (closed) return;
        if (channel == probe) {
            onProbePacket(channel, text);
            return;
        }
        if (channel != transport.webSocket()) return;
        try {
            EnginePackets.check(text);
        } catch (BadPacket e) {
            if (e.binary) server.stats().refuse(SocketIoStats.Refusal.BINARY);
            protocolError(e.getMessage(), e.binary ? WebSocketCloseStatus.INVALID_MESSAGE_TYPE : WebSocketCloseStatus.PROTOCOL_ERROR);
            return;
        }
        onPacket(text);
        drainNow();
        flush();
    }

    private void onProbePacket(Channel channel, String text) {
        if (text.equals(EnginePackets.PING + "probe")) {
            if (!spend()) return;
            SessionTransport.writeNow(channel, EnginePackets.PONG + "probe");
            transport.releasePoll(String.valueOf(EnginePackets.NOOP)); // the client pauses polling: let its GET go
        } else if (text.equals(String.valueOf(EnginePackets.UPGRADE))) {
            cancelUpgradeTimer();
            probe = null;
            upgraded = true;
            if (!transport.useWebSocket(channel)) notReading();
        } else {
            cancelUpgradeTimer();
            probe = null;
            SessionTransport.closeWebSocket(channel, WebSocketCloseStatus.PROTOCOL_ERROR, "expected 2probe or 5 while upgrading");
        }
    }

    /** A WebSocket frame the session cannot take (binary, oversized, not UTF-8): the socket carrying it ends. */
    void onWebSocketRefused(Channel channel, String why, WebSocketCloseStatus status) {
        if (closed) return;
        if (channel == probe) {
            cancelUpgradeTimer();
            probe = null;
            SessionTransport.closeWebSocket(channel, status, why);
        } else if (channel == transport.webSocket()) {
            protocolError(why, status);
        }
    }

    private void cancelUpgradeTimer() {
        if (upgradeTimer != null) upgradeTimer.cancel(false);
        upgradeTimer = null;
    }

    /** A WebSocket-level ping (browsers send none): a pong if the budget allows. */
    void onWebSocketPing(Channel channel, ByteBuf content) {
        if (!closed && (channel == probe || channel == transport.webSocket()) && spend()) {
            channel.writeAndFlush(new PongWebSocketFrame(content));
        } else {
            content.release();
        }
    }

    void webSocketClosed(Channel channel) {
        if (channel == probe) {
            cancelUpgradeTimer();
            probe = null;
        } else if (!closed && channel == transport.webSocket()) {
            end(End.TRANSPORT_CLOSE, false, WebSocketCloseStatus.NORMAL_CLOSURE, "");
        }
    }

    /** One Engine.IO packet from the session's transport. */
    private void onPacket(String packet) {
        switch (packet.charAt(0)) {
            case EnginePackets.PING -> {
                if (version == 4) {
                    protocolError("invalid heartbeat direction: Engine.IO 4 clients answer pings", WebSocketCloseStatus.PROTOCOL_ERROR);
                    return;
                }
                lastHeard = System.nanoTime();
                if (spend()) send(EnginePackets.PONG + packet.substring(1));
            }
            case EnginePackets.PONG -> {
                if (version == 3) {
                    protocolError("invalid heartbeat direction: Engine.IO 3 clients send pings", WebSocketCloseStatus.PROTOCOL_ERROR);
                    return;
                }
                lastHeard = System.nanoTime();
                pingOutstanding = false;
                spend();
            }
            case EnginePackets.MESSAGE -> onSocketPacket(packet.substring(1));
            case EnginePackets.CLOSE -> end(End.CLIENT_CLOSE, true, WebSocketCloseStatus.NORMAL_CLOSURE, "");
            default -> spend(); // open, upgrade or noop on the session's transport: nothing to do
        }
    }

    private void onSocketPacket(String text) {
        SocketPackets.Packet p;
        try {
            p = SocketPackets.parse(text);
        } catch (BadPacket e) {
            if (e.binary) {
                server.stats().refuse(SocketIoStats.Refusal.BINARY);
                if (version == 3 && socket != null) send(SocketPackets.connectError(3, "/", e.getMessage())); // socket.io 2.x shows it as 'error'
            }
            protocolError(e.getMessage(), WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
            return;
        }
        if (!p.mainNamespace()) {
            if (spend() && p.type() == SocketPackets.CONNECT) send(SocketPackets.connectError(version, p.namespace(), "Invalid namespace"));
            return;
        }
        switch (p.type()) {
            case SocketPackets.CONNECT -> {
                if (version == 3 || socket != null) {
                    spend(); // already connected ("/" is implicit in Engine.IO 3)
                    return;
                }
                Payload auth;
                try {
                    auth = SocketPackets.connectAuth(p.json());
                } catch (BadPacket e) {
                    protocolError(e.getMessage(), WebSocketCloseStatus.PROTOCOL_ERROR);
                    return;
                }
                connect(auth);
            }
            case SocketPackets.DISCONNECT -> {
                SocketHandle s = disconnectSocket();
                if (s != null) notifyDisconnected(s, true);
                else spend();
            }
            case SocketPackets.EVENT -> {
                if (socket == null) {
                    spend();
                    return;
                }
                SocketPackets.Event e;
                try {
                    e = SocketPackets.event(p.json());
                } catch (BadPacket bad) {
                    protocolError(bad.getMessage(), WebSocketCloseStatus.PROTOCOL_ERROR);
                    return;
                }
                try {
                    socket.listener.event(e.name(), e.args());
                } catch (RuntimeException failure) {
                    log.warn("socket.io session {}: the application failed on event '{}'", this, e.name(), failure);
                }
            }
            default -> spend(); // ACK (acknowledgements are not asked for), CONNECT_ERROR (a server's packet)
        }
    }

    /** Spends the socket's budget on a packet that is not an event; false when over it. */
    private boolean spend() {
        SocketHandle s = socket;
        if (s != null) {
            try {
                return s.listener.ping();
            } catch (RuntimeException e) {
                log.warn("socket.io session {}: the application failed on a ping", this, e);
                return false;
            }
        }
        if (++unconnectedPackets <= UNCONNECTED_PACKET_ALLOWANCE) return true;
        protocolError("too many packets with no socket connected", WebSocketCloseStatus.POLICY_VIOLATION);
        return false;
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
            log.warn("socket.io session {}: the application failed on disconnect", this, e);
        }
    }

    // ---- sending and ending ----

    private void send(String packet) {
        if (closed) return;
        if (transport.reserve(SessionTransport.utf8Length(packet))) transport.push(packet);
        else notReading();
    }

    private void flush() {
        if (closed) return;
        if (!transport.flush()) {
            notReading();
            return;
        }
        if (closing && transport.idle()) {
            if (!closeSent) {
                // Only once what came before has gone out, as Engine.IO does: a client then takes a
                // DISCONNECT (which socket.io-client 4 handles a tick later) before the close.
                closeSent = true;
                send(String.valueOf(EnginePackets.CLOSE));
                if (!transport.flush()) notReading();
            }
            if (!closed && transport.idle() && !transport.pollHeld()) end(closingReason, false, WebSocketCloseStatus.NORMAL_CLOSURE, "");
        }
    }

    /** The server ends the session after what is queued: a close packet for polling, a close frame for a WebSocket. */
    private void closeEngine(End reason) {
        if (closed || closing) return;
        if (transport.kind() == SessionTransport.Kind.WEBSOCKET) {
            if (transport.flush()) end(reason, false, WebSocketCloseStatus.NORMAL_CLOSURE, "");
            else notReading();
            return;
        }
        closing = true;
        closingReason = reason;
        flush();
        if (!closed) schedule(() -> end(reason, false, WebSocketCloseStatus.NORMAL_CLOSURE, ""), timeoutNanos);
    }

    private void notReading() {
        end(End.NOT_READING, false, WebSocketCloseStatus.POLICY_VIOLATION, "client is not reading; too many messages waiting");
    }

    private void protocolError(String why, WebSocketCloseStatus status) {
        log.debug("socket.io session {}: {}", this, why);
        end(End.PROTOCOL_ERROR, false, status, why);
    }

    /** The server is stopping: WebSocket clients are told to reconnect, as on Parley's own WebSocket. */
    void shutdown() {
        end(End.SHUTDOWN, false, WebSocketCloseStatus.SERVICE_RESTART, "server is restarting; reconnect");
    }

    private void end(End reason, boolean byClient, WebSocketCloseStatus status, String why) {
        if (closed) return;
        closed = true;
        if (watchdog != null) watchdog.cancel(false);
        cancelUpgradeTimer();
        server.ended(this, reason);
        edge.release(remote.getAddress());
        mailbox.clear();
        transport.close(reason == End.CLIENT_CLOSE, status, why);
        if (probe != null) SessionTransport.closeWebSocket(probe, status, why);
        probe = null;
        SocketHandle s = disconnectSocket();
        if (s != null) notifyDisconnected(s, byClient);
        log.debug("socket.io session {} ended: {}", this, reason.tag);
    }

    /**
     * The session's one timer, re-armed for its next deadline: the heartbeat (no ping or pong for
     * interval + timeout), the Engine.IO 4 ping (interval after the last pong), the connect timeout
     * (no socket), and for polling a client that stopped polling.
     */
    private void watchdog() {
        watchdog = null;
        if (closed) return;
        long now = System.nanoTime();
        long dead = intervalNanos + timeoutNanos;
        boolean idlePolling = transport.kind() == SessionTransport.Kind.POLLING && !transport.pollHeld() && !closing;
        if (socket == null && now - unconnectedSince >= connectTimeoutNanos) {
            end(End.CONNECT_TIMEOUT, false, WebSocketCloseStatus.POLICY_VIOLATION, "no CONNECT in time");
            return;
        }
        if (now - lastHeard >= dead) {
            end(End.PING_TIMEOUT, false, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "ping timeout");
            return;
        }
        if (idlePolling && now - transport.lastPollAnswered() >= dead) {
            end(End.STOPPED_POLLING, false, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "client stopped polling");
            return;
        }
        if (version == 4 && !pingOutstanding && now - lastHeard >= intervalNanos) {
            pingOutstanding = true;
            send(String.valueOf(EnginePackets.PING));
            flush();
            if (closed) return;
        }
        long next = lastHeard + dead;
        if (version == 4 && !pingOutstanding) next = Math.min(next, lastHeard + intervalNanos);
        if (socket == null) next = Math.min(next, unconnectedSince + connectTimeoutNanos);
        if (idlePolling) next = Math.min(next, transport.lastPollAnswered() + dead);
        watchdog = schedule(this::watchdog, Math.max(next - now, TimeUnit.MILLISECONDS.toNanos(1)));
    }

    /** A timer on the session's executor, or null when that is shutting down (the session ends with it). */
    private ScheduledFuture<?> schedule(Runnable task, long nanos) {
        try {
            return executor.schedule(task, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return sid.substring(0, 4) + "… from " + remote; // the whole id would let a log reader take the session over
    }
}
