package dev.parley.server.cli;

import dev.parley.protocol.IceServer;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.ServerConfig.Endpoint;
import dev.parley.server.auth.TokenAccess;
import dev.parley.core.Access;
import dev.parley.core.IceServerSource;
import dev.parley.core.SessionGuards;
import dev.parley.core.SignalingConfig;
import dev.parley.server.net.ConnectionGuards;
import dev.parley.server.turn.IceUrls;
import dev.parley.server.turn.TurnOptions;
import dev.parley.server.net.ListenerGuards;
import dev.parley.server.turn.TurnSecret;
import dev.parley.server.SecretFiles;
import dev.parley.core.ResumePolicy;
import java.nio.charset.StandardCharsets;
import dev.parley.server.tls.LocalAddresses;
import dev.parley.server.tls.LocalCertificate;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code parley}: runs the server. Every option can also be set as a {@code PARLEY_*} environment variable. */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        showDefaultValues = true,
        subcommands = {TurnCommand.class, TokenCommand.class, EchoCommand.class, DoctorCommand.class},
        description = "Self-hosted peer-to-peer audio/video calling: signaling server with built-in STUN/TURN.",
        footer = "%nEvery option can also be set in the environment (--room-capacity as PARLEY_ROOM_CAPACITY) or in a config file "
                + "(room-capacity = 4 in parley.toml; see --config). A flag wins over the environment, which wins over the file.")
