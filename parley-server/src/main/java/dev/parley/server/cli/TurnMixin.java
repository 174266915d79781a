package dev.parley.server.cli;

import dev.parley.server.turn.IceUrls;
import dev.parley.server.tls.LocalAddresses;
import dev.parley.server.turn.TurnOptions;
import dev.parley.turn.net.TurnServer;
import dev.parley.turn.auth.RestApiCredentials;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.SensitiveBlocks;
import dev.parley.turn.server.TurnConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The TURN options shared by {@code parley} and {@code parley turn}. */
final class TurnMixin {
    @Option(names = "--turn", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the built-in STUN/TURN server. --no-turn turns it off (see --turn-external-url).")
    boolean enabled;

    @Option(names = "--turn-listen-host", defaultValue = "0.0.0.0", description = "Address the STUN/TURN listeners bind to.")
    String listenHost;

    @Option(names = "--turn-port", defaultValue = "" + TurnServer.DEFAULT_PORT, description = "STUN/TURN port, UDP and TCP (0: any free port).")
    int port;

    @Option(names = "--turn-tls-port", defaultValue = "" + TurnServer.DEFAULT_TLS_PORT,
            description = "TURN over TLS port, with the HTTPS certificate (-1: off; 0: any free port).")
    int tlsPort;

    @Option(names = "--turn-relay-ip", description = "Address relayed traffic leaves from. Default: this machine's first LAN IPv4 address, else 127.0.0.1.")
    String relayIp;

    @Option(names = "--turn-external-ip", description = "Public address of --turn-relay-ip when behind a 1:1 NAT (a cloud VM's public IP).")
    String externalIp;

    @Option(names = "--turn-relay-ports", defaultValue = TurnConfig.DEFAULT_MIN_PORT + "-" + TurnConfig.DEFAULT_MAX_PORT,
            description = "UDP port range for relayed addresses (open it in the firewall).")
    String relayPorts;

    @Option(names = "--turn-allow-peer", split = ",", paramLabel = "CIDR",
            description = "Let the relay reach this block although it is private or special (repeatable), e.g. 192.168.1.0/24. Default: none.")
    List<String> allowPeers = List.of();

    @Option(names = "--turn-allow-dangerous-peers",
            description = "Accept --turn-allow-peer rules that reach this machine (loopback) or the cloud metadata service (link-local); logged loudly and shown in /metrics.")
    boolean allowDangerousPeers;

    @Option(names = "--turn-secret", description = "Shared secret for TURN REST credentials (also coturn's static-auth-secret). Default: generated and kept in the data directory.")
    String secret;

    @Option(names = "--turn-user", split = ",", paramLabel = "NAME:PASSWORD", description = "A fixed TURN user (repeatable), beside the minted credentials.")
    List<String> users = List.of();

    @Option(names = "--turn-credential-ttl", defaultValue = "12h", converter = DurationConverter.class,
            description = "How long minted TURN credentials stay valid (1m to 1d).")
    Duration credentialTtl;

    @Option(names = "--turn-max-allocations", defaultValue = "" + TurnConfig.DEFAULT_MAX_ALLOCATIONS, description = "Relayed allocations in total.")
    int maxAllocations;

    @Option(names = "--turn-user-quota", defaultValue = "" + TurnConfig.DEFAULT_MAX_ALLOCATIONS_PER_USER, description = "Relayed allocations per user.")
    int userQuota;

    @Option(names = "--turn-max-allocations-per-ip", defaultValue = "" + TurnConfig.DEFAULT_MAX_ALLOCATIONS_PER_ADDRESS,
            description = "Relayed allocations per client address (IPv6: per /64), whichever users it signs in as (508 beyond).")
    int maxAllocationsPerIp;

    @Option(names = "--turn-max-connections-per-ip", defaultValue = "" + TurnConfig.DEFAULT_MAX_STREAMS_PER_ADDRESS,
            description = "TURN TCP/TLS connections per client address (IPv6: per /64); more are closed at once.")
    int maxConnectionsPerIp;

    @Option(names = "--turn-max-connections", defaultValue = "" + TurnConfig.DEFAULT_MAX_STREAMS,
            description = "TURN TCP/TLS connections in total; more are closed at once.")
    int maxConnections;

    @Option(names = "--turn-auth-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "A TURN TCP/TLS connection without an allocation is closed after this long.")
    Duration authTimeout;

    @Option(names = "--turn-max-bps", defaultValue = "" + TurnConfig.DEFAULT_BITS_PER_SECOND,
            description = "Bandwidth cap per allocation and direction, bits per second (0: none).")
    long maxBps;

    @Option(names = "--turn-url-host", description = "Host name or IP address put in the TURN URLs given to clients. Default: the name each client used to reach Parley, if it is one of the server's own (certificate names, its addresses), else the relay address.")
    String urlHost;

    @Option(names = "--turn-external-url", split = ",", paramLabel = "URL",
            description = "An external TURN server sharing --turn-secret, e.g. turn:turn.example.org:3478 (repeatable).")
    List<String> externalUrls = List.of();

    /** Shortest secret accepted: a minted credential is an HMAC of the secret, so a short one can be guessed offline from it. */
    static final int MIN_SECRET_CHARS = 16;
    /** Shortest credential lifetime: a session's credentials must outlast setting up its calls. */
    static final Duration MIN_CREDENTIAL_TTL = Duration.ofMinutes(1);

    /**
     * The options, or null with what is wrong added to {@code problems}; {@code trustedCertificate}
     * says whether browsers can trust the certificate (then turns: URLs are handed out).
     */
    TurnOptions options(Problems problems, String secretValue, boolean trustedCertificate) {
        int before = problems.count();
        String host = problems.attempt(() -> Hosts.listen("--turn-listen-host", listenHost));
        problems.port("--turn-port", port, false);
        problems.port("--turn-tls-port", tlsPort, true);
        int[] range = relayPorts(problems);
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String u : users) {
            int colon = u.indexOf(':');
            if (problems.require(colon > 0 && colon < u.length() - 1, "--turn-user is NAME:PASSWORD, not '" + redacted(u) + "'")) {
                fixed.put(u.substring(0, colon), u.substring(colon + 1));
            }
        }
        InetAddress relay = relayIp == null ? defaultRelayAddress() : problems.attempt(() -> Hosts.relay("--turn-relay-ip", relayIp));
        InetAddress external = externalIp == null ? null : problems.attempt(() -> Hosts.relay("--turn-external-ip", externalIp));
        List<Cidr> peers = allowPeers.stream().map(c -> problems.attempt(() -> peer(c))).toList();
        if (explicitSecret()) {
            problems.require(secret.length() >= MIN_SECRET_CHARS, "--turn-secret needs at least " + MIN_SECRET_CHARS
                    + " characters (credentials are HMACs of it: a short one can be guessed offline from any of them)");
        }
        // The engine mints nothing longer than RestApiCredentials.MAX_TTL: beyond it, every hello would fail.
        problems.duration("--turn-credential-ttl", credentialTtl, MIN_CREDENTIAL_TTL, RestApiCredentials.MAX_TTL);
        problems.atLeast("--turn-max-allocations", maxAllocations, 1);
        problems.atLeast("--turn-user-quota", userQuota, 1);
        problems.atLeast("--turn-max-bps", maxBps, 0);
        problems.atLeast("--turn-max-allocations-per-ip", maxAllocationsPerIp, 1);
        problems.atLeast("--turn-max-connections-per-ip", maxConnectionsPerIp, 1);
        problems.atLeast("--turn-max-connections", maxConnections, 1);
        problems.duration("--turn-auth-timeout", authTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        String advertised = urlHost == null ? null : problems.attempt("--turn-url-host", () -> IceUrls.urlHost(urlHost));
        for (String url : externalUrls) problems.attempt("--turn-external-url", () -> IceUrls.check(url, true));
        if (problems.count() > before) return null;
        return problems.attempt(() -> new TurnOptions(host, enabled ? port : -1, enabled ? tlsPort : -1, relay, external, range[0], range[1],
                peers, secretValue, fixed, credentialTtl, maxAllocations, userQuota, maxBps, advertised, trustedCertificate, externalUrls,
                maxAllocationsPerIp, maxConnectionsPerIp, maxConnections, authTimeout));
    }

    /** An option value that may hold a password, as it can be shown: the name only. */
    private static String redacted(String user) {
        int colon = user.indexOf(':');
        return colon < 0 ? "(no colon)" : user.substring(0, colon) + ":…";
    }

    boolean explicitSecret() {
        return secret != null && !secret.isBlank();
    }

    /** The relay address, when it is given, is one of this machine's (relay sockets bind to it). */
    void checkRelayIsLocal(Problems problems, TurnOptions options) {
        if (relayIp == null || !options.builtIn()) return;
        problems.require(Hosts.isLocal(options.relayIp()), "--turn-relay-ip " + relayIp + " is not an address of this machine"
                + " (relay sockets bind to it); behind 1:1 NAT give the public one as --turn-external-ip");
    }

    /** The built-in server's listeners, to check before start ({@code tls}: whether there is a certificate for TLS). */
    List<Preflight.Listener> listeners(TurnOptions options, boolean tls) {
        if (!options.builtIn()) return List.of();
        List<Preflight.Listener> listeners = new java.util.ArrayList<>();
        if (options.port() >= 0) {
            listeners.add(new Preflight.Listener("udp", options.listenHost(), options.port(), "--turn-listen-host", "--turn-port"));
            listeners.add(new Preflight.Listener("tcp", options.listenHost(), options.port(), "--turn-listen-host", "--turn-port"));
        }
        if (tls && options.tlsPort() >= 0) {
            listeners.add(new Preflight.Listener("tcp", options.listenHost(), options.tlsPort(), "--turn-listen-host", "--turn-tls-port"));
        }
        return listeners;
    }

    private int[] relayPorts(Problems problems) {
        var m = java.util.regex.Pattern.compile("\\s*(\\d{1,5})\\s*-\\s*(\\d{1,5})\\s*").matcher(relayPorts);
        if (!m.matches()) {
            problems.add("--turn-relay-ports is MIN-MAX, e.g. 49152-65535, not '" + relayPorts + "'");
            return null;
        }
        int min = Integer.parseInt(m.group(1)), max = Integer.parseInt(m.group(2));
        problems.require(min >= 1 && max <= 65535 && min <= max,
                "--turn-relay-ports must be MIN-MAX with 1 <= MIN <= MAX <= 65535, not " + relayPorts);
        return new int[] {min, max};
    }

    private Cidr peer(String rule) {
        Cidr cidr;
        try {
            cidr = Cidr.parse(rule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--turn-allow-peer " + rule + ": " + e.getMessage() + " (a CIDR such as 192.168.1.0/24)");
        }
        List<String> opened = SensitiveBlocks.openedBy(cidr);
        if (!opened.isEmpty() && !allowDangerousPeers) {
            throw new IllegalArgumentException("--turn-allow-peer " + rule + " would let anyone with TURN credentials reach "
                    + String.join(", ", opened) + "; add --turn-allow-dangerous-peers if that is really meant");
        }
        return cidr;
    }

    private static InetAddress defaultRelayAddress() {
        return LocalAddresses.lan(LocalAddresses.all()).stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElse(InetAddress.getLoopbackAddress());
    }
}
