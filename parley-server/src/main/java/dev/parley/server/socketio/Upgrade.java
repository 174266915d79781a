package dev.parley.server.socketio;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.concurrent.ScheduledFuture;

/**
 * A WebSocket probing the upgrade of a polling session: the client pauses polling and sends
 * {@code 2probe}, the server answers {@code 3probe} and releases the held poll with a noop, and the
 * client's {@code 5} makes the WebSocket the session's transport. Anything else, or no {@code 5}
 * within the upgrade timeout, closes the probe and polling goes on. One upgrade per session.
 * Confined to the session's executor.
 */
final class Upgrade {
    private final EngineSession session;
    private final SessionTransport transport;
    private final MainNamespace main;
    /** The probing WebSocket, or null. */
    private Channel probe;
    private boolean upgraded;
    private ScheduledFuture<?> timer;

    Upgrade(EngineSession session, SessionTransport transport, MainNamespace main) {
        this.session = session;
        this.transport = transport;
        this.main = main;
    }

    boolean inProgress() {
        return probe != null;
    }

    boolean isProbe(Channel channel) {
        return probe != null && channel == probe;
    }

    /** A WebSocket opened with the session's id; refused (closed) unless the session is polling and not probing yet. */
    void start(Channel channel, long timeoutNanos) {
        if (transport.kind() != SessionTransport.Kind.POLLING || probe != null || upgraded) {
            SessionTransport.closeWebSocket(channel, WebSocketCloseStatus.POLICY_VIOLATION, "this session cannot be upgraded");
            return;
        }
        probe = channel;
        timer = session.schedule(() -> {
            if (probe == channel) abandon(WebSocketCloseStatus.POLICY_VIOLATION, "upgrade not completed in time");
        }, timeoutNanos);
    }

    /** A packet on the probe. */
    void onPacket(String text) {
        Channel channel = probe;
        if (text.equals(EnginePackets.PING + "probe")) {
            if (!main.spend()) return;
            SessionTransport.writeNow(channel, EnginePackets.PONG + "probe");
            transport.releasePoll(String.valueOf(EnginePackets.NOOP)); // the client pauses polling: let its GET go
        } else if (text.equals(String.valueOf(EnginePackets.UPGRADE))) {
            abandon(null, null);
            upgraded = true;
            if (!transport.useWebSocket(channel)) session.notReading();
        } else {
            abandon(WebSocketCloseStatus.PROTOCOL_ERROR, "expected 2probe or 5 while upgrading");
        }
    }

    /** Ends the probe; closes its WebSocket with this status unless {@code status} is null (it closed, or it became the transport). */
    void abandon(WebSocketCloseStatus status, String why) {
        if (timer != null) timer.cancel(false);
        timer = null;
        Channel channel = probe;
        probe = null;
        if (channel != null && status != null) SessionTransport.closeWebSocket(channel, status, why);
    }
}
