package dev.parley.server.socketio;

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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    /** The Socket.IO layer on top. */
    private final MainNamespace main;

    private boolean closed;
    /** The server closes the session: a close packet follows what waits, in a poll of its own. */
    private boolean closing;
    /** The close packet is queued. */
    private boolean closeSent;
    private End closingReason;
    private long lastHeard;
    /** An Engine.IO 4 ping went out and its pong has not come. */
    private boolean pingOutstanding;
    private final Upgrade upgrade;
    private ScheduledFuture<?> watchdog;

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
        this.main = new MainNamespace(this, server, transport);
        this.upgrade = new Upgrade(this, transport, main);
    }

    boolean closed() {
        return closed;
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
        lastHeard = System.nanoTime();
        send(EnginePackets.open(version, sid, polling, server.settings()));
        if (version == 3) main.connect(null); // socket.io 2.x: the server connects "/" by itself
        flush();
        if (!closed) watchdog();
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
            if (upgrade.inProgress()) transport.releasePoll(String.valueOf(EnginePackets.NOOP)); // upgrading: let the client finish it
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
            if (e.binary) server.stats().refuse(SocketIoStats.Refusal.BINARY); // counted before the reply, which a client may act on
            HttpReplies.error(x, HttpReplies.BAD_REQUEST, e.getMessage());
            protocolError(e.getMessage(), WebSocketCloseStatus.INVALID_MESSAGE_TYPE);
            return;
        }
        for (String p : packets) {
            if (closed) break;
            onPacket(p);
            main.drainNow();
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
        if (binary) server.stats().refuse(SocketIoStats.Refusal.BINARY); // counted before the reply, which a client may act on
        HttpReplies.error(x, HttpReplies.BAD_REQUEST, why);
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
        if (closed) SessionTransport.closeWebSocket(channel, WebSocketCloseStatus.POLICY_VIOLATION, "this session has ended");
        else upgrade.start(channel, server.settings().upgradeTimeout().toNanos());
    }

    void onWebSocketText(Channel channel, String text) {
        if (closed) return;
        if (upgrade.isProbe(channel)) {
            upgrade.onPacket(text);
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
        main.drainNow();
        flush();
    }

    /** A WebSocket frame the session cannot take (binary, oversized, not UTF-8): the socket carrying it ends. */
    void onWebSocketRefused(Channel channel, String why, WebSocketCloseStatus status) {
        if (closed) return;
        if (upgrade.isProbe(channel)) upgrade.abandon(status, why);
        else if (channel == transport.webSocket()) protocolError(why, status);
    }

    /** A WebSocket-level ping (browsers send none): a pong if the budget allows. */
    void onWebSocketPing(Channel channel, ByteBuf content) {
        if (!closed && (upgrade.isProbe(channel) || channel == transport.webSocket()) && main.spend()) {
            channel.writeAndFlush(new PongWebSocketFrame(content));
        } else {
            content.release();
        }
    }

    void webSocketClosed(Channel channel) {
        if (upgrade.isProbe(channel)) upgrade.abandon(null, null);
        else if (!closed && channel == transport.webSocket()) end(End.TRANSPORT_CLOSE, false, WebSocketCloseStatus.NORMAL_CLOSURE, "");
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
                if (main.spend()) send(EnginePackets.PONG + packet.substring(1));
            }
            case EnginePackets.PONG -> {
                if (version == 3) {
                    protocolError("invalid heartbeat direction: Engine.IO 3 clients send pings", WebSocketCloseStatus.PROTOCOL_ERROR);
                    return;
                }
                lastHeard = System.nanoTime();
                pingOutstanding = false;
                main.spend();
            }
            case EnginePackets.MESSAGE -> main.onPacket(packet.substring(1));
            case EnginePackets.CLOSE -> end(End.CLIENT_CLOSE, true, WebSocketCloseStatus.NORMAL_CLOSURE, "");
            default -> main.spend(); // open, upgrade or noop on the session's transport: nothing to do
        }
    }

    // ---- sending and ending ----

    void send(String packet) {
        if (closed) return;
        if (transport.reserve(SessionTransport.utf8Length(packet))) transport.push(packet);
        else notReading();
    }

    void flush() {
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
    void closeEngine(End reason) {
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

    void notReading() {
        end(End.NOT_READING, false, WebSocketCloseStatus.POLICY_VIOLATION, "client is not reading; too many messages waiting");
    }

    void protocolError(String why, WebSocketCloseStatus status) {
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
        // The address's slot is freed before the session stops counting as open: whoever sees it
        // gone may open another at once.
        edge.release(remote.getAddress());
        server.ended(this, reason);
        transport.close(reason == End.CLIENT_CLOSE, status, why);
        upgrade.abandon(status, why);
        main.ended(byClient);
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
        if (!main.connected() && now - main.unconnectedSince() >= connectTimeoutNanos) {
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
        if (!main.connected()) next = Math.min(next, main.unconnectedSince() + connectTimeoutNanos);
        if (idlePolling) next = Math.min(next, transport.lastPollAnswered() + dead);
        watchdog = schedule(this::watchdog, Math.max(next - now, TimeUnit.MILLISECONDS.toNanos(1)));
    }

    /** A timer on the session's executor, or null when that is shutting down (the session ends with it). */
    ScheduledFuture<?> schedule(Runnable task, long nanos) {
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
