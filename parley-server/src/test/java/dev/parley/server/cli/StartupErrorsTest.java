package dev.parley.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.parley.server.turn.TurnSecret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refused starts through the real entry point: one line per problem and a hint on stderr, exit code
 * 2 (1 when this machine cannot run it as configured, e.g. a port in use), no stack trace, no help
 * page, and nothing written to the data directory. The environment moves every listener to
 * 127.0.0.1 and any free port, so a start that is wrongly accepted binds nothing shared (and the
 * timeout turns it into a failure instead of a hang).
 */
class StartupErrorsTest {
    @TempDir
    Path home;

    record Result(int code, String out, String err) {}

    private Map<String, String> env() {
        var env = new HashMap<String, String>();
        env.put("XDG_DATA_HOME", home.toString());
        env.put("PARLEY_AUTH_SECRET", "startup-errors-test-secret-0123456789");
        env.put("PARLEY_HTTP_PORT", "0");
        env.put("PARLEY_HTTPS_HOST", "127.0.0.1");
        env.put("PARLEY_HTTPS_PORT", "0");
        env.put("PARLEY_TURN_LISTEN_HOST", "127.0.0.1");
        env.put("PARLEY_TURN_PORT", "0");
        env.put("PARLEY_TURN_TLS_PORT", "0");
        env.put("PARLEY_TURN_RELAY_IP", "127.0.0.1");
        return env;
    }

    private Result run(String... args) {
        return run(env(), args);
    }

