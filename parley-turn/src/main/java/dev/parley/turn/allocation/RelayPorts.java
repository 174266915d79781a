package dev.parley.turn.allocation;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;

/**
 * Relay sockets from a configured port range (RFC 8656 §7.2), including EVEN-PORT pairs whose upper
 * port is held back under a RESERVATION-TOKEN. Other programs may hold ports in the range, so a port
 * is simply tried; the start is random so relay ports are hard to guess (§19.1.3 of RFC 8656 advice).
 */
public final class RelayPorts {
    /** Ports tried before giving up with 508: a nearly full range must not cost thousands of binds. */
    public static final int MAX_ATTEMPTS = 64;
    /** RFC 8656 §7.2: a reserved port waits about 30 seconds for the Allocate that claims it. */
    public static final Duration RESERVATION_LIFETIME = Duration.ofSeconds(30);
    /** Reservations held at once; a client cannot park the whole range. */
    public static final int MAX_RESERVATIONS = 128;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int min;
    private final int max;
    private final Object lock = new Object();
    /**
     * Held around every bind of the range and around {@link #handOver}, so that a port being moved
     * from one socket to another cannot be taken in between by this server's own probing.
     */
    private final Object bindLock = new Object();
    /** Guarded by {@link #lock}. */
    private final Map<Long, Reserved> reservations = new HashMap<>();

    private record Reserved(DatagramChannel channel, long deadlineNanos) {}

    /** An even port, and the token naming the odd one above it that is now held. */
    public record EvenPair(DatagramChannel even, long token) {}

    public RelayPorts(int min, int max) {
        if (min < 1 || max > 65535 || min > max) throw new IllegalArgumentException("bad relay port range " + min + "-" + max);
        this.min = min;
        this.max = max;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    /** A socket on {@code address} at some port of the range, even if asked, or null when none was free. */
    public DatagramChannel bind(InetAddress address, boolean even) {
        int step = even ? 2 : 1;
        int first = even ? (min + 1) & ~1 : min;
        int count = (max - first) / step + 1;
        if (first > max) return null;
        int start = RANDOM.nextInt(count);
        for (int i = 0; i < Math.min(count, MAX_ATTEMPTS); i++) {
            int port = first + ((start + i) % count) * step;
            DatagramChannel c = tryBind(address, port);
            if (c != null) return c;
        }
        return null;
    }

    /** An even port with the next one bound too and held for {@link #RESERVATION_LIFETIME}, or null. */
    public EvenPair bindEvenAndReserveNext(InetAddress address, long nowNanos) {
        synchronized (lock) {
            purgeExpired(nowNanos);
            if (reservations.size() >= MAX_RESERVATIONS) return null;
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            DatagramChannel even = bind(address, true);
            if (even == null) return null;
            int port = localPort(even);
            DatagramChannel odd = port + 1 <= max ? tryBind(address, port + 1) : null;
            if (odd == null) {
                closeQuietly(even);
                continue;
            }
            long token = RANDOM.nextLong();
            synchronized (lock) {
                reservations.put(token, new Reserved(odd, nowNanos + RESERVATION_LIFETIME.toNanos()));
            }
            return new EvenPair(even, token);
        }
        return null;
    }

    /** The socket a RESERVATION-TOKEN holds, now handed over, or null if unknown or expired. */
    public DatagramChannel claim(long token, long nowNanos) {
        synchronized (lock) {
            purgeExpired(nowNanos);
            Reserved r = reservations.remove(token);
            return r == null ? null : r.channel();
        }
    }

    /** Closes reservations nobody claimed in time. */
    public void purgeExpired(long nowNanos) {
        synchronized (lock) {
            for (Iterator<Reserved> it = reservations.values().iterator(); it.hasNext(); ) {
                Reserved r = it.next();
                if (nowNanos - r.deadlineNanos() >= 0) {
                    closeQuietly(r.channel());
                    it.remove();
                }
            }
        }
    }

    public int reservations() {
        synchronized (lock) {
            return reservations.size();
        }
    }

    public void close() {
        synchronized (lock) {
            reservations.values().forEach(r -> closeQuietly(r.channel()));
            reservations.clear();
        }
    }

    public static int localPort(DatagramChannel c) {
        try {
            return ((InetSocketAddress) c.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Closes {@code bound} and has {@code rebind} bind its address again (another kind of socket on the
     * same port) before any other bind of this range can run; null if {@code bound} has no address.
     */
    public <T> T handOver(DatagramChannel bound, Function<InetSocketAddress, T> rebind) {
        synchronized (bindLock) {
            InetSocketAddress address;
            try {
                address = (InetSocketAddress) bound.getLocalAddress();
            } catch (IOException e) {
                address = null;
            }
            closeQuietly(bound);
            return address == null ? null : rebind.apply(address);
        }
    }

    private DatagramChannel tryBind(InetAddress address, int port) {
        synchronized (bindLock) {
            return bindNow(address, port);
        }
    }

    private static DatagramChannel bindNow(InetAddress address, int port) {
        DatagramChannel c = null;
        try {
            c = DatagramChannel.open(address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            c.bind(new InetSocketAddress(address, port));
            return c;
        } catch (IOException e) {
            if (c != null) closeQuietly(c);
            return null;
        }
    }

    static void closeQuietly(DatagramChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do about a socket that fails to close
        }
    }
}
