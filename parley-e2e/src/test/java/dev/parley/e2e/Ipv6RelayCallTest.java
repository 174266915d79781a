package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.turn.TurnOptions;
import dev.parley.turn.allocation.RelayStats;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.server.TurnConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call forced through Parley's TURN server over IPv6: the page at http://[::1], so the TURN URLs
 * handed out are turn:[::1], and relayed addresses on ::1. The server has an IPv4 relay address too;
 * Chromium never names a family in its Allocate (libwebrtc sends REQUESTED-TRANSPORT only), so the
 * relays are IPv6 because it came over IPv6 ({@link TurnConfig.DefaultFamily#CLIENT}).
 *
 * <p>Chromium only offers its IPv6 loopback network when it finds a default IPv6 source address (a
 * route out), and the test namespace has none: this test gives it one, an ifb link with fd00:6::1/64
 * and a default route through it, inside this JVM's own loopback-only namespace (removed afterwards).
 * Nothing can leave: the link goes nowhere. Without such a namespace (PARLEY_E2E_NETNS=off, or a
 * user who may not create one), the test is skipped rather than touch the machine's routes.
 */
class Ipv6RelayCallTest {
    private static final String LINK = "v6gw";
    private static ParleyServer server;
    private static Chromium chromium;
    private static String url;
    private Person alice;
    private Person bob;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(onlyLoopbackIsUp(), "needs the e2e loopback-only network namespace (see netns/bin/java)");
        ip("link", "add", LINK, "type", "ifb");
        ip("link", "set", LINK, "addrgenmode", "none");
        ip("link", "set", LINK, "up");
        ip("addr", "add", "fd00:6::1/64", "dev", LINK, "nodad");
        ip("-6", "route", "add", "default", "dev", LINK);
        var turn = new TurnOptions("::1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535,
                List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128")), "ipv6-relay-call-test-secret-0123", Map.of(),
                Duration.ofHours(1), 100, 32, 0, null, false, List.of(), 100, 100, 100, Duration.ofSeconds(10),
                InetAddress.getByName("::1"), null, TurnConfig.DefaultFamily.CLIENT,
                (int) TurnConfig.DEFAULT_UNAUTHENTICATED_PER_SECOND, TurnConfig.DEFAULT_UNAUTHENTICATED_BURST);
        ServerConfig base = ServerConfig.loopback(0);
        server = ParleyServer.start(new ServerConfig(new ServerConfig.Endpoint("::1", 0), null, null, base.signaling(),
                base.maxOutboundBytes(), turn, base.guards(), base.access()));
        url = "http://[::1]:" + server.httpPort() + "/?relay=1";
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
        if (Interfaces.exists(LINK)) ip("link", "del", LINK);
    }

    @AfterEach
    void close() {
        if (alice != null) alice.close();
        if (bob != null) bob.close();
    }

    @Test
    void mediaFlowsThroughIpv6RelaysOnBothSides() {
        RelayStats stats = server.turn().stats();
        long toPeersBefore = stats.bytesToPeers.sum();
        long toClientsBefore = stats.bytesToClients.sum();
        alice = chromium.person("alice", url);
        bob = chromium.person("bob", url);
        alice.joinRoom("relayed-six");
        alice.awaitCallState("waiting");
        bob.joinRoom("relayed-six");
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();

        for (Person p : List.of(alice, bob)) {
            Person.IcePath path = RelayCallTest.assertRelayedBothEnds(p, "::1:");
            assertThat(path.remoteAddress()).as(p.label + " the other relay, over IPv6").startsWith("::1:");
        }
        // The bytes really crossed Parley's relay: video alone is well over 100 kB in these seconds.
        assertThat(stats.bytesToPeers.sum() - toPeersBefore).isGreaterThan(100_000);
        assertThat(stats.bytesToClients.sum() - toClientsBefore).isGreaterThan(100_000);
        alice.screenshot("ipv6-relay-call-alice");
    }

    private static boolean onlyLoopbackIsUp() throws Exception {
        if ("off".equals(System.getenv("PARLEY_E2E_NETNS"))) return false;
        return Interfaces.up().equals(List.of("lo"));
    }

    private static void ip(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("ip " + String.join(" ", args) + " did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (p.exitValue() != 0) throw new AssertionError("ip " + String.join(" ", args) + " failed: " + out);
    }
}
