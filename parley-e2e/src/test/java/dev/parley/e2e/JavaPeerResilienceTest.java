package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyEvent;
import dev.parley.client.call.CallState;
import dev.parley.client.call.MediaCall;
import dev.parley.client.call.PeerLink;
import dev.parley.core.ResumePolicy;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.turn.TurnOptions;
import dev.parley.turn.allocation.RelayStats;
import dev.parley.turn.policy.Cidr;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The Java side of a call with Chromium keeps its media through what breaks signaling (a cut
 * connection, a server restart) and recovers its media path by an ICE restart when the relay it
 * used loses every allocation.
 */
@Tag("java-media")
class JavaPeerResilienceTest {
    private static final byte[] RESUME_KEY = "java-peer-resume-key-0123456789a".getBytes();
    private static Chromium chromium;
    private final List<AutoCloseable> closeAfter = new ArrayList<>();

    @BeforeAll
    static void startBrowser() {
        chromium = new Chromium();
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) chromium.close();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closeAfter.reversed()) c.close();
    }

    private <T extends AutoCloseable> T later(T c) {
        closeAfter.add(c);
        return c;
    }

    private static ServerConfig config(int port) {
        ServerConfig c = ServerConfig.loopback(port);
        return c.withSignaling(c.signaling().withResume(new ResumePolicy(ResumePolicy.DEFAULT_GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES, RESUME_KEY)));
    }

    private static URI ws(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    @Test
    void aCutConnectionAndAServerRestartNeverStopTheMedia() throws Exception {
        int port = Restarts.freePort();
        ServerConfig config = config(port);
        ParleyServer first = ParleyServer.start(config);
        closeAfter.add(first);
        Person alice = later(chromium.person("alice", "http://127.0.0.1:" + port + "/"));
        alice.joinRoom("sturdy");
        alice.awaitCallState("waiting");
        JavaPeer java = later(new JavaPeer(ws(port), "bot").connect());
        MediaCall call = java.joinCall("sturdy");
        alice.awaitConnectedWithVideo();
        java.await("connected", () -> call.state() == CallState.CONNECTED);
        String id = java.parley.sessionId();

        MediaTimeline browser = new MediaTimeline(alice);
        JavaPeer.Timeline javaSide = java.sample();
        MediaTimeline.sampleFor(Duration.ofSeconds(1), browser);
        java.parley.dropConnection();
        MediaTimeline.sampleFor(Duration.ofSeconds(3), browser);
        java.await("resumed", () -> java.sessionEvents.stream().anyMatch(e -> e instanceof ParleyEvent.Resumed));

        ParleyServer restarted = Restarts.whileSampling(first, config, browser);
        closeAfter.add(restarted);
        java.await("restored", () -> java.sessionEvents.stream().anyMatch(e -> e instanceof ParleyEvent.Restored));
        MediaTimeline.sampleFor(Duration.ofSeconds(2), browser);

        browser.assertNeverStalled(Duration.ofSeconds(1));
        javaSide.assertNeverStalled(Duration.ofSeconds(1));
        assertThat(java.parley.sessionId()).as("the id survives the restart").isEqualTo(id);
        assertThat(call.state()).isEqualTo(CallState.CONNECTED);
        assertThat(restarted.hub().stats().rooms()).as("both took their seats back").isEqualTo(1);
        assertThat(java.sessionEvents).anyMatch(e -> e instanceof ParleyEvent.Rejoined r && r.joined().room().equals("sturdy"));
    }

    @Test
    void aDirectCallIsTakenUpAgainAfterAServerRestartWithTheMediaNeverStopping() throws Exception {
        int port = Restarts.freePort();
        ServerConfig config = config(port);
        ParleyServer first = ParleyServer.start(config);
        closeAfter.add(first);
        Person alice = later(chromium.person("alice", "http://127.0.0.1:" + port + "/"));
        alice.goOnline("alice");
        JavaPeer java = later(new JavaPeer(ws(port), "bot").connect());
        MediaCall call = java.call("alice");
        alice.awaitIncomingCallFrom("bot");
        alice.page().click("#accept");
        alice.awaitConnectedWithVideo();
        java.await("connected", () -> call.state() == CallState.CONNECTED);
        String before = call.callId();

        MediaTimeline browser = new MediaTimeline(alice);
        JavaPeer.Timeline javaSide = java.sample();
        ParleyServer restarted = Restarts.whileSampling(first, config, browser);
        closeAfter.add(restarted);
        // The Java side placed the call: it rings again naming it, and the browser's SDK takes it up.
        java.await("the call under a new id", () -> !before.equals(call.callId()));
        MediaTimeline.sampleUntil(() -> restarted.hub().stats().calls() == 1, Duration.ofSeconds(15), browser);
        MediaTimeline.sampleFor(Duration.ofSeconds(2), browser);

        browser.assertNeverStalled(Duration.ofSeconds(1));
        javaSide.assertNeverStalled(Duration.ofSeconds(1));
        assertThat(restarted.hub().stats().calls()).as("the call, taken up again on the new server").isEqualTo(1);
        assertThat(call.state()).isEqualTo(CallState.CONNECTED);
        assertThat(alice.page().isVisible("#incoming")).as("the browser was not rung again").isFalse();
        // Hanging up still reaches the other side through the new server.
        java.get(call.run(call::hangup));
        alice.awaitCallState("ended");
    }

    @Test
    void whenTheRelayLosesEveryAllocationTheJavaSideRestartsIce() throws Exception {
        var turn = new TurnOptions("127.0.0.1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535,
                List.of(Cidr.parse("127.0.0.0/8")), "java-peer-relay-secret-0123456789", Map.of(), Duration.ofHours(1), 100, 32, 0, null,
                false, List.of());
        ParleyServer server = later(ParleyServer.start(ServerConfig.loopback(0).withTurn(turn)));
        Person alice = later(chromium.person("alice", "http://127.0.0.1:" + server.httpPort() + "/?relay=1"));
        alice.joinRoom("relayed");
        alice.awaitCallState("waiting");
        // The Java side joins last: it is the impolite side, the one that restarts ICE.
        JavaPeer java = later(new JavaPeer(ws(server.httpPort()), "bot", true).connect());
        MediaCall call = java.joinCall("relayed");
        alice.awaitConnectedWithVideo();
        java.await("connected", () -> call.state() == CallState.CONNECTED);
        java.await("a relayed path", () -> !call.qualityHistory().isEmpty() && call.qualityHistory().getLast().path() != null);
        assertThat(call.qualityHistory().getLast().path().kind()).isEqualTo("relay");
        RelayStats stats = server.turn().stats();
        long allocationsBefore = stats.allocationsCreated.sum();

        server.turn().engine().allocations().closeAll();
        PeerLink link = call.link();
        java.await("an ICE restart", () -> java.get(call.run(() -> {})) == null
                && link.trace().stream().anyMatch(s -> s.contains("restarting")));
        alice.awaitConnectedWithVideo();
        java.await("connected again", () -> call.state() == CallState.CONNECTED);
        long frames = java.framesDecoded.get();
        java.await("the browser's video again", () -> java.framesDecoded.get() > frames + 10);
        java.assertReceiving(Duration.ofSeconds(2));
        JavaPeerCallTest.assertBrowserReceivesJava(alice);
        assertThat(stats.allocationsCreated.sum()).as("new relay allocations after the restart").isGreaterThan(allocationsBefore);
        java.await("a relayed path again", () -> call.qualityHistory().getLast().path() != null
                && call.qualityHistory().getLast().path().kind().equals("relay"));
    }
}
