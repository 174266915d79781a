package dev.parley.server.net;

import java.time.Duration;
import java.util.List;

/**
 * Limits the transport enforces before and around a session.
 *
 * @param heartbeat a WebSocket ping goes out after this much silence from the client; a client
 *     silent for two of these is taken for dead and disconnected, so its peers learn within that bound
 * @param maxSessionsPerAddress WebSocket sessions one IP address may hold at once, those held
 *     for resuming after their connection dropped included
 * @param allowedOrigins browser origins (e.g. {@code https://app.example.org}) that may open the
 *     WebSocket besides the server's own; {@code *} allows any. Requests without an Origin header
 *     (non-browser clients) are not affected.
 * @param maxSessions WebSocket sessions the server holds at once in all, held ones included
 */
public record ConnectionGuards(Duration heartbeat, int maxSessionsPerAddress, List<String> allowedOrigins, int maxSessions) {
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    /** Generous for an office behind one NAT address; far below what exhausts a server. */
    public static final int DEFAULT_MAX_SESSIONS_PER_ADDRESS = 256;
    /**
     * About what one process can hold live under a 20,000 open-file limit; away sessions hold no
     * socket, and their backlogs are bounded by the resume backlog budget, not by this.
     */
    public static final int DEFAULT_MAX_SESSIONS = 20_000;

    public ConnectionGuards {
        if (heartbeat.isNegative() || heartbeat.isZero()) throw new IllegalArgumentException("heartbeat must be positive");
        if (maxSessionsPerAddress < 1) throw new IllegalArgumentException("sessions per address must be at least 1");
        if (maxSessions < 1) throw new IllegalArgumentException("max sessions must be at least 1");
        allowedOrigins = List.copyOf(allowedOrigins);
        for (String o : allowedOrigins) {
            if (!o.equals("*") && !o.matches("https?://[^/\\s]+")) throw new IllegalArgumentException("an origin is scheme://host[:port]: " + o);
        }
    }

    /** With the default total of sessions. */
    public ConnectionGuards(Duration heartbeat, int maxSessionsPerAddress, List<String> allowedOrigins) {
        this(heartbeat, maxSessionsPerAddress, allowedOrigins, DEFAULT_MAX_SESSIONS);
    }

    public static ConnectionGuards defaults() {
        return new ConnectionGuards(DEFAULT_HEARTBEAT, DEFAULT_MAX_SESSIONS_PER_ADDRESS, List.of());
    }
}
