package dev.parley.server.turn;

import dev.parley.protocol.IceServer;
import dev.parley.core.IceServerSource;
import dev.parley.turn.auth.RestApiCredentials;
import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Mints TURN REST API credentials for each session and lists the URLs they work with: the built-in
 * server's STUN, TURN over UDP and TCP (and TLS when advertised), then any external TURN servers that
 * share the secret. The same answer, in the REST API draft's shape, is {@code GET /api/ice}.
 */
public final class TurnIceServers implements IceServerSource {
    private final TurnOptions options;
    private final RestApiCredentials credentials;
    private final int udpTcpPort;
    private final int tlsPort;

    /** Ports are the bound ones (-1: that listener is off). */
    public TurnIceServers(TurnOptions options, RestApiCredentials credentials, int udpTcpPort, int tlsPort) {
        this.options = options;
        this.credentials = credentials;
        this.udpTcpPort = udpTcpPort;
        this.tlsPort = tlsPort;
    }

    /** The REST API draft's answer: {@code {username, password, ttl, uris}}. */
    public record Grant(String username, String password, long ttl, List<String> uris) {}

    public Grant grant(String user, String host) {
        RestApiCredentials.Minted minted = credentials.mint(user, options.credentialTtl());
        return new Grant(minted.username(), minted.password(), minted.ttl().toSeconds(), turnUrls(host));
    }

    @Override
    public List<IceServer> forSession(String sessionId, String host) {
        List<IceServer> servers = new ArrayList<>();
        String h = hostFor(host);
        if (udpTcpPort > 0) servers.add(IceServer.of("stun:" + h + ":" + udpTcpPort));
        List<String> turn = turnUrls(host);
        if (!turn.isEmpty()) {
            RestApiCredentials.Minted minted = credentials.mint(sessionId, options.credentialTtl());
            servers.add(new IceServer(turn, minted.username(), minted.password()));
        }
        return servers;
    }

    private List<String> turnUrls(String host) {
        String h = hostFor(host);
        List<String> urls = new ArrayList<>();
        if (udpTcpPort > 0) {
            urls.add("turn:" + h + ":" + udpTcpPort + "?transport=udp");
            urls.add("turn:" + h + ":" + udpTcpPort + "?transport=tcp");
        }
        if (tlsPort > 0 && options.advertiseTls()) urls.add("turns:" + h + ":" + tlsPort + "?transport=tcp");
        urls.addAll(options.externalUrls());
        return urls;
    }

    private String hostFor(String clientHost) {
        if (options.advertisedHost() != null) return options.advertisedHost();
        if (clientHost != null && !clientHost.equalsIgnoreCase("localhost")) return clientHost;
        // "localhost" may mean ::1 to a browser while the relay listens on IPv4: name the relay address itself.
        var a = options.advertisedRelayIps().getFirst();
        String literal = NetUtil.toAddressString(a);
        return a instanceof Inet6Address ? "[" + literal + "]" : literal;
    }
}
