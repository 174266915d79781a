package dev.parley.server.socketio;

import java.time.Duration;
import java.util.Objects;

/**
 * The endpoint's timings and sizes; all come from Parley's own settings (see {@link #of}).
 *
 * @param pingInterval Engine.IO {@code pingInterval}: an Engine.IO 4 server pings this long after
 *     the last pong; an Engine.IO 3 client pings this often
 * @param pingTimeout Engine.IO {@code pingTimeout}: a session that has exchanged no ping/pong for
 *     {@code pingInterval + pingTimeout} ends, and so does a polling session that made no poll for as long
 * @param connectTimeout an Engine.IO 4 session whose client sent no CONNECT for {@code "/"} within this ends
 * @param upgradeTimeout a WebSocket probing an upgrade that does not complete it within this is closed
 * @param maxPayloadBytes the largest HTTP POST body and WebSocket message a client may send
 *     (announced to Engine.IO 4 clients as {@code maxPayload})
 * @param maxOutboundBytes bytes that may wait for one client; past this it counts as not reading
 *     and its session ends
 */
public record SocketIoSettings(Duration pingInterval, Duration pingTimeout, Duration connectTimeout, Duration upgradeTimeout,
        int maxPayloadBytes, int maxOutboundBytes) {
    /** Engine.IO's own default. */
    public static final Duration DEFAULT_UPGRADE_TIMEOUT = Duration.ofSeconds(10);

    public SocketIoSettings {
        positive(pingInterval, "pingInterval");
        positive(pingTimeout, "pingTimeout");
        positive(connectTimeout, "connectTimeout");
        positive(upgradeTimeout, "upgradeTimeout");
        if (maxPayloadBytes < 1024) throw new IllegalArgumentException("maxPayloadBytes must be at least 1024");
        if (maxOutboundBytes < maxPayloadBytes) throw new IllegalArgumentException("maxOutboundBytes must hold at least one payload");
    }

    /**
     * From Parley's settings: ping interval and timeout are both the heartbeat ({@code --heartbeat}:
     * a silent client is dropped after two of them, as on Parley's WebSocket), the connect timeout
     * is the hello timeout, payloads are capped at the frame limit and what waits for a client at the
     * outbound limit.
     */
    public static SocketIoSettings of(Duration heartbeat, Duration helloTimeout, int maxFrameBytes, int maxOutboundBytes) {
        return new SocketIoSettings(heartbeat, heartbeat, helloTimeout, DEFAULT_UPGRADE_TIMEOUT, maxFrameBytes, maxOutboundBytes);
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive");
    }
}
