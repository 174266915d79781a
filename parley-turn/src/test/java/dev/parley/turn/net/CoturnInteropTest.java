package dev.parley.turn.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.auth.Credentials;
import dev.parley.turn.auth.RestApiCredentials;
import dev.parley.turn.auth.StaticUsers;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.policy.PeerPolicy;
import dev.parley.turn.server.TurnConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * coturn's own load client against Parley, coturn's echo peer behind the relay: every message sent
 * must come back. UDP and TCP towards the server, channels and Send/Data indications, static users
 * and TURN REST API credentials (uclient's -W computes them from the shared secret as coturn would).
 */
class CoturnInteropTest {
    private static final String SECRET = "interop-shared-secret-0123456789";
    private static TurnServer server;
    private static CoturnTools.Peer peer;

    @BeforeAll
    static void start() throws Exception {
        Credentials credentials = Credentials.anyOf(List.of(new StaticUsers(Map.of("alice", "wonderland")),
                new RestApiCredentials(SECRET, Clock.systemUTC())));
        TurnConfig config = TurnConfig.builder(credentials, InetAddress.getByName("127.0.0.1"))
                .peerPolicy(PeerPolicy.allowing(List.of(Cidr.parse("127.0.0.0/8"))))
                .build();
        server = TurnServer.start(config, TurnServer.Listeners.loopbackAnyPorts());
        peer = new CoturnTools.Peer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (peer != null) peer.close();
        if (server != null) server.close();
    }

    /** {@code rtcp}: uclient's RTP/RTCP pairs, made with EVEN-PORT (R bit) and then RESERVATION-TOKEN; {@code df}: DONT-FRAGMENT. */
    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource({
            "udp, channels, static, -", "udp, indications, static, -", "tcp, channels, static, -",
            "tcp, indications, static, -", "udp, channels, rest, -", "tcp, indications, rest, -",
            "udp, channels, static, rtcp", "udp, indications, rest, df"})
    void everyMessageComesBack(String transport, String method, String credentials, String extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-e", "127.0.0.1", "-r", String.valueOf(peer.port),
                "-m", "4", "-n", "200", "-l", "200", "-z", "5"));
        if (!extra.equals("rtcp")) args.add("-c");
        if (extra.equals("df")) args.add("-g");
        boolean tcp = transport.equals("tcp");
        if (tcp) args.add("-t");
        if (method.equals("indications")) args.add("-s");
        if (credentials.equals("static")) args.addAll(List.of("-u", "alice", "-w", "wonderland"));
        else args.addAll(List.of("-u", "bob", "-W", SECRET));
        args.addAll(List.of("-p", String.valueOf(tcp ? server.tcpPort() : server.udpPort()), "127.0.0.1"));
        long allocationsBefore = server.engine().stats().allocationsCreated.sum();
        args.add(0, "-v"); // uclient then reports every relayed address it got
        CoturnTools.UclientRun run = CoturnTools.uclient(args, 60);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.sent()).as(run.output()).isEqualTo(4 * 200);
        assertThat(run.received()).as(run.output()).isEqualTo(run.sent());
        assertThat(run.lost()).as(run.output()).isZero();
        long relays = run.output().lines().filter(l -> l.contains("Received relay addr")).count();
        assertThat(server.engine().stats().allocationsCreated.sum() - allocationsBefore).as("allocations made").isEqualTo(relays);
        if (extra.equals("rtcp")) {
            // RTP takes an even port with the R bit and gets a RESERVATION-TOKEN; RTCP claims the next port with it.
            assertThat(run.output()).containsPattern("clnet_allocate: rtv=[1-9]\\d*");
        }
    }

    /**
     * The other direction of compatibility: credentials Parley mints (as the signaling server hands
     * them out for an external TURN server) are accepted by coturn configured with the same secret.
     */
    @org.junit.jupiter.api.Test
    void coturnAcceptsCredentialsParleyMints() throws Exception {
        Path turnserver = Path.of("/usr/bin/turnserver");
        CoturnTools.assumeInstalled(turnserver);
        int port = CoturnTools.freeUdpPort();
        Path dir = Files.createTempDirectory("coturn");
        Process coturn = new ProcessBuilder(turnserver.toString(), "-n", "--listening-ip=127.0.0.1", "--listening-port=" + port,
                "--relay-ip=127.0.0.1", "--allow-loopback-peers", "--use-auth-secret", "--static-auth-secret=" + SECRET,
                "--realm=parley", "--no-tls", "--no-dtls", "--no-cli", "--min-port=45000", "--max-port=45999",
                "--pidfile=" + dir.resolve("pid"), "--log-file=" + dir.resolve("log"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Thread.sleep(1000); // coturn binds within milliseconds; uclient retries its first request anyway
            var minted = new RestApiCredentials(SECRET, Clock.systemUTC()).mint("erin", java.time.Duration.ofMinutes(10));
            CoturnTools.UclientRun run = CoturnTools.uclient(List.of("-e", "127.0.0.1", "-r", String.valueOf(peer.port), "-m", "1",
                    "-n", "50", "-l", "100", "-z", "5", "-c", "-u", minted.username(), "-w", minted.password(),
                    "-p", String.valueOf(port), "127.0.0.1"), 60);
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.received()).as(run.output()).isEqualTo(50);
        } finally {
            coturn.destroy();
            if (!coturn.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) coturn.destroyForcibly();
        }
    }
}