    private Result run(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> ParleyCommand.commandLine(new ParleyCommand(), env)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args), "the start was not refused");
        return new Result(code, out.toString(), err.toString());
    }

    /** A usage error: exit 2, each line "parley: …", then the hint; nothing else, nothing written. */
    private void assertRefused(Result r, String... expected) throws Exception {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected).doesNotContain("\tat ", "Exception", "Usage:");
        String[] lines = r.err().strip().split("\n");
        assertThat(lines[lines.length - 1]).startsWith("Try 'parley").endsWith(" --help' for more information.");
        for (int i = 0; i < lines.length - 1; i++) assertThat(lines[i]).startsWith("parley: ");
        assertThat(r.out()).isEmpty();
        assertNothingWritten();
    }

    private void assertNothingWritten() throws Exception {
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files).as("the data directory stays empty").isEmpty();
        }
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                // Finding 8: durations, the TURN credential lifetime first (beyond 24 h nothing can be minted).
                Arguments.of(new String[] {"--turn-credential-ttl", "0s"}, "--turn-credential-ttl must be 1m to 1d, not 0s"),
                Arguments.of(new String[] {"--turn-credential-ttl", "25h"}, "--turn-credential-ttl must be 1m to 1d, not 25h"),
                Arguments.of(new String[] {"turn", "--turn-credential-ttl", "25h"}, "--turn-credential-ttl must be 1m to 1d"),
                Arguments.of(new String[] {"--turn-credential-ttl", "PT-1H"}, "'PT-1H' is negative"),
                Arguments.of(new String[] {"--call-timeout", "0s"}, "--call-timeout must be 1s to 1h, not 0s"),
                Arguments.of(new String[] {"--call-timeout", "999999999h"}, "--call-timeout must be 1s to 1h"),
                Arguments.of(new String[] {"--hello-timeout", "0s"}, "--hello-timeout must be 1s to 1m"),
                Arguments.of(new String[] {"--heartbeat", "PT-5S"}, "'PT-5S' is negative"),
                Arguments.of(new String[] {"--heartbeat", "100d"}, "--heartbeat must be 1s to 10m, not 100d"),
                Arguments.of(new String[] {"--resume-grace", "11m"}, "resume grace must be 0..600 s"),
                // Finding 9.
                Arguments.of(new String[] {"--turn-port", "99999"}, "--turn-port must be a port, 1-65535, or 0 for any free port, not 99999"),
                Arguments.of(new String[] {"--turn-tls-port", "70000"}, "--turn-tls-port must be a port, 1-65535, or 0 for any free port or -1 for off, not 70000"),
                Arguments.of(new String[] {"--turn-relay-ports", "60000-50000"}, "--turn-relay-ports must be MIN-MAX with 1 <= MIN <= MAX <= 65535, not 60000-50000"),
                Arguments.of(new String[] {"--turn-relay-ports", "a-b"}, "--turn-relay-ports is MIN-MAX"),
                // Issue 16: one IPv4 and one IPv6 relay address, each a usable address of this machine.
                Arguments.of(new String[] {"--turn-relay-ip", "127.0.0.1,127.0.0.2"},
                        "--turn-relay-ip takes at most one IPv4 and one IPv6 address, not both 127.0.0.1 and 127.0.0.2"),
                Arguments.of(new String[] {"turn", "--turn-relay-ip", "::1", "--turn-relay-ip", "::2"},
                        "--turn-relay-ip takes at most one IPv4 and one IPv6 address, not both ::1 and ::2"),
                Arguments.of(new String[] {"--turn-relay-ip", "::"}, "--turn-relay-ip cannot be the wildcard ::"),
                Arguments.of(new String[] {"--turn-relay-ip", "fe80::1"}, "--turn-relay-ip fe80::1 is link-local"),
                Arguments.of(new String[] {"--turn-relay-ip", "ff02::1"}, "--turn-relay-ip ff02::1 is a multicast address"),
                Arguments.of(new String[] {"--turn-relay-ip", "::ffff:127.0.0.1"},
                        "--turn-relay-ip ::ffff:127.0.0.1 is an IPv4-mapped address: give it as 127.0.0.1"),
                Arguments.of(new String[] {"--turn-relay-ip", "127.0.0.1,2001:db8::1"},
                        "--turn-relay-ip 2001:db8::1 is not an address of this machine"),
                Arguments.of(new String[] {"turn", "--turn-relay-ip", "relay.example.org"}, "--turn-relay-ip must be an IP address: IPv4"),
                Arguments.of(new String[] {"--turn-external-ip", "2001:db8::7"},
                        "--turn-external-ip 2001:db8::7 is the public address of an IPv6 relay, but there is no IPv6 --turn-relay-ip"),
                Arguments.of(new String[] {"--turn-external-ip", "203.0.113.7,198.51.100.7"},
                        "--turn-external-ip takes at most one IPv4 and one IPv6 address, not both 203.0.113.7 and 198.51.100.7"),
                Arguments.of(new String[] {"--turn-default-relay-family", "ipv6"}, "--turn-default-relay-family is client or ipv4, not 'ipv6'"),
                Arguments.of(new String[] {"--turn-unauthenticated-rate", "0"}, "--turn-unauthenticated-rate must be at least 1, not 0"),
                Arguments.of(new String[] {"--turn-unauthenticated-rate", "fast"}, "--turn-unauthenticated-rate"),
                Arguments.of(new String[] {"turn", "--turn-unauthenticated-burst", "5"}, "--turn-unauthenticated-burst must be at least 10, not 5"),
                Arguments.of(new String[] {"--turn-threads", "0"}, "--turn-threads is 1 to 256, not 0"),
                Arguments.of(new String[] {"turn", "--turn-threads", "257"}, "--turn-threads is 1 to 256, not 257"),
                Arguments.of(new String[] {"--turn-threads", "many"}, "--turn-threads"),
                Arguments.of(new String[] {"--turn-max-allocations", "-1"}, "--turn-max-allocations must be at least 1, not -1"),
                Arguments.of(new String[] {"--turn-user-quota", "0"}, "--turn-user-quota must be at least 1, not 0"),
                Arguments.of(new String[] {"--turn-max-bps", "-1"}, "--turn-max-bps must be at least 0, not -1"),
                Arguments.of(new String[] {"--turn-secret", "abc"}, "--turn-secret needs at least 16 characters"),
                Arguments.of(new String[] {"--http-host", "999.1.1.1"}, "--http-host must be an IP address of this machine"),
                Arguments.of(new String[] {"--https-host", "example.org"}, "--https-host must be an IP address of this machine"),
                Arguments.of(new String[] {"--turn-listen-host", "300.1.1.1"}, "--turn-listen-host must be an IP address of this machine"),
                Arguments.of(new String[] {"--http-host", "192.0.2.123"}, "--http-host 192.0.2.123 is not an address of this machine"),
                Arguments.of(new String[] {"--http-port", "70000"}, "--http-port must be a port"),
                Arguments.of(new String[] {"--turn-user", "nopassword"}, "--turn-user is NAME:PASSWORD"),
                // Finding 10.
                Arguments.of(new String[] {"--max-messages-per-second", "NaN"}, "--max-messages-per-second must be a positive number, not NaN"),
                Arguments.of(new String[] {"--max-messages-per-second", "Infinity"}, "--max-messages-per-second must be a positive number, not Infinity"),
                Arguments.of(new String[] {"--max-messages-per-second", "-5"}, "--max-messages-per-second must be a positive number"),
                Arguments.of(new String[] {"--ice-server", "foo,http://x"}, "--ice-server: not a STUN/TURN URL: 'foo'"),
                Arguments.of(new String[] {"--ice-server", "stun:a b"}, "--ice-server: not a host name or IP address"),
                Arguments.of(new String[] {"--ice-server", "stun:example.org?transport=udp"}, "a STUN URL has no ?transport"),
                Arguments.of(new String[] {"--turn-external-url", "turn:x:99999"}, "--turn-external-url: port 99999 out of 1-65535"),
                Arguments.of(new String[] {"--turn-url-host", "a b/?#@evil"}, "--turn-url-host: 'a b/?#@evil' is not a host name"),
                Arguments.of(new String[] {"--turn-relay-ip", "8.8.8.8"}, "--turn-relay-ip 8.8.8.8 is not an address of this machine"),
                Arguments.of(new String[] {"--turn-relay-ip", "1.2.3"}, "--turn-relay-ip must be an IP address: IPv4 in four-part dotted form (e.g. 192.168.1.20) or IPv6"),
                Arguments.of(new String[] {"--turn-relay-ip", "0.0.0.0"}, "--turn-relay-ip cannot be the wildcard 0.0.0.0"),
                Arguments.of(new String[] {"--turn-external-ip", "0.0.0.0"}, "--turn-external-ip cannot be the wildcard"),
                Arguments.of(new String[] {"--turn-tls-port", "-2"}, "--turn-tls-port must be a port"),
                Arguments.of(new String[] {"--turn-allow-peer", "0.0.0.0/0"},
                        "--turn-allow-peer 0.0.0.0/0 would let anyone with TURN credentials reach 0.0.0.0/8 (this host), 127.0.0.0/8 (loopback), "
                                + "169.254.0.0/16 (link-local, with the cloud metadata address); add --turn-allow-dangerous-peers"),
                Arguments.of(new String[] {"--turn-allow-peer", "::/0"}, "--turn-allow-peer ::/0 would let anyone with TURN credentials reach ::/128"),
                Arguments.of(new String[] {"--turn-allow-peer", "169.254.169.254"}, "169.254.0.0/16 (link-local"),
                Arguments.of(new String[] {"turn", "--turn-allow-peer", "127.0.0.1"}, "127.0.0.0/8 (loopback)"),
                Arguments.of(new String[] {"turn", "--turn-port", "99999"}, "--turn-port must be a port"),
                Arguments.of(new String[] {"turn", "--turn-relay-ip", "8.8.8.8"}, "--turn-relay-ip 8.8.8.8 is not an address of this machine"),
                Arguments.of(new String[] {"turn", "--no-turn"}, "--no-turn leaves nothing to run"),
                Arguments.of(new String[] {"--http-port", "45678", "--https-port", "45678", "--https-host", "0.0.0.0"},
                        "--http-port and --https-port both ask for tcp port 45678"),
                Arguments.of(new String[] {"token", "--user", "a", "--ttl", "999999999h"}, "--ttl must be 1s to 366d"),
                // Issue 13: the cluster's options.
                Arguments.of(new String[] {"--redis", "localhost:6379"}, "--redis must be a Redis URI (redis://host:port"),
                Arguments.of(new String[] {"--redis", "http://:hunter2@x"}, "not 'http://***@x'"),
                Arguments.of(new String[] {"--node-id", "a"}, "--node-id names a node of a cluster: give --redis too"),
                Arguments.of(new String[] {"--redis", "redis://127.0.0.1:1", "--node-id", "a b"},
                        "a node id is 1 to 64 letters, digits, '.', '_' or '-', not 'a b'"),
                // Issue 14: the operator's pages.
                Arguments.of(new String[] {"--web-root", "/nonexistent/pages"}, "--web-root /nonexistent/pages is not a directory"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueIsOneLineAndExitCode2AndWritesNothing(String[] args, String expected) throws Exception {
        assertRefused(run(args), expected);
    }

    @Test
    void everyProblemIsNamedOnItsOwnLine() throws Exception {
        Result r = run("--turn-port", "99999", "--turn-secret", "abc", "--max-messages-per-second", "NaN");
        assertRefused(r, "--turn-port must be", "--turn-secret needs", "--max-messages-per-second must");
        assertThat(r.err().strip().split("\n")).hasSize(4);
    }

    @Test
    void aMalformedTurnUserIsNamedWithoutItsPassword() throws Exception {
        Result r = run("--turn-user", "alice:", "--turn-user", ":hunter2secret");
        assertRefused(r, "--turn-user is NAME:PASSWORD, not 'alice:…'", "--turn-user is NAME:PASSWORD, not ':…'");
        assertThat(r.err()).doesNotContain("hunter2");
    }

    @Test
    void aMistypedOptionGetsTheHintNotTheWholeHelp() throws Exception {
        Result r = run("--turn-prot=3478");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("parley: Unknown option: '--turn-prot=3478'").contains("Possible solutions: ", "--turn-port,")
                .endsWith("Try 'parley --help' for more information.\n").doesNotContain("Usage:");
        assertNothingWritten();
        assertThat(run("turn", "--bogus").err()).contains("Try 'parley turn --help' for more information.");
    }

    @Test
    void theEnvironmentIsCheckedTheSameWay() throws Exception {
        var env = env();
        env.put("PARLEY_TURN_CREDENTIAL_TTL", "25h");
        assertRefused(run(env), "parley: --turn-credential-ttl (from PARLEY_TURN_CREDENTIAL_TTL) must be 1m to 1d, not 25h");
        env.put("PARLEY_TURN_PORT", "x");
        assertRefused(run(env, "turn"), "'--turn-port' (from PARLEY_TURN_PORT)");
        assertRefused(run("--turn-credential-ttl", "0s"), "parley: --turn-credential-ttl must be 1m to 1d, not 0s");
    }

    @Test
    void aDataDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(home.resolve("a-file"), "x");
        Result r = run("--data-dir", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("parley: the data directory " + file + " (--data-dir) is a file, not a directory").doesNotContain("\tat ");
        Result under = run("turn", "--data-dir", file.resolve("sub").toString());
        assertThat(under.code()).isEqualTo(2);
        assertThat(under.err()).contains(file + " is a file, not a directory");
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aMissingOrGarbageCertificateIsRefused() throws Exception {
        Path outside = Files.createTempDirectory("parley-tls");
        try {
            assertRefused(run("--tls-cert", outside.resolve("none.pem").toString(), "--tls-key", outside.resolve("none-key.pem").toString()),
                    "--tls-cert " + outside.resolve("none.pem") + ": no such readable file",
                    "--tls-key " + outside.resolve("none-key.pem") + ": no such readable file");
            Path cert = Files.writeString(outside.resolve("cert.pem"), "garbage");
            Path key = Files.writeString(outside.resolve("key.pem"), "garbage");
            assertRefused(run("--tls-cert", cert.toString(), "--tls-key", key.toString()), "--tls-cert " + cert + " with --tls-key " + key + " cannot be used");
            assertRefused(run("turn", "--tls-cert", cert.toString(), "--tls-key", key.toString()), "cannot be used");
            assertRefused(run("--tls-cert", cert.toString()), "--tls-cert and --tls-key go together");
            // Two good files that are not a pair: refused at start, not in every handshake later.
            var one = dev.parley.server.tls.LocalCertificate.ensure(outside.resolve("one"), java.util.List.of("localhost"));
            var other = dev.parley.server.tls.LocalCertificate.ensure(outside.resolve("other"), java.util.List.of("localhost"));
            assertRefused(run("--tls-cert", one.certificate().toString(), "--tls-key", other.privateKey().toString()),
                    "cannot be used", "is not the certificate's");
        } finally {
            try (Stream<Path> files = Files.walk(outside)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    @Test
    void aRedisThatCannotBeReachedIsOneLineAndExitCode1() throws Exception {
        int port;
        try (var free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Result r = run("--redis", "redis://:hunter2@127.0.0.1:" + port);
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("parley: cannot start: cannot use Redis at redis://***@127.0.0.1:" + port + ": ")
                .doesNotContain("hunter2").doesNotContain("\tat ");
    }

    @Test
    void aPortInUseNamesThePortAndTheOptionThatMovesIt() throws Exception {
        try (var taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Result r = run("--http-port", String.valueOf(port));
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err().strip()).isEqualTo("parley: cannot start: cannot listen on tcp port " + port + " of 127.0.0.1: "
                    + "Address already in use; choose another with --http-port");
            assertNothingWritten();
        }
        try (var taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();
            for (String[] args : new String[][] {{"--turn-port", String.valueOf(port)}, {"turn", "--turn-port", String.valueOf(port)}}) {
                Result r = run(args);
                assertThat(r.code()).as(r.err()).isEqualTo(1);
                assertThat(r.err()).contains("cannot listen on udp port " + port, "choose another with --turn-port (or --no-turn)")
                        .doesNotContain("\tat ");
                assertNothingWritten();
            }
        }
    }

    @Test
    void anEmptySecretFileFromACrashIsMadeAgainAndACorruptOneIsRefused() throws Exception {
        Path dir = Files.createDirectories(home.resolve("parley"));
        Files.writeString(dir.resolve(TurnSecret.FILE), "");
        Files.writeString(dir.resolve(ParleyCommand.RESUME_SECRET_FILE), "short\n");
        Result r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("parley: " + dir.resolve(ParleyCommand.RESUME_SECRET_FILE) + " holds no usable secret")
                .doesNotContain(TurnSecret.FILE + " holds");
        assertThat(Files.readString(dir.resolve(TurnSecret.FILE))).as("nothing written on a refused start").isEmpty();
        // The empty one alone does not block a start: it is made again (checked without starting a server).
        String made = TurnSecret.loadOrCreate(dir);
        assertThat(made).hasSizeGreaterThanOrEqualTo(40);
        assertThat(Files.readString(dir.resolve(TurnSecret.FILE)).strip()).isEqualTo(made);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(TurnSecret.FILE)))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder(TurnSecret.FILE, ParleyCommand.RESUME_SECRET_FILE);
        }
    }

    @Test
    void aConfigRecordRefusingAValueLaterIsStillOneLineAndExitCode2() throws Exception {
        // What other options' records throw, should one escape config(): the execution handler turns it into a usage error.
        var err = new StringWriter();
        var commandLine = ParleyCommand.commandLine(new ParleyCommand(), env()).setErr(new PrintWriter(err));
        assertThat(Failures.execution(new IllegalArgumentException("connections per address must be at least 1"), commandLine, null)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("parley: connections per address must be at least 1\nTry 'parley --help' for more information.\n");
        var io = new StringWriter();
        commandLine.setErr(new PrintWriter(io));
        assertThat(Failures.execution(new java.nio.file.FileSystemException("/data/turn-secret", null, "No space left on device"), commandLine, null))
                .isEqualTo(1);
        assertThat(io.toString()).isEqualTo("parley: cannot start: /data/turn-secret: No space left on device\n");
    }

    @Test
    void theLongestAndShortestCredentialLifetimesCanBeMinted() {
        for (String ttl : new String[] {"1m", "1d", "24h"}) {
            var command = new ParleyCommand();
            ParleyCommand.commandLine(command, env()).parseArgs("--turn-credential-ttl", ttl);
            var options = command.config().turn();
            var servers = new dev.parley.server.turn.TurnIceServers(options,
                    new dev.parley.turn.auth.RestApiCredentials(options.secret(), java.time.Clock.systemUTC()), 3478, -1);
            assertThat(servers.forSession("session-1", "example.org")).as(ttl).hasSize(2);
        }
    }

    @Test
    void dangerousPeersNeedTheirFlag() {
        var command = new ParleyCommand();
        ParleyCommand.commandLine(command, env()).parseArgs("--turn-allow-peer", "0.0.0.0/0,::/0", "--turn-allow-dangerous-peers");
        assertThat(command.config().turn().allowPeers()).extracting(Object::toString).containsExactly("0.0.0.0/0", "0:0:0:0:0:0:0:0/0");
        var lan = new ParleyCommand();
        ParleyCommand.commandLine(lan, env()).parseArgs("--turn-allow-peer", "192.168.1.0/24,10.0.0.0/8,fd00:1::/64");
        assertThat(lan.config().turn().allowPeers()).hasSize(3);
    }
}
