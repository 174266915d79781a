package dev.parley.server;

import dev.parley.core.Access;
import dev.parley.core.SignalingConfig;
import dev.parley.server.net.ConnectionGuards;
import dev.parley.server.net.ListenerGuards;
import dev.parley.server.turn.TurnOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything {@link ParleyServer} needs to run. {@code https} is null when no certificate is
 * configured; port 0 means "any free port" (tests use it).
 *
 * @param maxOutboundBytes bytes that may wait to be sent to one client before it counts as not
 *     reading and is disconnected (close code 1008)
 * @param turn the built-in TURN server and the credentials handed out for it, or null for none
 * @param guards heartbeat, sessions per address, allowed origins
 * @param access who may enter and what they may do ({@link Access#OPEN}, or signed tokens)
 * @param listeners request and idle timeouts, TCP connection limits, who may read {@code /metrics}
 * @param cluster the Redis this node shares its state with, or null for one node in memory
 * @param webRoot a directory of the operator's own pages served beside the app ({@code --web-root}), or null
 */
public record ServerConfig(Endpoint http, Endpoint https, Tls tls, SignalingConfig signaling, int maxOutboundBytes,
        TurnOptions turn, ConnectionGuards guards, Access access, ListenerGuards listeners, Cluster cluster, Path webRoot) {
    public static final int DEFAULT_MAX_OUTBOUND_BYTES = 1024 * 1024;

    public ServerConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(signaling, "signaling");
        Objects.requireNonNull(guards, "guards");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(listeners, "listeners");
        if ((https == null) != (tls == null)) throw new IllegalArgumentException("HTTPS needs a certificate and key");
        if (maxOutboundBytes < signaling.maxFrameBytes()) {
            throw new IllegalArgumentException("the outbound limit must hold at least one full frame");
        }
        if (listeners.maxConnectionsPerAddress() < guards.maxSessionsPerAddress()) {
            throw new IllegalArgumentException("connections per address (" + listeners.maxConnectionsPerAddress()
                    + ") must be at least the sessions per address (" + guards.maxSessionsPerAddress() + ")");
        }
    }

    /** One node, in memory. */
    public ServerConfig(Endpoint http, Endpoint https, Tls tls, SignalingConfig signaling, int maxOutboundBytes,
            TurnOptions turn, ConnectionGuards guards, Access access, ListenerGuards listeners) {
        this(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, null, null);
    }

    /** With the default listener limits. */
    public ServerConfig(Endpoint http, Endpoint https, Tls tls, SignalingConfig signaling, int maxOutboundBytes,
            TurnOptions turn, ConnectionGuards guards, Access access) {
        this(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, ListenerGuards.defaults());
    }

    /** Plain HTTP on 127.0.0.1 and the given port, default signaling settings. */
    public static ServerConfig loopback(int port) {
        return new ServerConfig(new Endpoint("127.0.0.1", port), null, null, SignalingConfig.defaults(),
                DEFAULT_MAX_OUTBOUND_BYTES, null, ConnectionGuards.defaults(), Access.OPEN);
    }

    public ServerConfig withSignaling(SignalingConfig signaling) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withHttps(Endpoint https, Tls tls) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withMaxOutboundBytes(int maxOutboundBytes) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withGuards(ConnectionGuards guards) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withAccess(Access access) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withListeners(ListenerGuards listeners) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withTurn(TurnOptions turn) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withWebRoot(Path webRoot) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    public ServerConfig withCluster(Cluster cluster) {
        return new ServerConfig(http, https, tls, signaling, maxOutboundBytes, turn, guards, access, listeners, cluster, webRoot);
    }

    /**
     * Membership in a cluster of nodes that share one Redis.
     *
     * @param redis the Redis URI ({@code redis://host:port}, {@code rediss://} for TLS, credentials in it as Redis allows)
     * @param node this node's id, unique in the cluster
     * @param turnSecretGiven the TURN secret was given explicitly: it must be the cluster's (else the
     *     node adopts the secret the first node published)
     */
    public record Cluster(String redis, String node, boolean turnSecretGiven) {
        public Cluster {
            Objects.requireNonNull(redis, "redis");
            Objects.requireNonNull(node, "node");
            if (!node.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("a node id is 1 to 64 letters, digits, '.', '_' or '-', not '" + node + "'");
            }
        }

        /** A node that adopts the cluster's TURN secret. */
        public Cluster(String redis, String node) {
            this(redis, node, false);
        }
    }

    public record Endpoint(String host, int port) {
        public Endpoint {
            Objects.requireNonNull(host, "host");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
    }

    /**
     * PEM files: a certificate chain and its private key (PKCS#8). {@code trusted}: the operator gave
     * it (browsers are expected to trust it, so HTTPS responses carry HSTS), rather than Parley
     * generating a self-signed one.
     */
    public record Tls(Path certificate, Path privateKey, boolean trusted) {
        public Tls {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        /** A certificate that is not known to be trusted (no HSTS). */
        public Tls(Path certificate, Path privateKey) {
            this(certificate, privateKey, false);
        }
    }
}
