package dev.parley.server.net;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Limits on the HTTP and HTTPS listeners' TCP connections, before anything is known of a client.
 *
 * @param requestTimeout a connection must deliver a whole request (the TLS handshake, request line,
 *     headers and body) within this of opening, or of sending the first byte of its next request
 * @param idleTimeout a keep-alive connection that starts no new request within this is closed
 * @param maxConnectionsPerAddress TCP connections one IP address may hold at once on the HTTP and
 *     HTTPS listeners together (WebSocket sessions included); more are closed at once
 * @param maxConnections TCP connections on those listeners in total, below the open-file limit so
 *     that accepting never fails for want of file descriptors; 0 derives it from that limit
 * @param metricsToken a bearer token that opens {@code /metrics} on any listener, or null (then it
 *     is served only over plain HTTP to clients on this machine)
 */
public record ListenerGuards(Duration requestTimeout, Duration idleTimeout, int maxConnectionsPerAddress, int maxConnections,
        String metricsToken) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** An office behind one NAT address: its WebSocket sessions (256 by default) and some page loads. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 300;
    /** Connections per address beyond its WebSocket sessions, for page loads and API calls. */
    public static final int HTTP_ROOM_PER_ADDRESS = 44;
    /** Descriptors kept back from the derived total for files, listening sockets and the like. */
    static final int SPARE_DESCRIPTORS = 1024;

    public ListenerGuards {
        positive(requestTimeout, "the request timeout");
        positive(idleTimeout, "the idle timeout");
        if (maxConnectionsPerAddress < 1) throw new IllegalArgumentException("connections per address must be at least 1");
        if (maxConnections < 0) throw new IllegalArgumentException("the connection limit must be at least 1 (0: derived from the open-file limit)");
        long files = fileLimit();
        if (maxConnections >= files) {
            throw new IllegalArgumentException("the connection limit (" + maxConnections + ") must be below the open-file limit ("
                    + files + "); lower it or raise ulimit -n");
        }
        if (metricsToken != null && !validToken(metricsToken)) {
            throw new IllegalArgumentException("the metrics token must be at least 16 printable ASCII characters, no spaces");
        }
    }

    /** A bearer token long enough not to be guessed, and sendable in a header as it is. */
    public static boolean validToken(String token) {
        return token.length() >= 16 && token.matches("[\\x21-\\x7E]+");
    }

    public static ListenerGuards defaults() {
        return new ListenerGuards(DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 0, null);
    }

    public ListenerGuards withMetricsToken(String token) {
        return new ListenerGuards(requestTimeout, idleTimeout, maxConnectionsPerAddress, maxConnections, token);
    }

    /**
     * The connection limit in force: the configured one, or {@link #derivedMaxConnections} of this
     * process's open-file limit.
     *
     * @param relaySockets the UDP sockets the built-in TURN server's allocations may hold (0 without it)
     * @param turnStreams the TCP/TLS connections it may hold ({@code --turn-max-connections}; 0 without it)
     */
    public int effectiveMaxConnections(int relaySockets, int turnStreams) {
        if (maxConnections > 0) return maxConnections;
        return derivedMaxConnections(fileLimit(), relaySockets, turnStreams);
    }

    /**
     * The open-file limit {@code files} less what TURN may hold at its own limits (relay sockets and
     * TCP/TLS connections) and some spare, so that under an attack on HTTP and TURN at once accept
     * still finds a descriptor; but at least a quarter of it, so that a large TURN configuration does
     * not leave HTTP nothing (then TURN's limits should come down, or the open-file limit go up).
     */
    static int derivedMaxConnections(long files, int relaySockets, int turnStreams) {
        long derived = Math.max(files / 4, files - relaySockets - turnStreams - SPARE_DESCRIPTORS);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, derived));
    }

    /** This process's open-file limit; where the platform does not say, a number that is safe everywhere. */
    public static long fileLimit() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            if (max > 0) return max;
        }
        return 16_384;
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
    }
}
