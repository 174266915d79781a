package dev.parley.server.cli;

import dev.parley.protocol.IceServer;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.ServerConfig.Endpoint;
import dev.parley.server.auth.TokenAccess;
import dev.parley.server.core.Access;
import dev.parley.server.core.IceServerSource;
import dev.parley.server.core.SessionGuards;
import dev.parley.server.core.SignalingConfig;
import dev.parley.server.net.ConnectionGuards;
import dev.parley.server.net.ListenerGuards;
import dev.parley.server.turn.TurnSecret;
import dev.parley.server.SecretFiles;
import dev.parley.server.core.ResumePolicy;
import java.nio.charset.StandardCharsets;
import dev.parley.server.tls.LocalAddresses;
import dev.parley.server.tls.LocalCertificate;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code parley}: runs the server. Every option can also be set as a {@code PARLEY_*} environment variable. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        showDefaultValues = true,
        subcommands = {TurnCommand.class, TokenCommand.class},
        description = "Self-hosted peer-to-peer audio/video calling: signaling server with built-in STUN/TURN.",
        footer = "%nEvery option can also be set in the environment: --room-capacity as PARLEY_ROOM_CAPACITY, and so on.")
public final class ParleyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "Address for plain HTTP and ws://.")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port for plain HTTP and ws:// (0: any free port).")
    int httpPort;

    @Option(names = "--https", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve HTTPS and wss:// (phones need it for the camera). --no-https turns it off.")
    boolean https;

    @Option(names = "--https-host", defaultValue = "0.0.0.0", description = "Address for HTTPS and wss:// (0.0.0.0: every interface).")
    String httpsHost;

    @Option(names = "--https-port", defaultValue = "8443", description = "Port for HTTPS and wss://.")
    int httpsPort;

    @Option(names = "--tls-cert", description = "PEM certificate chain to use instead of the generated self-signed one (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key (PKCS#8) for --tls-cert.")
    Path tlsKey;

    @Option(names = "--data-dir", scope = CommandLine.ScopeType.INHERIT, description = "Where Parley keeps its generated certificate and TURN secret. Default: $XDG_DATA_HOME/parley or ~/.local/share/parley.")
    Path dataDir;

    @Option(names = "--room-capacity", defaultValue = "" + SignalingConfig.DEFAULT_ROOM_CAPACITY,
            description = "Seats per room (2 to " + SignalingConfig.MAX_ROOM_CAPACITY + ").")
    int roomCapacity;

    @Option(names = "--max-rooms-per-session", defaultValue = "" + SignalingConfig.DEFAULT_MAX_ROOMS_PER_SESSION,
            description = "Rooms one connection may be in at once.")
    int maxRoomsPerSession;

    @Option(names = "--call-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a direct call rings before it times out (e.g. 30s, 2m).")
    Duration callTimeout;

    @Option(names = "--max-frame-bytes", defaultValue = "" + SignalingConfig.DEFAULT_MAX_FRAME_BYTES,
            description = "Largest WebSocket message accepted; larger ones close the connection with 1009.")
    int maxFrameBytes;

    @Option(names = "--max-outbound-bytes", defaultValue = "" + ServerConfig.DEFAULT_MAX_OUTBOUND_BYTES,
            description = "Bytes that may wait for one slow client before it is disconnected.")
    int maxOutboundBytes;

    @Option(names = "--ice-server", split = ",", paramLabel = "URL",
            description = "STUN/TURN URL handed to clients in welcome (repeatable, or comma-separated), e.g. stun:stun.example.org:3478.")
    List<String> iceServers = List.of();

    @Option(names = "--hello-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "A connection that sends no hello within this is closed.")
    Duration helloTimeout;

    @Option(names = "--max-messages-per-second", defaultValue = "" + SessionGuards.DEFAULT_MESSAGES_PER_SECOND,
            description = "Sustained messages per second one session may send; beyond, they are refused with rate-limited.")
    double maxMessagesPerSecond;

    @Option(names = "--message-burst", defaultValue = "" + SessionGuards.DEFAULT_MESSAGE_BURST,
            description = "Messages a session may send at once before the rate applies.")
    int messageBurst;

    @Option(names = "--heartbeat", defaultValue = "15s", converter = DurationConverter.class,
            description = "Ping a silent client after this; one silent for twice this is disconnected.")
    Duration heartbeat;

    @Option(names = "--max-sessions-per-ip", defaultValue = "" + ConnectionGuards.DEFAULT_MAX_SESSIONS_PER_ADDRESS,
            description = "WebSocket sessions one IP address may hold at once.")
    int maxSessionsPerIp;

    @Option(names = "--max-sessions", defaultValue = "" + ConnectionGuards.DEFAULT_MAX_SESSIONS,
            description = "WebSocket sessions the server holds at once, those waiting to be resumed included.")
    int maxSessions;

    @Option(names = "--allowed-origin", split = ",", paramLabel = "ORIGIN",
            description = "Another site whose pages may use this server's WebSocket (repeatable), e.g. https://app.example.org; * for any.")
    List<String> allowedOrigins = List.of();

    @Option(names = "--http-request-timeout", defaultValue = "10s", converter = DurationConverter.class,
            description = "An HTTP(S) connection must send a whole request (TLS handshake and headers included) within this of opening, or of starting its next request.")
    Duration httpRequestTimeout;

    @Option(names = "--http-idle-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "A keep-alive HTTP(S) connection that starts no new request within this is closed.")
    Duration httpIdleTimeout;

    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            description = "TCP connections one IP address may hold on the HTTP and HTTPS listeners together (WebSockets included); "
                    + "more are closed at once. Default: " + ListenerGuards.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS
                    + ", or --max-sessions-per-ip + " + ListenerGuards.HTTP_ROOM_PER_ADDRESS + " if that is more.")
    Integer maxConnectionsPerIp;

    @Option(names = "--max-connections", defaultValue = "0", paramLabel = "N",
            description = "TCP connections on the HTTP and HTTPS listeners in total; more are closed at once (counted in /metrics). "
                    + "Must be below the open-file limit (ulimit -n). 0: that limit less room for TURN relays and files.")
    int maxConnections;

    @Option(names = "--metrics-token", paramLabel = "TOKEN",
            description = "Bearer token (16+ characters) that opens /metrics on any listener. Without it, /metrics is served only over plain HTTP to this machine.")
    String metricsToken;

    @Option(names = "--resume-grace", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a session whose connection dropped keeps its rooms and calls for its client to resume it (0 to end it at once; at most 10m).")
    Duration resumeGrace;

    @Option(names = "--resume-backlog-budget", converter = ByteSizeConverter.class,
            description = "Bytes all sessions may keep together for resuming (e.g. 256M); each keeps at most --max-outbound-bytes. "
                    + "Default: a quarter of the heap, at most 256M.")
    Long resumeBacklogBudget;

    enum AuthMode { open, token }

    @Option(names = "--auth", defaultValue = "open",
            description = "Who may connect: open (anyone picks a name; for a LAN or a demo) or token (a JWT signed with --auth-secret, presented in hello).")
    AuthMode auth;

    @Option(names = "--auth-secret", scope = CommandLine.ScopeType.INHERIT,
            description = "HS256 secret (32+ bytes) that access tokens are signed with; needed by --auth token and by parley token.")
    String authSecret;

    @Mixin
    TurnMixin turn = new TurnMixin();

    /** The data-directory file with the key that signs resume tokens. */
    public static final String RESUME_SECRET_FILE = "resume-secret";

    private Map<String, String> env = Map.of();

    /** Parses arguments with the given environment; the returned command line runs {@link #call()}. */
    public static CommandLine commandLine(ParleyCommand command, Map<String, String> env) {
        command.env = env;
        // "--auth token" names a mode, though "token" is also a subcommand.
        return new CommandLine(command).setDefaultValueProvider(new EnvironmentDefaults(env)).setAllowSubcommandsAsOptionParameters(true);
    }

    /** The configuration these options describe (with a throwaway TURN secret unless one is given). */
    public ServerConfig config() {
        String turnSecret = turn.explicitSecret() ? turn.secret : TurnSecret.random();
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
        }
        try {
            var signaling = new SignalingConfig(roomCapacity, maxRoomsPerSession, callTimeout, maxFrameBytes,
                    IceServerSource.fixed(iceServers.stream().map(IceServer::of).toList()),
                    new SessionGuards(helloTimeout, maxMessagesPerSecond, messageBurst, SessionGuards.DEFAULT_OVERRUN_LIMIT),
                    resumePolicy());
            var config = new ServerConfig(new Endpoint(httpHost, httpPort), null, null, signaling, maxOutboundBytes,
                    turn.options(turnSecret, https && tlsCert != null),
                    new ConnectionGuards(heartbeat, maxSessionsPerIp, allowedOrigins, maxSessions), access(), listenerGuards());
            if (!https) return config;
            var tls = tlsCert != null ? new ServerConfig.Tls(tlsCert, tlsKey, true) : LocalCertificate.pathsIn(certificateDir());
            return config.withHttps(new Endpoint(httpsHost, httpsPort), tls);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private ListenerGuards listenerGuards() {
        int perIp = maxConnectionsPerIp != null ? maxConnectionsPerIp
                : Math.max(ListenerGuards.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, maxSessionsPerIp + ListenerGuards.HTTP_ROOM_PER_ADDRESS);
        if (maxConnectionsPerIp != null && maxConnectionsPerIp < maxSessionsPerIp) {
            throw new IllegalArgumentException("--max-connections-per-ip (" + maxConnectionsPerIp
                    + ") must be at least --max-sessions-per-ip (" + maxSessionsPerIp + "), with room for page loads");
        }
        try {
            return new ListenerGuards(httpRequestTimeout, httpIdleTimeout, perIp, maxConnections, metricsToken);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m.startsWith("the request timeout")) m = "--http-request-timeout" + m.substring("the request timeout".length());
            else if (m.startsWith("the idle timeout")) m = "--http-idle-timeout" + m.substring("the idle timeout".length());
            else if (m.startsWith("connections per address")) m = "--max-connections-per-ip" + m.substring("connections per address".length());
            else if (m.startsWith("the connection limit")) m = "--max-connections" + m.substring("the connection limit".length());
            else if (m.startsWith("the metrics token")) m = "--metrics-token" + m.substring("the metrics token".length());
            throw new IllegalArgumentException(m, e);
        }
    }

    /** A session keeps for resuming at most what a slow live connection may have waiting: the outbound limit. */
    private ResumePolicy resumePolicy() {
        var d = ResumePolicy.defaults();
        long budget = resumeBacklogBudget != null ? resumeBacklogBudget : Math.max(ResumePolicy.defaultBudget(), maxOutboundBytes);
        return new ResumePolicy(resumeGrace, d.backlogFrames(), maxOutboundBytes, budget, d.key());
    }

    private Access access() {
        if (auth == AuthMode.open) return Access.OPEN;
        if (authSecret == null || authSecret.isBlank()) throw new IllegalArgumentException("--auth token needs --auth-secret");
        return new TokenAccess(authSecret, java.time.Clock.systemUTC());
    }

    /** Where the generated certificate lives. */
    Path certificateDir() {
        if (dataDir != null) return dataDir;
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("parley");
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config(); // every option checked before anything is written to the data directory
        if (!turn.explicitSecret()) config = config.withTurn(config.turn().withSecret(TurnSecret.loadOrCreate(certificateDir())));
        // Persisted so that after a restart clients take back their session ids, and calls keep their peers.
        byte[] resumeKey = SecretFiles.loadOrCreate(certificateDir(), RESUME_SECRET_FILE).getBytes(StandardCharsets.UTF_8);
        config = config.withSignaling(config.signaling().withResume(config.signaling().resume().withKey(resumeKey)));
        List<InetAddress> addresses = LocalAddresses.all();
        if (config.https() != null && tlsCert == null) {
            LocalCertificate.ensure(certificateDir(), LocalCertificate.hostsFor(LocalAddresses.hostName(), addresses));
        }
        var stopped = new CountDownLatch(1);
        try (ParleyServer server = ParleyServer.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "parley-shutdown"));
            Urls.print(spec.commandLine().getOut(), config, server, LocalAddresses.lan(addresses), tlsCert == null);
            stopped.await();
        }
        return 0;
    }

}