public final class ParleyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "IP address for plain HTTP and ws://.")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "8080", description = "Port for plain HTTP and ws:// (0: any free port).")
    int httpPort;

    @Option(names = "--https", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve HTTPS and wss:// (phones need it for the camera). --no-https turns it off.")
    boolean https;

    @Option(names = "--https-host", defaultValue = "0.0.0.0", description = "IP address for HTTPS and wss:// (0.0.0.0: every interface).")
    String httpsHost;

    @Option(names = "--https-port", defaultValue = "8443", description = "Port for HTTPS and wss://.")
    int httpsPort;

    @Option(names = "--tls-cert", description = "PEM certificate chain to use instead of the generated self-signed one (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", description = "PEM private key (PKCS#8) for --tls-cert.")
    Path tlsKey;

    @Option(names = OptionDefaults.CONFIG, scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE",
            description = "A config file (.toml, or .yaml/.yml) setting options by their long names without the dashes, e.g. http-port = 8080; "
                    + "flags and PARLEY_* variables override it, and an unknown key is refused with its line. Annotated example: docs/parley.example.toml.")
    Path config;

    @Option(names = "--data-dir", scope = CommandLine.ScopeType.INHERIT, description = "Where Parley keeps its generated certificate and TURN secret. Default: $XDG_DATA_HOME/parley or ~/.local/share/parley.")
    Path dataDir;

    @Option(names = "--room-capacity", defaultValue = "" + SignalingConfig.DEFAULT_ROOM_CAPACITY,
            description = "Seats per room (2 to " + SignalingConfig.MAX_ROOM_CAPACITY + ").")
    int roomCapacity;

    @Option(names = "--max-rooms-per-session", defaultValue = "" + SignalingConfig.DEFAULT_MAX_ROOMS_PER_SESSION,
            description = "Rooms one connection may be in at once.")
    int maxRoomsPerSession;

    @Option(names = "--call-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a direct call rings before it times out (e.g. 30s, 2m; 1s to 1h).")
    Duration callTimeout;

    @Option(names = "--max-frame-bytes", defaultValue = "" + SignalingConfig.DEFAULT_MAX_FRAME_BYTES,
            description = "Largest WebSocket message accepted; larger ones close the connection with 1009.")
    int maxFrameBytes;

    @Option(names = "--max-outbound-bytes", defaultValue = "" + ServerConfig.DEFAULT_MAX_OUTBOUND_BYTES,
            description = "Bytes that may wait for one slow client before it is disconnected.")
    int maxOutboundBytes;

    @Option(names = "--ice-server", split = ",", paramLabel = "URL",
            description = "STUN/TURN URL handed to clients in welcome (repeatable, or comma-separated): stun:, stuns:, turn: or turns:host[:port], e.g. stun:stun.example.org:3478.")
    List<String> iceServers = List.of();

    @Option(names = "--hello-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "A connection that sends no hello within this is closed (1s to 1m).")
    Duration helloTimeout;

    @Option(names = "--max-messages-per-second", defaultValue = "" + SessionGuards.DEFAULT_MESSAGES_PER_SECOND,
            description = "Sustained messages per second one session may send (a positive number); beyond, they are refused with rate-limited.")
    double maxMessagesPerSecond;

    @Option(names = "--message-burst", defaultValue = "" + SessionGuards.DEFAULT_MESSAGE_BURST,
            description = "Messages a session may send at once before the rate applies.")
    int messageBurst;

    @Option(names = "--heartbeat", defaultValue = "15s", converter = DurationConverter.class,
            description = "Ping a silent client after this; one silent for twice this is disconnected (1s to 10m).")
    Duration heartbeat;

    @Option(names = "--max-sessions-per-ip", defaultValue = "" + ConnectionGuards.DEFAULT_MAX_SESSIONS_PER_ADDRESS,
            description = "WebSocket sessions one IP address (IPv6: one /64) may hold at once.")
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
            description = "TCP connections one IP address (IPv6: one /64) may hold on the HTTP and HTTPS listeners together (WebSockets included); "
                    + "more are closed at once. Default: " + ListenerGuards.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS
                    + ", or --max-sessions-per-ip + " + ListenerGuards.HTTP_ROOM_PER_ADDRESS + " if that is more.")
    Integer maxConnectionsPerIp;

    @Option(names = "--max-connections", defaultValue = "0", paramLabel = "N",
            description = "TCP connections on the HTTP and HTTPS listeners in total; more are closed at once (counted in /metrics). "
                    + "Must be below the open-file limit (ulimit -n). 0: that limit less what the built-in TURN server may hold "
                    + "(relay sockets and --turn-max-connections) and 1024 for files; at least a quarter of it.")
    int maxConnections;

    @Option(names = "--metrics-token", showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "TOKEN",
            description = "Bearer token (16+ characters) that opens /metrics on any listener. Without it, /metrics is served only over plain HTTP "
                    + "to this machine: behind a reverse proxy on this machine, set one.")
    String metricsToken;

    @Option(names = "--resume-grace", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a session whose connection dropped keeps its rooms and calls for its client to resume it (0 to end it at once; at most 10m).")
    Duration resumeGrace;

    @Option(names = "--resume-backlog-budget", converter = ByteSizeConverter.class,
            description = "Bytes all sessions may keep together for resuming (e.g. 256M); each keeps at most --max-outbound-bytes. "
                    + "Default: a quarter of the heap, at most 256M.")
    Long resumeBacklogBudget;

    @Option(names = "--resume-backlog-per-ip", converter = ByteSizeConverter.class,
            description = "Bytes the sessions of one address (an IPv6 /64) may keep together for resuming, out of --resume-backlog-budget "
                    + "(e.g. 32M). Default: an eighth of the budget, at least --max-outbound-bytes.")
    Long resumeBacklogPerIp;

    @Option(names = "--redis", showDefaultValue = CommandLine.Help.Visibility.NEVER, paramLabel = "URI",
            description = "Join the cluster of every node given this Redis (redis://host:port, rediss:// for TLS): clients may land on "
                    + "any node and see one set of rooms, names and calls. Without it: one node, everything in memory.")
    String redis;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's id in the cluster (letters, digits, '.', '_', '-'; unique among the nodes). Default: a random one.")
    String nodeId;

    @Option(names = "--web-root", paramLabel = "DIR",
            description = "A directory of your own pages to serve beside Parley's app (e.g. a page written for a socket.io or seed 003 server), "
                    + "on the same origin as /socket.io/ and /webrtc/. Its files win over the app's files of the same name; / serves its index.html.")
    Path webRoot;

    enum AuthMode { open, token }

    @Option(names = "--auth", defaultValue = "open",
            description = "Who may connect: open (anyone picks a name; for a LAN or a demo) or token (a JWT signed with --auth-secret, presented in hello).")
    AuthMode auth;

    @Option(names = "--auth-secret", showDefaultValue = CommandLine.Help.Visibility.NEVER, scope = CommandLine.ScopeType.INHERIT,
            description = "HS256 secret (32+ bytes) that access tokens are signed with; needed by --auth token and by parley token.")
    String authSecret;

    @Option(names = "--log-format", scope = CommandLine.ScopeType.INHERIT, defaultValue = "text", paramLabel = "text|json",
            description = "text: a line per event (default); json: one JSON object per line (timestamp, level, threadName, loggerName, formattedMessage, throwable), for log collectors.")
    LogFormat logFormat = LogFormat.text;

    @Mixin
    TurnMixin turn = new TurnMixin();

    /** The data-directory file with the key that signs resume tokens. */
    public static final String RESUME_SECRET_FILE = "resume-secret";

    private Map<String, String> env = Map.of();

    /** Parses arguments with the given environment; the returned command line runs {@link #call()}. */
    public static CommandLine commandLine(ParleyCommand command, Map<String, String> env) {
        command.env = env;
        // "--auth token" names a mode, though "token" is also a subcommand.
        var strategy = new CommandLine.RunLast();
        return new ConfiguredCommandLine(command, env).setAllowSubcommandsAsOptionParameters(true)
                .setParameterExceptionHandler(Failures::usage).setExecutionExceptionHandler(Failures::execution)
                .setExecutionStrategy(parsed -> { // before any command logs, whichever runs
                    command.logFormat.apply();
                    return strategy.execute(parsed);
                });
    }

    /** The configuration these options describe (with a throwaway TURN secret unless one is given); a usage error names every problem. */
    public ServerConfig config() {
        var problems = new Problems();
        ServerConfig config = config(problems);
        problems.throwIfAny(spec.commandLine());
        return config;
    }

    /** The configuration, or null with what is wrong added to {@code problems}. Looks at nothing outside the options. */
    private ServerConfig config(Problems problems) {
        String turnSecret = turn.explicitSecret() ? turn.secret : TurnSecret.random();
        problems.require((tlsCert == null) == (tlsKey == null), "--tls-cert and --tls-key go together");
        String http = problems.attempt(() -> Hosts.listen("--http-host", httpHost));
        problems.port("--http-port", httpPort, false);
        String httpsBind = problems.attempt(() -> Hosts.listen("--https-host", httpsHost));
        problems.port("--https-port", httpsPort, false);
        problems.require(roomCapacity >= 2 && roomCapacity <= SignalingConfig.MAX_ROOM_CAPACITY,
                "--room-capacity must be 2 to " + SignalingConfig.MAX_ROOM_CAPACITY + ", not " + roomCapacity);
        problems.atLeast("--max-rooms-per-session", maxRoomsPerSession, 1);
        problems.atLeast("--max-frame-bytes", maxFrameBytes, 1024);
        problems.duration("--call-timeout", callTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        problems.duration("--hello-timeout", helloTimeout, Duration.ofSeconds(1), Duration.ofMinutes(1));
        problems.duration("--heartbeat", heartbeat, Duration.ofSeconds(1), Duration.ofMinutes(10));
        problems.require(Double.isFinite(maxMessagesPerSecond) && maxMessagesPerSecond > 0,
                "--max-messages-per-second must be a positive number, not " + maxMessagesPerSecond);
        List<IceServer> ice = iceServers.stream().map(u -> problems.attempt("--ice-server", () -> IceServer.of(IceUrls.check(u, false)))).toList();
        TurnOptions turnOptions = turn.options(problems, turnSecret, https && tlsCert != null);
        problems.require(webRoot == null || java.nio.file.Files.isDirectory(webRoot), "--web-root " + webRoot + " is not a directory");
        if (problems.count() > 0) return null;
        // The config records' own rules.
        Access access = problems.attempt(this::access);
        SessionGuards sessionGuards = problems.attempt(() -> new SessionGuards(helloTimeout, maxMessagesPerSecond, messageBurst,
                SessionGuards.DEFAULT_OVERRUN_LIMIT));
        ResumePolicy resume = problems.attempt(this::resumePolicy);
        ConnectionGuards guards = problems.attempt(() -> new ConnectionGuards(heartbeat, maxSessionsPerIp, allowedOrigins, maxSessions));
        ListenerGuards listeners = listenerGuards(problems);
        if (problems.count() > 0) return null;
        SignalingConfig signaling = problems.attempt(() -> new SignalingConfig(roomCapacity, maxRoomsPerSession, callTimeout,
                maxFrameBytes, IceServerSource.fixed(ice), sessionGuards, resume));
        if (signaling == null) return null;
        ServerConfig.Cluster cluster = cluster(problems);
        if (problems.count() > 0) return null;
        return problems.attempt(() -> {
            var config = new ServerConfig(new Endpoint(http, httpPort), null, null, signaling, maxOutboundBytes, turnOptions, guards, access,
                    listeners, cluster, webRoot);
            if (!https) return config;
            var tls = tlsCert != null ? new ServerConfig.Tls(tlsCert, tlsKey, true) : LocalCertificate.pathsIn(certificateDir());
            return config.withHttps(new Endpoint(httpsBind, httpsPort), tls);
        });
    }

    private ServerConfig.Cluster cluster(Problems problems) {
        problems.require(redis != null || nodeId == null, "--node-id names a node of a cluster: give --redis too");
        if (redis == null) return null;
        problems.require(java.util.stream.Stream.of("redis://", "rediss://", "redis-socket://", "redis-sentinel://", "rediss-sentinel://")
                        .anyMatch(redis::startsWith),
                "--redis must be a Redis URI (redis://host:port, rediss://host:port, redis-sentinel://host:26379/0#primary "
                        + "or redis-socket:///path), not '" + redis.replaceAll("//[^@/]*@", "//***@") + "'");
        String node = nodeId != null ? nodeId : "node-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        return problems.count() > 0 ? null : problems.attempt(() -> new ServerConfig.Cluster(redis, node, turn.explicitSecret()));
    }

    private ListenerGuards listenerGuards(Problems problems) {
        problems.duration("--http-request-timeout", httpRequestTimeout, Duration.ofSeconds(1), Duration.ofMinutes(10));
        problems.duration("--http-idle-timeout", httpIdleTimeout, Duration.ofSeconds(1), Duration.ofHours(1));
        int perIp = maxConnectionsPerIp != null ? maxConnectionsPerIp
                : Math.max(ListenerGuards.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, maxSessionsPerIp + ListenerGuards.HTTP_ROOM_PER_ADDRESS);
        problems.require(perIp >= maxSessionsPerIp, "--max-connections-per-ip (" + perIp
                + ") must be at least --max-sessions-per-ip (" + maxSessionsPerIp + "), with room for page loads");
        long files = ListenerGuards.fileLimit();
        problems.require(maxConnections >= 0 && maxConnections < files, "--max-connections must be below the open-file limit ("
                + files + "; 0 derives it from that limit), not " + maxConnections + ": lower it or raise ulimit -n");
        problems.require(metricsToken == null || ListenerGuards.validToken(metricsToken),
                "--metrics-token must be at least 16 printable ASCII characters, no spaces");
        if (problems.count() > 0) return null;
        return problems.attempt(() -> new ListenerGuards(httpRequestTimeout, httpIdleTimeout, perIp, maxConnections, metricsToken));
    }

    /** A session keeps for resuming at most what a slow live connection may have waiting: the outbound limit. */
    private ResumePolicy resumePolicy() {
        var d = ResumePolicy.defaults();
        long budget = resumeBacklogBudget != null ? resumeBacklogBudget : Math.max(ResumePolicy.defaultBudget(), maxOutboundBytes);
        long perIp = resumeBacklogPerIp != null ? resumeBacklogPerIp : ResumePolicy.defaultPerSource(maxOutboundBytes, budget);
        return new ResumePolicy(resumeGrace, d.backlogFrames(), maxOutboundBytes, budget, perIp, d.key());
    }

    private Access access() {
        if (auth == AuthMode.open) return Access.OPEN;
        if (authSecret == null || authSecret.isBlank()) throw new IllegalArgumentException("--auth token needs --auth-secret");
        return new TokenAccess(authSecret, java.time.Clock.systemUTC());
    }

    private List<Preflight.Listener> listeners(ServerConfig config) {
        List<Preflight.Listener> listeners = new ArrayList<>();
        listeners.add(new Preflight.Listener("tcp", config.http().host(), config.http().port(), "--http-host", "--http-port"));
        if (config.https() != null) {
            listeners.add(new Preflight.Listener("tcp", config.https().host(), config.https().port(), "--https-host", "--https-port"));
        }
        listeners.addAll(turn.listeners(config.turn(), config.https() != null));
        return listeners;
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
        ServerConfig config = config();
        // Then what this machine must offer, still before anything is written to the data directory.
        Path dir = certificateDir();
        var problems = new Problems();
        Preflight.dataDirectory(problems, dir, turn.explicitSecret() ? List.of(RESUME_SECRET_FILE) : List.of(TurnSecret.FILE, RESUME_SECRET_FILE));
        if (tlsCert != null) Preflight.certificate(problems, tlsCert, tlsKey);
        if (config.turn().builtIn()) turn.checkRelayIsLocal(problems, config.turn());
        List<Preflight.Listener> listeners = listeners(config);
        Preflight.addresses(problems, listeners);
        problems.throwIfAny(spec.commandLine());
        Preflight.ports(listeners);

        if (!turn.explicitSecret()) config = config.withTurn(config.turn().withSecret(TurnSecret.loadOrCreate(dir)));
        // Persisted so that after a restart clients take back their session ids, and calls keep their peers.
        byte[] resumeKey = SecretFiles.loadOrCreate(dir, RESUME_SECRET_FILE).getBytes(StandardCharsets.UTF_8);
        config = config.withSignaling(config.signaling().withResume(config.signaling().resume().withKey(resumeKey)));
        List<InetAddress> addresses = LocalAddresses.all();
        if (config.https() != null && tlsCert == null) {
            LocalCertificate.ensure(dir, LocalCertificate.hostsFor(LocalAddresses.hostName(), addresses));
        }
        var stopped = new CountDownLatch(1);
        try (ParleyServer server = ParleyServer.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "parley-shutdown"));
            StartupHeap.settle();
            Urls.print(spec.commandLine().getOut(), config, server, LocalAddresses.lan(addresses), tlsCert == null);
            stopped.await();
        }
        return 0;
    }

}
