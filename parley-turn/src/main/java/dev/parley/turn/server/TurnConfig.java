package dev.parley.turn.server;

import dev.parley.turn.allocation.TurnClock;
import dev.parley.turn.auth.Credentials;
import dev.parley.turn.auth.Nonces;
import dev.parley.turn.policy.PeerPolicy;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the TURN engine is told: who may use it, where relays live and every limit. Build with
 * {@link #builder}; the defaults are those of the RFCs and of a careful public deployment.
 *
 * @param relayIPv4 address IPv4 relay sockets bind to, or null: IPv4 allocations are then a 440 (one of the two is needed)
 * @param advertisedIPv4 address put in XOR-RELAYED-ADDRESS for them (differs behind 1:1 NAT)
 * @param relayIPv6 address IPv6 relay sockets bind to, or null: IPv6 allocations are then a 440
 * @param defaultFamily the relayed address family of an Allocate that names none
 * @param unauthenticatedPerSecond what one source address (an IPv6 /64) may draw in answers to unauthenticated
 *     requests, in Binding answers a second ({@link #BINDING_ANSWER_BYTES} each): a larger answer costs its size in them
 * @param unauthenticatedBurst the same, at once
 * @param unauthenticatedErrorsPerSecond what all sources together may draw in TURN error answers to unauthenticated
 *     requests (401, 438, 400, 420), in Binding answers a second, with two seconds' worth at once
 * @param bitsPerSecond cap on relayed traffic per allocation and direction; 0 for none
 * @param maxAllocationsPerAddress allocations one source address (an IPv6 /64) may hold, whoever it authenticates as
 * @param maxStreamsPerAddress TCP/TLS connections one source address (an IPv6 /64) may hold open
 * @param maxStreams TCP/TLS connections open in total
 * @param streamAuthTimeout how long a TCP/TLS connection may stay open without an allocation
 */
public record TurnConfig(String realm, Credentials credentials, PeerPolicy peerPolicy,
        InetAddress relayIPv4, InetAddress advertisedIPv4, InetAddress relayIPv6, InetAddress advertisedIPv6,
        int minPort, int maxPort, int maxAllocations, int maxAllocationsPerUser, long bitsPerSecond,
        double unauthenticatedPerSecond, int unauthenticatedBurst, Duration nonceLifetime, TurnClock clock,
        int maxAllocationsPerAddress, int maxStreamsPerAddress, int maxStreams, Duration streamAuthTimeout,
        DefaultFamily defaultFamily, double unauthenticatedErrorsPerSecond) {
    /** RFC 8656 §7.2. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(600);
    /** RFC 8656 §7.2 (recommended maximum). */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(3600);
    public static final String DEFAULT_REALM = "parley";
    /** IANA's dynamic range, as coturn. */
    public static final int DEFAULT_MIN_PORT = 49152, DEFAULT_MAX_PORT = 65535;
    public static final int DEFAULT_MAX_ALLOCATIONS = 8192;
    /** A browser makes one allocation per TURN URL, local interface and peer connection. */
    public static final int DEFAULT_MAX_ALLOCATIONS_PER_USER = 32;
    /** Ample for HD video; stops one allocation from carrying a flood. */
    public static final long DEFAULT_BITS_PER_SECOND = 10_000_000;
    /**
     * An office behind one NAT address: a browser allocates once per TURN URL (UDP, TCP, TLS) for
     * every peer connection, so a few dozen people in calls need more than one user's quota (32);
     * yet one address holds at most 1/64 of the default 8192 allocations and 16384 relay ports,
     * however many user names it has credentials for.
     */
    public static final int DEFAULT_MAX_ALLOCATIONS_PER_ADDRESS = 128;
    /**
     * A browser opens one TCP or TLS connection per allocation over TCP, and behind a firewall that
     * blocks UDP every peer connection of an office uses two: as many as its allocations.
     */
    public static final int DEFAULT_MAX_STREAMS_PER_ADDRESS = 128;
    /** Each stream with an allocation also holds a relay socket: two descriptors, well within a 20k open-file limit. */
    public static final int DEFAULT_MAX_STREAMS = 4096;
    /** A client sends its Allocate at once; a connection without an allocation after this is closed. */
    public static final Duration DEFAULT_STREAM_AUTH_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The unit of the unauthenticated budgets: a Binding answer over IPv4 (header and XOR-MAPPED-ADDRESS),
     * what a spoofed 20-byte Binding draws. Every answer costs its size in these (a 401 about three).
     */
    public static final int BINDING_ANSWER_BYTES = 32;
    /**
     * Per source address (IPv6 /64), in Binding answers a second. A browser in a call sends a Binding
     * every 10 s to each STUN server for each local network, and a few requests more (401s for every
     * TURN URL) when it joins: behind one NAT address, 5,000 people in calls send about 750 a second, a
     * hundred joining in one second a thousand more. What a spoofed address can draw towards its
     * victim stays at 32 kB/s (docs/turn.md has the reckoning).
     */
    public static final double DEFAULT_UNAUTHENTICATED_PER_SECOND = 1_000;
    /** Ten seconds' worth: a whole office reconnecting after a network outage. */
    public static final int DEFAULT_UNAUTHENTICATED_BURST = 10_000;
    /**
     * All sources together, TURN error answers only (a 401 is four times its 20-byte request; a Binding
     * answer is barely larger than its own): 640 kB/s, about 7,000 challenges a second, far beyond a
     * legitimate peak, and all that spoofed requests sent from every address at once can reflect.
     */
    public static final double DEFAULT_UNAUTHENTICATED_ERRORS_PER_SECOND = 20_000;

    /** The relayed address family of an Allocate without REQUESTED-ADDRESS-FAMILY or ADDITIONAL-ADDRESS-FAMILY. */
    public enum DefaultFamily {
        /** IPv4, as RFC 8656 §7.2 says (440 when the server has no IPv4 relay address). */
        IPV4,
        /**
         * The family the client reached the server over, when there is a relay address of it, else the
         * other (coturn's {@code allocation-default-address-family=keep}). Browsers never name a family
         * (libwebrtc's Allocate has REQUESTED-TRANSPORT only) but reach a TURN server over IPv6 from
         * their IPv6 networks: this is how they get IPv6 relayed addresses.
         */
        CLIENT
    }

    public TurnConfig {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(peerPolicy, "peerPolicy");
        Objects.requireNonNull(clock, "clock");
        if (relayIPv4 == null && relayIPv6 == null) throw new IllegalArgumentException("a relay address is needed, IPv4 or IPv6");
        if (relayIPv4 != null && !(relayIPv4 instanceof Inet4Address)) throw new IllegalArgumentException("relayIPv4 must be an IPv4 address");
        if (advertisedIPv4 == null) advertisedIPv4 = relayIPv4;
        if (relayIPv4 == null && advertisedIPv4 != null) throw new IllegalArgumentException("advertisedIPv4 needs relayIPv4");
        if (advertisedIPv4 != null && !(advertisedIPv4 instanceof Inet4Address)) throw new IllegalArgumentException("advertisedIPv4 must be an IPv4 address");
        if (relayIPv6 != null && !(relayIPv6 instanceof Inet6Address)) throw new IllegalArgumentException("relayIPv6 must be an IPv6 address");
        if (advertisedIPv6 == null) advertisedIPv6 = relayIPv6;
        if (relayIPv6 == null && advertisedIPv6 != null) throw new IllegalArgumentException("advertisedIPv6 needs relayIPv6");
        if (advertisedIPv6 != null && !(advertisedIPv6 instanceof Inet6Address)) throw new IllegalArgumentException("advertisedIPv6 must be an IPv6 address");
        Objects.requireNonNull(defaultFamily, "defaultFamily");
        if (!(unauthenticatedErrorsPerSecond > 0)) throw new IllegalArgumentException("the unauthenticated error rate must be positive");
        if (minPort < 1 || maxPort > 65535 || minPort > maxPort) throw new IllegalArgumentException("bad relay port range " + minPort + "-" + maxPort);
        if (maxAllocations < 1 || maxAllocationsPerUser < 1) throw new IllegalArgumentException("allocation limits must be at least 1");
        if (bitsPerSecond < 0) throw new IllegalArgumentException("bitsPerSecond must be >= 0");
        if (!(unauthenticatedPerSecond > 0) || unauthenticatedBurst < 1) throw new IllegalArgumentException("unauthenticated rate must be positive");
        if (maxAllocationsPerAddress < 1) throw new IllegalArgumentException("allocations per address must be at least 1");
        if (maxStreamsPerAddress < 1 || maxStreams < 1) throw new IllegalArgumentException("TCP/TLS connection limits must be at least 1");
        Objects.requireNonNull(streamAuthTimeout, "streamAuthTimeout");
        if (streamAuthTimeout.toMillis() < 1 || streamAuthTimeout.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("the TCP/TLS authentication timeout must be between 1 ms and " + MAX_LIFETIME.toMinutes() + " min");
        }
    }

    /** {@code relayIPv4} may be null for a server relaying IPv6 only ({@link Builder#relayIPv6}). */
    public static Builder builder(Credentials credentials, InetAddress relayIPv4) {
        return new Builder(credentials, relayIPv4);
    }

    public static final class Builder {
        private String realm = DEFAULT_REALM;
        private final Credentials credentials;
        private PeerPolicy peerPolicy = PeerPolicy.denyByDefault();
        private final InetAddress relayIPv4;
        private InetAddress advertisedIPv4;
        private InetAddress relayIPv6;
        private InetAddress advertisedIPv6;
        private int minPort = DEFAULT_MIN_PORT;
        private int maxPort = DEFAULT_MAX_PORT;
        private int maxAllocations = DEFAULT_MAX_ALLOCATIONS;
        private int maxAllocationsPerUser = DEFAULT_MAX_ALLOCATIONS_PER_USER;
        private long bitsPerSecond = DEFAULT_BITS_PER_SECOND;
        private double unauthenticatedPerSecond = DEFAULT_UNAUTHENTICATED_PER_SECOND;
        private int unauthenticatedBurst = DEFAULT_UNAUTHENTICATED_BURST;
        private Duration nonceLifetime = Nonces.DEFAULT_LIFETIME;
        private TurnClock clock = TurnClock.SYSTEM;
        private int maxAllocationsPerAddress = DEFAULT_MAX_ALLOCATIONS_PER_ADDRESS;
        private int maxStreamsPerAddress = DEFAULT_MAX_STREAMS_PER_ADDRESS;
        private int maxStreams = DEFAULT_MAX_STREAMS;
        private Duration streamAuthTimeout = DEFAULT_STREAM_AUTH_TIMEOUT;
        private DefaultFamily defaultFamily = DefaultFamily.CLIENT;
        private double unauthenticatedErrorsPerSecond = DEFAULT_UNAUTHENTICATED_ERRORS_PER_SECOND;

        private Builder(Credentials credentials, InetAddress relayIPv4) {
            this.credentials = credentials;
            this.relayIPv4 = relayIPv4;
        }

        public Builder realm(String v) { realm = v; return this; }
        public Builder peerPolicy(PeerPolicy v) { peerPolicy = v; return this; }
        public Builder advertisedIPv4(InetAddress v) { advertisedIPv4 = v; return this; }
        public Builder relayIPv6(InetAddress relay, InetAddress advertised) { relayIPv6 = relay; advertisedIPv6 = advertised; return this; }
        public Builder ports(int min, int max) { minPort = min; maxPort = max; return this; }
        public Builder maxAllocations(int total, int perUser) { maxAllocations = total; maxAllocationsPerUser = perUser; return this; }
        public Builder bitsPerSecond(long v) { bitsPerSecond = v; return this; }
        public Builder unauthenticatedRate(double perSecond, int burst) { unauthenticatedPerSecond = perSecond; unauthenticatedBurst = burst; return this; }
        public Builder nonceLifetime(Duration v) { nonceLifetime = v; return this; }
        public Builder clock(TurnClock v) { clock = v; return this; }
        public Builder maxAllocationsPerAddress(int v) { maxAllocationsPerAddress = v; return this; }
        public Builder maxStreams(int total, int perAddress) { maxStreams = total; maxStreamsPerAddress = perAddress; return this; }
        public Builder streamAuthTimeout(Duration v) { streamAuthTimeout = v; return this; }
        public Builder defaultFamily(DefaultFamily v) { defaultFamily = v; return this; }
        public Builder unauthenticatedErrorsPerSecond(double v) { unauthenticatedErrorsPerSecond = v; return this; }

        public TurnConfig build() {
            return new TurnConfig(realm, credentials, peerPolicy, relayIPv4, advertisedIPv4, relayIPv6, advertisedIPv6,
                    minPort, maxPort, maxAllocations, maxAllocationsPerUser, bitsPerSecond, unauthenticatedPerSecond,
                    unauthenticatedBurst, nonceLifetime, clock, maxAllocationsPerAddress, maxStreamsPerAddress, maxStreams,
                    streamAuthTimeout, defaultFamily, unauthenticatedErrorsPerSecond);
        }
    }
}
