package dev.parley.server.cli;

import dev.parley.server.turn.IceUrls;
import dev.parley.server.turn.RelayAddresses;
import dev.parley.server.turn.TurnOptions;
import dev.parley.turn.net.TurnServer;
import dev.parley.turn.auth.RestApiCredentials;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.SensitiveBlocks;
import dev.parley.turn.server.TurnConfig;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The TURN options shared by {@code parley} and {@code parley turn}. */
final class TurnMixin {
    @Option(names = "--turn", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run the built-in STUN/TURN server. --no-turn turns it off (see --turn-external-url).")
    boolean enabled;

    @Option(names = "--turn-listen-host",
            description = "Address the STUN/TURN listeners bind to. Default: 0.0.0.0, or :: (IPv4 and IPv6 clients) when there is an IPv6 relay address.")
    String listenHost;

    @Option(names = "--turn-port", defaultValue = "" + TurnServer.DEFAULT_PORT, description = "STUN/TURN port, UDP and TCP (0: any free port).")
    int port;

    @Option(names = "--turn-tls-port", defaultValue = "" + TurnServer.DEFAULT_TLS_PORT,
            description = "TURN over TLS port, with the HTTPS certificate (-1: off; 0: any free port).")
    int tlsPort;

    @Option(names = "--turn-relay-ip", split = ",", paramLabel = "IP", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Address relayed traffic leaves from: an address of this machine, at most one IPv4 and one IPv6 (repeatable). "
                    + "Default: the first LAN IPv4 address (else 127.0.0.1), and a stable global IPv6 address if the machine has one.")
    List<String> relayIps = List.of();

    @Option(names = "--turn-external-ip", split = ",", paramLabel = "IP", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Public address of the --turn-relay-ip of its family behind a 1:1 NAT (a cloud VM's public IP); at most one per family.")
    List<String> externalIps = List.of();

    @Option(names = "--turn-default-relay-family", defaultValue = "client",
            description = "Relayed address family for an Allocate that names none (browsers never do): client (the family the client "
                    + "reached the server over, if there is a relay address of it, else the other) or ipv4 (RFC 8656's rule).")
    String defaultFamily;

    @Option(names = "--turn-unauthenticated-rate", defaultValue = "" + (int) TurnConfig.DEFAULT_UNAUTHENTICATED_PER_SECOND,
            description = "Answers to unauthenticated requests (Binding, 401 challenges) per second and client address (IPv6: per /64), "
                    + "counted in Binding answers (a 401 costs about 3); beyond it requests go unanswered.")
    int unauthenticatedRate;

    @Option(names = "--turn-unauthenticated-burst", defaultValue = "" + TurnConfig.DEFAULT_UNAUTHENTICATED_BURST,
            description = "How many of those answers one client address may draw at once (at least " + TurnOptions.MIN_UNAUTHENTICATED_BURST + ").")
    int unauthenticatedBurst;

    @Option(names = "--turn-threads", paramLabel = "N", showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Threads relaying TURN traffic, each with its own UDP socket on the TURN port. Default: one per core; fewer cost less CPU per packet "
                    + "at light load, and carry less at high load.")
    int threads = TurnOptions.DEFAULT_THREADS;

    @Option(names = "--turn-relay-ports", defaultValue = TurnConfig.DEFAULT_MIN_PORT + "-" + TurnConfig.DEFAULT_MAX_PORT,
            description = "UDP port range for relayed addresses (open it in the firewall).")
    String relayPorts;

    @Option(names = "--turn-allow-peer", split = ",", paramLabel = "CIDR",
            description = "Let the relay reach this block although it is private or special (repeatable), e.g. 192.168.1.0/24. Default: none.")
    List<String> allowPeers = List.of();

    @Option(names = "--turn-allow-dangerous-peers",
            description = "Accept --turn-allow-peer rules that reach this machine (loopback) or the cloud metadata service (link-local); logged loudly and shown in /metrics.")
    boolean allowDangerousPeers;

    @Option(names = "--turn-secret", showDefaultValue = CommandLine.Help.Visibility.NEVER, description = "Shared secret for TURN REST credentials (also coturn's static-auth-secret). Default: generated and kept in the data directory.")
    String secret;

    @Option(names = "--turn-user", showDefaultValue = CommandLine.Help.Visibility.NEVER, split = ",", paramLabel = "NAME:PASSWORD", description = "A fixed TURN user (repeatable), beside the minted credentials.")
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
        InetAddress[] relay = relays(problems);
        InetAddress[] external = externals(problems, relay);
        String host = listenHost == null ? (relay[1] != null ? "::" : "0.0.0.0") : problems.attempt(() -> Hosts.listen("--turn-listen-host", listenHost));
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
        TurnConfig.DefaultFamily family = switch (defaultFamily) {
            case "client" -> TurnConfig.DefaultFamily.CLIENT;
            case "ipv4" -> TurnConfig.DefaultFamily.IPV4;
            default -> {
                problems.add("--turn-default-relay-family is client or ipv4, not '" + defaultFamily + "'");
                yield null;
            }
        };
        problems.atLeast("--turn-unauthenticated-rate", unauthenticatedRate, 1);
        problems.atLeast("--turn-unauthenticated-burst", unauthenticatedBurst, TurnOptions.MIN_UNAUTHENTICATED_BURST);
        problems.require(threads >= 1 && threads <= TurnOptions.MAX_THREADS, "--turn-threads is 1 to " + TurnOptions.MAX_THREADS + ", not " + threads);
        String advertised = urlHost == null ? null : problems.attempt("--turn-url-host", () -> IceUrls.urlHost(urlHost));
        for (String url : externalUrls) problems.attempt("--turn-external-url", () -> IceUrls.check(url, true));
        if (problems.count() > before) return null;
        return problems.attempt(() -> new TurnOptions(host, enabled ? port : -1, enabled ? tlsPort : -1, relay[0], external[0], range[0],
                range[1], peers, secretValue, fixed, credentialTtl, maxAllocations, userQuota, maxBps, advertised, trustedCertificate,
                externalUrls, maxAllocationsPerIp, maxConnectionsPerIp, maxConnections, authTimeout, relay[1], external[1], family,
                unauthenticatedRate, unauthenticatedBurst, threads));
    }

    /**
     * The relay addresses, {IPv4, IPv6} (either may be null): those given, at most one of each family,
     * or by default the first LAN IPv4 address and a stable global IPv6 one if there is one.
     */
    private InetAddress[] relays(Problems problems) {
        if (relayIps.isEmpty()) return new InetAddress[] {RelayAddresses.defaultIpv4(), RelayAddresses.defaultIpv6().orElse(null)};
        return byFamily(problems, "--turn-relay-ip", relayIps);
    }

    /** The public addresses {IPv4, IPv6} of the relay addresses of their family, each given only for a relay address of its family. */
    private InetAddress[] externals(Problems problems, InetAddress[] relay) {
        InetAddress[] external = byFamily(problems, "--turn-external-ip", externalIps);
        for (int i = 0; i < 2; i++) {
            if (external[i] != null && relay[i] == null) {
                problems.add("--turn-external-ip " + NetUtil.toAddressString(external[i]) + " is the public address of an " + (i == 0 ? "IPv4" : "IPv6")
                        + " relay, but there is no " + (i == 0 ? "IPv4" : "IPv6") + " --turn-relay-ip");
                external[i] = null;
            }
        }
        return external;
    }

    private static InetAddress[] byFamily(Problems problems, String option, List<String> values) {
        InetAddress[] out = new InetAddress[2];
        for (String value : values) {
            InetAddress a = problems.attempt(() -> Hosts.relay(option, value.strip()));
            if (a == null) continue;
            int i = a instanceof Inet6Address ? 1 : 0;
            if (out[i] != null) {
                problems.add(option + " takes at most one IPv4 and one IPv6 address, not both " + NetUtil.toAddressString(out[i]) + " and "
                        + NetUtil.toAddressString(a));
            } else {
                out[i] = a;
            }
        }
        return out;
    }

    /** An option value that may hold a password, as it can be shown: the name only. */
    private static String redacted(String user) {
        int colon = user.indexOf(':');
        return colon < 0 ? "(no colon)" : user.substring(0, colon) + ":…";
    }

    boolean explicitSecret() {
        return secret != null && !secret.isBlank();
    }

    /** The relay addresses, when they are given, are this machine's (relay sockets bind to them). */
    void checkRelayIsLocal(Problems problems, TurnOptions options) {
        if (relayIps.isEmpty() || !options.builtIn()) return;
        for (InetAddress a : options.relayIps()) {
            problems.require(Hosts.isLocal(a), "--turn-relay-ip " + NetUtil.toAddressString(a) + " is not an address of this machine"
                    + " (relay sockets bind to it); behind 1:1 NAT give the public one as --turn-external-ip");
        }
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
}
