package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IceServer;
import dev.parley.server.ServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParleyCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private ServerConfig parse(Map<String, String> env, String... args) {
        var command = new ParleyCommand();
        ParleyCommand.commandLine(command, env).parseArgs(args);
        return command.config();
    }

    private int run(Map<String, String> env, String... args) {
        return ParleyCommand.commandLine(new ParleyCommand(), env)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void aClusterNodeIsNamedAndItsRedisGiven() {
        assertThat(parse(Map.of()).cluster()).as("one node in memory by default").isNull();
        assertThat(parse(Map.of("PARLEY_REDIS", "redis://10.0.0.5:6379"), "--node-id", "a").cluster())
                .isEqualTo(new ServerConfig.Cluster("redis://10.0.0.5:6379", "a", false));
        var random = parse(Map.of(), "--redis", "redis://10.0.0.5:6379", "--turn-secret", "0123456789abcdef0123").cluster();
        assertThat(random.node()).matches("node-[0-9a-f]{8}");
        assertThat(random.turnSecretGiven()).as("a TURN secret given must be the cluster's").isTrue();
    }

    @Test
    void embeddedDefaults() {
        ServerConfig c = parse(Map.of("XDG_DATA_HOME", "/srv/data"));
        assertThat(c.http()).isEqualTo(new ServerConfig.Endpoint("127.0.0.1", 8080));
        // HTTPS on every interface with a certificate generated in the data directory.
        assertThat(c.https()).isEqualTo(new ServerConfig.Endpoint("0.0.0.0", 8443));
        assertThat(c.tls().certificate()).isEqualTo(Path.of("/srv/data/parley/parley-cert.pem"));
        assertThat(c.signaling().roomCapacity()).isEqualTo(2);
        assertThat(c.signaling().callTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.signaling().maxFrameBytes()).isEqualTo(65536);
        assertThat(c.signaling().iceServers().forSession("s1", null)).isEmpty();
        // The built-in STUN/TURN server on 3478 (TLS 5349), deny-by-default peers, minted credentials.
        assertThat(c.turn().port()).isEqualTo(3478);
        assertThat(c.turn().tlsPort()).isEqualTo(5349);
        assertThat(c.turn().allowPeers()).isEmpty();
        assertThat(c.turn().advertiseTls()).as("self-signed: no turns: URLs").isFalse();
        assertThat(c.turn().minPort()).isEqualTo(49152);
        assertThat(c.turn().maxPort()).isEqualTo(65535);
        assertThat(c.signaling().resume().grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.signaling().resume().backlogFrames()).isEqualTo(512);
    }

    /** Issue 12, findings 1 and 13: the listeners' clocks and limits, and the metrics token, with their defaults and checks. */
    @Test
    void listenerLimitsAndTheMetricsTokenAreOptions() {
        var d = parse(Map.of()).listeners();
        assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxConnectionsPerAddress()).isEqualTo(300);
        assertThat(d.effectiveMaxConnections(8192, 4096)).isLessThan((int) dev.parley.server.net.ListenerGuards.fileLimit());
        assertThat(d.metricsToken()).isNull();
        var c = parse(Map.of("PARLEY_METRICS_TOKEN", "0123456789abcdef-token"), "--http-request-timeout", "5s", "--http-idle-timeout", "1m",
                "--max-connections-per-ip", "500", "--max-connections", "1000").listeners();
        assertThat(c).isEqualTo(new dev.parley.server.net.ListenerGuards(Duration.ofSeconds(5), Duration.ofMinutes(1), 500, 1000,
                "0123456789abcdef-token"));
        assertThat(parse(Map.of(), "--max-sessions-per-ip", "1000").listeners().maxConnectionsPerAddress())
                .as("room for the sessions and some page loads").isEqualTo(1044);
        assertThat(parse(Map.of(), "--tls-cert", "c.pem", "--tls-key", "k.pem").tls().trusted()).as("a given certificate: HSTS").isTrue();
        assertThat(parse(Map.of()).tls().trusted()).as("the generated one: no HSTS").isFalse();

        assertThat(run(Map.of(), "--max-connections-per-ip", "100")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-connections-per-ip (100) must be at least --max-sessions-per-ip (256)");
        assertThat(run(Map.of(), "--max-connections", "" + dev.parley.server.net.ListenerGuards.fileLimit())).isEqualTo(2);
        assertThat(err.toString()).contains("--max-connections", "must be below the open-file limit");
        assertThat(run(Map.of(), "--http-request-timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-request-timeout must be 1s to 10m");
        assertThat(run(Map.of(), "--metrics-token", "short")).isEqualTo(2);
        assertThat(err.toString()).contains("--metrics-token must be at least 16");
    }

    @Test
    void theResumeGraceIsAnOption() {
        assertThat(parse(Map.of(), "--resume-grace", "2m").signaling().resume().grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse(Map.of("PARLEY_RESUME_GRACE", "0s")).signaling().resume().grace()).isZero();
        assertThat(run(Map.of(), "--resume-grace", "11m")).isEqualTo(2);
        assertThat(err.toString()).contains("resume grace must be 0..600 s");
    }

    @Test
    void theResumeBacklogIsBoundedByTheOutboundLimitAndABudgetAndSessionsInAll() {
        ServerConfig d = parse(Map.of());
        assertThat(d.signaling().resume().backlogBytes()).isEqualTo(1024 * 1024);
        assertThat(d.signaling().resume().backlogBudget()).isBetween(1024L * 1024, 256L * 1024 * 1024);
        assertThat(d.guards().maxSessions()).isEqualTo(20_000);
        ServerConfig c = parse(Map.of("PARLEY_RESUME_BACKLOG_BUDGET", "64M"), "--max-outbound-bytes", "524288", "--max-sessions", "500");
        assertThat(c.signaling().resume().backlogBytes()).isEqualTo(512 * 1024);
        assertThat(c.signaling().resume().backlogBudget()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.guards().maxSessions()).isEqualTo(500);
        assertThat(d.signaling().resume().backlogPerSource()).as("an eighth of the budget, at least one session's")
                .isEqualTo(Math.max(1024 * 1024, d.signaling().resume().backlogBudget() / 8));
        assertThat(c.signaling().resume().backlogPerSource()).isEqualTo(8L * 1024 * 1024);
        assertThat(parse(Map.of(), "--resume-backlog-per-ip", "4M").signaling().resume().backlogPerSource()).isEqualTo(4L * 1024 * 1024);
        assertThat(run(Map.of(), "--resume-backlog-per-ip", "512K")).isEqualTo(2);
        assertThat(err.toString()).contains("resume backlog per address");
        assertThat(run(Map.of(), "--resume-backlog-budget", "512K")).isEqualTo(2);
        assertThat(err.toString()).contains("resume backlog budget");
        assertThat(run(Map.of(), "--resume-backlog-budget", "lots")).isEqualTo(2);
        assertThat(run(Map.of(), "--max-sessions", "0")).isEqualTo(2);
    }

    @Test
    void everyOptionCanComeFromTheEnvironment() {
        ServerConfig c = parse(Map.of(
                "PARLEY_HTTP_PORT", "9090",
                "PARLEY_ROOM_CAPACITY", "4",
                "PARLEY_CALL_TIMEOUT", "45s",
                "PARLEY_MAX_FRAME_BYTES", "32768",
                "PARLEY_ICE_SERVER", "stun:127.0.0.1:3478,stun:[::1]:3478",
                "PARLEY_TLS_CERT", "/etc/parley/cert.pem",
                "PARLEY_TLS_KEY", "/etc/parley/key.pem"));
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.signaling().roomCapacity()).isEqualTo(4);
        assertThat(c.signaling().callTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.signaling().maxFrameBytes()).isEqualTo(32768);
        assertThat(c.signaling().iceServers().forSession("s1", null))
                .containsExactly(IceServer.of("stun:127.0.0.1:3478"), IceServer.of("stun:[::1]:3478"));
        assertThat(c.https()).isEqualTo(new ServerConfig.Endpoint("0.0.0.0", 8443));
        assertThat(c.tls().certificate()).isEqualTo(Path.of("/etc/parley/cert.pem"));
    }

    @Test
    void localhostIsTheOneNameAListenAddressMayBe() {
        assertThat(parse(Map.of(), "--http-host", "localhost").http().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void httpsCanBeTurnedOffAndTheDataDirectoryMoved() {
        assertThat(parse(Map.of(), "--no-https").https()).isNull();
        assertThat(parse(Map.of("PARLEY_HTTPS", "false")).https()).isNull();
        assertThat(parse(Map.of(), "--data-dir", "/var/lib/parley").tls().privateKey())
                .isEqualTo(Path.of("/var/lib/parley/parley-key.pem"));
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        assertThat(parse(Map.of("PARLEY_ROOM_CAPACITY", "4"), "--room-capacity", "3").signaling().roomCapacity()).isEqualTo(3);
    }

    @Test
    void durationsReadTheWayPeopleWriteThem() {
        var d = new DurationConverter();
        assertThat(d.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(d.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(d.convert("PT20S")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badValuesAreUsageErrorsThatSayWhatIsWrong() {
        assertThat(run(Map.of(), "--room-capacity", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("--room-capacity must be 2 to 64, not 1");
        assertThat(run(Map.of(), "--call-timeout", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
        assertThat(run(Map.of(), "--tls-cert", "cert.pem")).isEqualTo(2);
        assertThat(err.toString()).contains("--tls-cert and --tls-key go together");
        assertThat(run(Map.of("PARLEY_HTTP_PORT", "70000"))).isEqualTo(2);
        assertThat(err.toString()).contains("--http-port (from PARLEY_HTTP_PORT) must be a port, 1-65535, or 0 for any free port, not 70000");
    }

    @Test
    void helpListsTheOptionsAndTheEnvironmentRule() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out.toString()).contains("--room-capacity", "--call-timeout", "PARLEY_ROOM_CAPACITY");
    }

    /** Run from classes (the OCI image, a test), the version comes from the build's version.properties, not the jar's manifest. */
    @Test
    void theVersionIsTheBuildsEvenFromClasses() {
        assertThat(Version.class.getPackage().getImplementationVersion()).as("running from classes here").isNull();
        assertThat(Version.current()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out.toString().strip()).isEqualTo("parley " + Version.current());
    }

    @Test
    void environmentVariableNamesFollowTheLongOptionNames() {
        var spec = ParleyCommand.commandLine(new ParleyCommand(), Map.of()).getCommandSpec();
        List<String> names = spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp())
                .map(OptionDefaults::variableFor).toList();
        assertThat(names).contains("PARLEY_HTTP_HOST", "PARLEY_MAX_ROOMS_PER_SESSION", "PARLEY_MAX_OUTBOUND_BYTES", "PARLEY_ICE_SERVER");
    }

    @Test
    void turnOptionsFromFlagsAndEnvironment() {
        ServerConfig c = parse(Map.of("PARLEY_TURN_ALLOW_PEER", "192.168.1.0/24,10.1.0.0/16", "PARLEY_TURN_SECRET", "0123456789abcdef-secret"),
                "--turn-port", "3479", "--turn-relay-ip", "10.0.0.5", "--turn-external-ip", "203.0.113.7",
                "--turn-relay-ports", "50000-50999", "--turn-user", "kiosk:pa:ss", "--turn-max-bps", "0",
                "--turn-external-url", "turn:turn.example.org:3478?transport=udp");
        var t = c.turn();
        assertThat(t.port()).isEqualTo(3479);
        assertThat(t.relayIp().getHostAddress()).isEqualTo("10.0.0.5");
        assertThat(t.externalIp().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(t.minPort()).isEqualTo(50000);
        assertThat(t.maxPort()).isEqualTo(50999);
        assertThat(t.allowPeers()).extracting(Object::toString).containsExactly("192.168.1.0/24", "10.1.0.0/16");
        assertThat(t.secret()).isEqualTo("0123456789abcdef-secret");
        assertThat(t.users()).containsExactly(Map.entry("kiosk", "pa:ss"));
        assertThat(t.bitsPerSecond()).isZero();
        assertThat(t.externalUrls()).containsExactly("turn:turn.example.org:3478?transport=udp");
    }

    /** Issue 16: an IPv4 and an IPv6 relay address, each with its public address, and the listeners then on both families. */
    @Test
    void turnRelaysOfBothFamilies() {
        var t = parse(Map.of("PARLEY_TURN_EXTERNAL_IP", "2001:db8:1::7,203.0.113.7"), "--turn-relay-ip", "2001:db8::5",
                "--turn-relay-ip", "10.0.0.5").turn();
        assertThat(t.relayIp().getHostAddress()).isEqualTo("10.0.0.5");
        assertThat(t.relayIpv6()).isEqualTo(io.netty.util.NetUtil.createInetAddressFromIpAddressString("2001:db8::5"));
        assertThat(t.externalIp().getHostAddress()).isEqualTo("203.0.113.7");
        assertThat(t.externalIpv6()).isEqualTo(io.netty.util.NetUtil.createInetAddressFromIpAddressString("2001:db8:1::7"));
        assertThat(t.listenHost()).as("IPv6 clients too").isEqualTo("::");
        assertThat(t.advertisedRelayIps()).extracting(java.net.InetAddress::getHostAddress).containsExactly("203.0.113.7", "2001:db8:1:0:0:0:0:7");

        var v6only = parse(Map.of(), "--turn-relay-ip", "[::1]").turn();
        assertThat(v6only.relayIp()).as("the given list is the whole list").isNull();
        assertThat(v6only.relayIps()).containsExactly(io.netty.util.NetUtil.createInetAddressFromIpAddressString("::1"));
        assertThat(v6only.listenHost()).isEqualTo("::");
        assertThat(parse(Map.of(), "--turn-relay-ip", "::1", "--turn-listen-host", "127.0.0.1").turn().listenHost()).isEqualTo("127.0.0.1");

        var defaults = parse(Map.of()).turn();
        assertThat(defaults.relayIp()).as("the first LAN IPv4 address, else loopback").isNotNull();
        assertThat(defaults.listenHost()).isEqualTo(defaults.relayIpv6() == null ? "0.0.0.0" : "::");
        assertThat(defaults.defaultFamily()).isEqualTo(dev.parley.turn.server.TurnConfig.DefaultFamily.CLIENT);
        assertThat(parse(Map.of(), "--turn-default-relay-family", "ipv4").turn().defaultFamily())
                .isEqualTo(dev.parley.turn.server.TurnConfig.DefaultFamily.IPV4);
    }

    /** Issue 16: the budget of answers to unauthenticated requests per client address. */
    @Test
    void theUnauthenticatedRateIsAnOption() {
        var defaults = parse(Map.of()).turn();
        assertThat(defaults.unauthenticatedRate()).isEqualTo(1000);
        assertThat(defaults.unauthenticatedBurst()).isEqualTo(10_000);
        var t = parse(Map.of("PARLEY_TURN_UNAUTHENTICATED_BURST", "500"), "--turn-unauthenticated-rate", "50").turn();
        assertThat(t.unauthenticatedRate()).isEqualTo(50);
        assertThat(t.unauthenticatedBurst()).isEqualTo(500);
    }

    /** Issue 16: relay threads, one per core unless given. */
    @Test
    void relayThreadsAreAnOption() {
        assertThat(parse(Map.of()).turn().threads())
                .isEqualTo(Math.min(256, Runtime.getRuntime().availableProcessors()))
                .isEqualTo(dev.parley.server.turn.TurnOptions.DEFAULT_THREADS);
        assertThat(parse(Map.of(), "--turn-threads", "3").turn().threads()).isEqualTo(3);
        assertThat(parse(Map.of("PARLEY_TURN_THREADS", "2")).turn().threads()).isEqualTo(2);
    }

    /** Issue 12, findings 3 and 5: what one address may hold of the TURN server. */
    @Test
    void turnPerAddressLimitsAreOptions(@org.junit.jupiter.api.io.TempDir Path data) {
        var defaults = parse(Map.of()).turn();
        assertThat(defaults.maxAllocationsPerAddress()).isEqualTo(128);
        assertThat(defaults.maxConnectionsPerAddress()).isEqualTo(128);
        assertThat(defaults.maxConnections()).isEqualTo(4096);
        assertThat(defaults.authTimeout()).isEqualTo(Duration.ofSeconds(10));
        var t = parse(Map.of("PARLEY_TURN_MAX_CONNECTIONS", "100"), "--turn-max-allocations-per-ip", "8",
                "--turn-max-connections-per-ip", "4", "--turn-auth-timeout", "5s").turn();
        assertThat(t.maxAllocationsPerAddress()).isEqualTo(8);
        assertThat(t.maxConnectionsPerAddress()).isEqualTo(4);
        assertThat(t.maxConnections()).isEqualTo(100);
        assertThat(t.authTimeout()).isEqualTo(Duration.ofSeconds(5));
        Map<String, String> env = Map.of("XDG_DATA_HOME", data.toString());
        assertThat(run(env, "--turn-max-allocations-per-ip", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--turn-max-allocations-per-ip must be at least 1");
        assertThat(run(env, "--turn-max-connections-per-ip", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--turn-max-connections-per-ip must be at least 1");
        assertThat(run(env, "--turn-auth-timeout", "0s")).isEqualTo(2);
        assertThat(err.toString()).contains("--turn-auth-timeout must be 1s to 1h");
        assertThat(data.resolve("parley")).doesNotExist();
    }

    @Test
    void noTurnTurnsTheBuiltInServerOff() {
        ServerConfig c = parse(Map.of(), "--no-turn", "--turn-external-url", "turn:turn.example.org:3478");
        assertThat(c.turn().builtIn()).isFalse();
        assertThat(c.turn().externalUrls()).containsExactly("turn:turn.example.org:3478");
    }

    @Test
    void badTurnOptionsAreRefusedWithTheReasonAndWriteNothing(@org.junit.jupiter.api.io.TempDir Path data) {
        assertThat(run(Map.of("XDG_DATA_HOME", data.toString()), "--turn-relay-ports", "60000")).isEqualTo(2);
        assertThat(data.resolve("parley")).as("no secret made for a command that does not start").doesNotExist();
        assertThat(err.toString()).contains("--turn-relay-ports is MIN-MAX");
        assertThat(run(Map.of("XDG_DATA_HOME", data.toString()), "--turn-allow-peer", "10.0.0.0/33")).isEqualTo(2);
        assertThat(run(Map.of("XDG_DATA_HOME", data.toString()), "turn", "--turn-relay-ip", "relay.example.org")).isEqualTo(2);
        assertThat(err.toString()).contains("--turn-relay-ip must be an IP address");
        assertThat(run(Map.of("XDG_DATA_HOME", data.toString()), "--turn-external-url", "http://example.org")).isEqualTo(2);
        assertThat(data.resolve("parley")).doesNotExist();
        assertThat(err.toString()).contains("not a TURN URL");
    }

    @Test
    void parleyTokenMintsWhatTokenModeAccepts() {
        String secret = "cli-token-secret-0123456789abcdef";
        assertThat(run(Map.of("PARLEY_AUTH_SECRET", secret), "token", "--user", "alice", "--room", "standup,team-*", "--call")).isZero();
        String token = out.toString().trim();
        var grant = new dev.parley.server.auth.TokenAccess(secret, java.time.Clock.systemUTC()).admit(null, token);
        assertThat(grant.name()).isEqualTo("alice");
        assertThat(grant.rooms().test("team-x")).isTrue();
        assertThat(grant.mayCall()).isTrue();
        ServerConfig c = parse(Map.of("PARLEY_AUTH_SECRET", secret), "--auth", "token");
        assertThat(c.access().admit(null, token).name()).isEqualTo("alice");
        assertThat(parse(Map.of()).access()).isSameAs(dev.parley.core.Access.OPEN);
    }

    @Test
    void tokenModeNeedsASecret() {
        assertThat(run(Map.of(), "--auth", "token")).isEqualTo(2);
        assertThat(err.toString()).contains("--auth token needs --auth-secret");
        assertThat(run(Map.of(), "token", "--user", "alice")).isEqualTo(2);
    }
}
