package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.turn.TurnOptions;
import dev.parley.turn.allocation.RelayStats;
import dev.parley.turn.policy.Cidr;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A call forced through Parley's own TURN server ({@code ?relay=1}: iceTransportPolicy 'relay'),
 * with the credentials the signaling server minted in welcome. Both selected candidates must be
 * relay candidates on Parley's relay address, and media must flow through it. The relay must reach
 * loopback peers here, so this test allows 127.0.0.0/8, as an operator would allow a LAN.
 */
class RelayCallTest {
    private static ParleyServer server;
    private static Chromium chromium;
    private static String url;
    private Person alice;
    private Person bob;

    @BeforeAll
    static void start() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        var turn = new TurnOptions("127.0.0.1", 0, -1, loopback, null, 49152, 65535, List.of(Cidr.parse("127.0.0.0/8")),
                "relay-call-test-secret-0123456789", Map.of(), Duration.ofHours(1), 100, 32, 0, null, false, List.of());
        server = ParleyServer.start(ServerConfig.loopback(0).withTurn(turn));
        url = "http://127.0.0.1:" + server.httpPort() + "/?relay=1";
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @AfterEach
    void close() {
        if (alice != null) alice.close();
        if (bob != null) bob.close();
    }

    @Test
    void mediaFlowsThroughParleysRelayOnBothSides() {
        RelayStats stats = server.turn().stats();
        long relayedBefore = stats.bytesToPeers.sum();
        alice = chromium.person("alice", url);
        bob = chromium.person("bob", url);
        alice.joinRoom("relayed");
        alice.awaitCallState("waiting");
        bob.joinRoom("relayed");
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();

        int turnPort = server.turn().udpPort();
        for (Person p : List.of(alice, bob)) assertRelayedBothEnds(p, "127.0.0.1:");
        // The bytes really crossed Parley's relay: video alone is well over 100 kB in these seconds.
        assertThat(stats.bytesToPeers.sum() - relayedBefore).isGreaterThan(100_000);
        assertThat(stats.bytesToClients.sum()).isGreaterThan(100_000);
        assertThat(turnPort).isPositive();
        // The app tells the person their media goes through the relay.
        alice.page().waitForFunction("() => document.getElementById('quality').dataset.path === 'relay'", null,
                new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(Person.WAIT_MS));
        assertThat(alice.page().textContent("#quality-text")).contains("via TURN relay " + alice.selectedPath().localRelayProtocol().toUpperCase());
        alice.screenshot("relay-call-alice");
    }

    @Test
    void whenTheRelayPathDiesTheCallRecoversByIceRestart() {
        alice = chromium.person("alice", url);
        bob = chromium.person("bob", url);
        alice.joinRoom("restart-ice");
        alice.awaitCallState("waiting");
        bob.joinRoom("restart-ice");
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        RelayStats stats = server.turn().stats();
        long allocationsBefore = stats.allocationsCreated.sum();

        // Every allocation on the relay is gone: no media can pass any more on the path ICE chose.
        server.turn().engine().allocations().closeAll();
        // Bob joined last, so he is the impolite side that restarts ICE once it stays disconnected.
        try {
            bob.page().waitForFunction("() => window.parleyApp.call.link.trace.some(s => s.includes('restarting'))", null,
                    new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(30_000));
            for (Person p : List.of(alice, bob)) {
                p.page().waitForFunction("() => ['connected', 'completed'].includes(window.parleyApp.call.pc.iceConnectionState)", null,
                        new com.microsoft.playwright.Page.WaitForFunctionOptions().setTimeout(30_000));
            }
        } catch (RuntimeException e) {
            throw new AssertionError("alice: " + alice.diagnostics() + "\nbob: " + bob.diagnostics(), e);
        }
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();
        assertThat(stats.allocationsCreated.sum()).as("new relay allocations after the restart").isGreaterThan(allocationsBefore);
        for (Person p : List.of(alice, bob)) assertThat(p.selectedPath().localType()).isEqualTo("relay");
        assertThat(alice.page().evaluate("() => window.parleyApp.call.state")).isEqualTo("connected");
    }

    /** Asserts that {@code p}'s selected pair is relay to relay, its own relayed address starting with {@code localPrefix}. */
    static Person.IcePath assertRelayedBothEnds(Person p, String localPrefix) {
        Person.IcePath path = p.selectedPath();
        assertThat(path).as(p.label + " has a selected pair").isNotNull();
        assertThat(path.localType()).as(p.label + " local candidate").isEqualTo("relay");
        assertThat(path.remoteType()).as(p.label + " remote candidate").isEqualTo("relay");
        assertThat(path.localAddress()).as(p.label + " relayed address").startsWith(localPrefix);
        assertThat(path.localRelayProtocol()).isIn("udp", "tcp");
        return path;
    }
}
