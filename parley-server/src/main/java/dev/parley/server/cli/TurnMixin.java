package dev.parley.server.cli;

import dev.parley.server.tls.LocalAddresses;
import dev.parley.server.turn.TurnOptions;
import dev.parley.turn.net.TurnServer;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.server.TurnConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
            description = "TURN over TLS port, with the HTTPS certificate (-1: off).")
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

    @Option(names = "--turn-secret", description = "Shared secret for TURN REST credentials (also coturn's static-auth-secret). Default: generated and kept in the data directory.")
    String secret;

    @Option(names = "--turn-user", split = ",", paramLabel = "NAME:PASSWORD", description = "A fixed TURN user (repeatable), beside the minted credentials.")
    List<String> users = List.of();

    @Option(names = "--turn-credential-ttl", defaultValue = "12h", converter = DurationConverter.class,
            description = "How long minted TURN credentials stay valid.")
    Duration credentialTtl;

    @Option(names = "--turn-max-allocations", defaultValue = "" + TurnConfig.DEFAULT_MAX_ALLOCATIONS, description = "Relayed allocations in total.")
    int maxAllocations;

    @Option(names = "--turn-user-quota", defaultValue = "" + TurnConfig.DEFAULT_MAX_ALLOCATIONS_PER_USER, description = "Relayed allocations per user.")
    int userQuota;

    @Option(names = "--turn-max-bps", defaultValue = "" + TurnConfig.DEFAULT_BITS_PER_SECOND,
            description = "Bandwidth cap per allocation and direction, bits per second (0: none).")
    long maxBps;

    @Option(names = "--turn-url-host", description = "Host name put in the TURN URLs given to clients. Default: the name each client used to reach Parley, if it is one of the server's own (certificate names, its addresses), else the relay address.")
    String urlHost;

    @Option(names = "--turn-external-url", split = ",", paramLabel = "URL",
            description = "An external TURN server sharing --turn-secret, e.g. turn:turn.example.org:3478 (repeatable).")
    List<String> externalUrls = List.of();

    /** The options; {@code tls} says whether browsers can trust the certificate (then turns: URLs are handed out). */
    TurnOptions options(String secretValue, boolean trustedCertificate) {
        String[] range = relayPorts.split("-", 2);
        if (range.length != 2) throw new IllegalArgumentException("--turn-relay-ports is MIN-MAX, e.g. 49152-65535");
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String u : users) {
            int colon = u.indexOf(':');
            if (colon <= 0 || colon == u.length() - 1) throw new IllegalArgumentException("--turn-user is NAME:PASSWORD");
            fixed.put(u.substring(0, colon), u.substring(colon + 1));
        }
        return new TurnOptions(listenHost, enabled ? port : -1, enabled ? tlsPort : -1, relayAddress(), literal(externalIp),
                Integer.parseInt(range[0].trim()), Integer.parseInt(range[1].trim()), allowPeers.stream().map(Cidr::parse).toList(),
                secretValue, fixed, credentialTtl, maxAllocations, userQuota, maxBps, urlHost, trustedCertificate, externalUrls);
    }

    boolean explicitSecret() {
        return secret != null && !secret.isBlank();
    }

    private InetAddress relayAddress() {
        if (relayIp != null) return literal(relayIp);
        return LocalAddresses.lan(LocalAddresses.all()).stream().filter(a -> a instanceof Inet4Address).findFirst()
                .orElse(InetAddress.getLoopbackAddress());
    }

    /** An IP literal (never a name lookup), or null. */
    private static InetAddress literal(String ip) {
        if (ip == null) return null;
        if (!ip.matches("[0-9.]+|[0-9A-Fa-f:.]+")) throw new IllegalArgumentException("not an IP address: " + ip);
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip);
        }
    }
}
