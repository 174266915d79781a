package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.core.ResumePolicy;
import dev.parley.server.net.ConnectionGuards;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults in the middle of a call between real browsers: the signaling connection cut, the server
 * restarted, a browser killed. Media runs browser to browser, so the first two must not interrupt
 * it, and the clients must get their sessions back by themselves; the third must be noticed by the
 * peer within the heartbeat bound.
 */
class ChaosTest {
    private static final byte[] RESUME_KEY = "chaos-test-resume-key-0123456789".getBytes();
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);
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

    private static ServerConfig config(int port, Duration grace) {
        ServerConfig c = ServerConfig.loopback(port).withGuards(new ConnectionGuards(HEARTBEAT, 100, List.of()));
        return c.withSignaling(c.signaling().withResume(new ResumePolicy(grace, ResumePolicy.DEFAULT_BACKLOG_FRAMES, RESUME_KEY)));
    }

    private ParleyServer start(ServerConfig config) throws Exception {
        ParleyServer server = ParleyServer.start(config);
        closeAfter.add(server);
        return server;
    }

    private Person person(String label, String url) {
        Person p = chromium.person(label, url);
        closeAfter.add(p);
        return p;
    }

    /** Stage.meet, then each page records the SDK's events in window.seen. */
    private static void meetInRoom(Person alice, Person bob, String room) {
        Stage.meet(alice, bob, room);
        for (Person p : List.of(alice, bob)) {
            p.page().evaluate("""
                    () => { window.seen = [];
                      for (const t of ['reconnecting', 'resumed', 'restored', 'rejoined', 'message', 'peer-away', 'peer-back'])
                        window.parleyApp.parley.addEventListener(t, e => window.seen.push({ type: t, detail: e.detail })); }""");
        }
    }

    private static String session(Person p) {
        return (String) p.page().evaluate("() => window.parleyApp.parley.session");
    }

    private static void awaitSeen(Person p, String type) {
        p.waitFor("t => window.seen.some(e => e.type === t)", type);
    }

    /** After the fault, the server relays again: a message from one page reaches the other. */
    private static void assertSignalingWorks(Person from, Person to, String room) {
        from.page().evaluate("r => window.parleyApp.parley.message(r, { ping: 'after the fault' })", room);
        to.waitFor("() => window.seen.some(e => e.type === 'message' && e.detail.data.ping === 'after the fault')");
    }

    @Test
    void aCutSignalingConnectionResumesWhileTheMediaNeverStops() throws Exception {
        // The page comes through the link, on a port of its own: an origin that is not the server's.
        ParleyServer server = start(config(0, ResumePolicy.DEFAULT_GRACE).withGuards(new ConnectionGuards(HEARTBEAT, 100, List.of("*"))));
        CuttableLink link = new CuttableLink(server.httpPort());
        closeAfter.add(link);
        String url = "http://127.0.0.1:" + link.port() + "/";
        Person alice = person("alice", url);
        Person bob = person("bob", url);
        meetInRoom(alice, bob, "cut-room");
        String aliceId = session(alice);
        String bobId = session(bob);

        MediaTimeline aliceMedia = new MediaTimeline(alice);
        MediaTimeline bobMedia = new MediaTimeline(bob);
        MediaTimeline.sampleFor(Duration.ofSeconds(1), aliceMedia, bobMedia);
        assertThat(link.cut()).as("connections cut").isGreaterThanOrEqualTo(2);
        MediaTimeline.sampleFor(Duration.ofSeconds(5), aliceMedia, bobMedia);
        awaitSeen(alice, "reconnecting");
        awaitSeen(alice, "resumed");
        awaitSeen(bob, "resumed");
        aliceMedia.assertNeverStalled(Duration.ofSeconds(1));
        bobMedia.assertNeverStalled(Duration.ofSeconds(1));
        assertThat(session(alice)).isEqualTo(aliceId);
        assertThat(session(bob)).isEqualTo(bobId);
        assertThat((Boolean) alice.page().evaluate("() => window.seen.some(e => e.type === 'restored')")).isFalse();
        assertSignalingWorks(alice, bob, "cut-room");
        assertSignalingWorks(bob, alice, "cut-room");
        assertThat(metrics(server)).contains("parley_resumes_total{outcome=\"resumed\"} 2.0")
                .as("the browsers acknowledge what they receive").contains("parley_messages_in_total{type=\"ack\"}");
        alice.screenshot("resumed-after-cut");
    }

    @Test
    void aServerRestartMidCallKeepsTheMediaAndBothRejoinByThemselves() throws Exception {
        ServerConfig config = config(Restarts.freePort(), ResumePolicy.DEFAULT_GRACE);
        ParleyServer first = start(config);
        String url = "http://127.0.0.1:" + config.http().port() + "/";
        Person alice = person("alice", url);
        Person bob = person("bob", url);
        meetInRoom(alice, bob, "restart-room");
        String aliceId = session(alice);
        String bobId = session(bob);

        MediaTimeline aliceMedia = new MediaTimeline(alice);
        MediaTimeline bobMedia = new MediaTimeline(bob);
        ParleyServer restarted = Restarts.whileSampling(first, config, aliceMedia, bobMedia);
        closeAfter.add(restarted);
        awaitSeen(alice, "restored");
        awaitSeen(bob, "restored");
        aliceMedia.assertNeverStalled(Duration.ofSeconds(1));
        bobMedia.assertNeverStalled(Duration.ofSeconds(1));
        assertThat(session(alice)).as("ids survive the restart").isEqualTo(aliceId);
        assertThat(session(bob)).isEqualTo(bobId);
        assertThat(restarted.hub().stats().rooms()).isEqualTo(1);
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();
        assertSignalingWorks(alice, bob, "restart-room");
        assertSignalingWorks(bob, alice, "restart-room");
        assertThat(metrics(restarted)).contains("parley_resumes_total{outcome=\"restored\"} 2.0");
        assertThat(alice.page().evaluate("() => document.body.dataset.callState")).isEqualTo("connected");
    }

    @Test
    void aServerRestartMidDirectCallTakesTheCallUpAgainWithoutRinging() throws Exception {
        ServerConfig config = config(Restarts.freePort(), ResumePolicy.DEFAULT_GRACE);
        ParleyServer first = start(config);
        String url = "http://127.0.0.1:" + config.http().port() + "/";
        Person alice = person("alice", url);
        Person bob = person("bob", url);
        Stage.ring(alice, bob);
        bob.page().click("#accept");
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        String before = (String) alice.page().evaluate("() => window.parleyApp.call.call");

        MediaTimeline aliceMedia = new MediaTimeline(alice);
        MediaTimeline bobMedia = new MediaTimeline(bob);
        ParleyServer restarted = Restarts.whileSampling(first, config, aliceMedia, bobMedia);
        closeAfter.add(restarted);
        aliceMedia.assertNeverStalled(Duration.ofSeconds(1));
        bobMedia.assertNeverStalled(Duration.ofSeconds(1));

        // The server knows the call again, under a new id both sides use; bob was not rung.
        alice.waitFor("b => window.parleyApp.call.call !== b && !window.parleyApp.call._resuming", before);
        String after = (String) alice.page().evaluate("() => window.parleyApp.call.call");
        bob.waitFor("a => window.parleyApp.call?.call === a", after);
        assertThat(restarted.hub().stats().calls()).isEqualTo(1);
        assertThat(bob.page().isVisible("#incoming")).as("no ringing for a call going on").isFalse();
        assertThat(metrics(restarted)).contains("parley_calls_ended_total{outcome=\"accepted\"} 1.0");

        // And it works through the server: a renegotiation (a screen beside the camera), then a hang-up.
        alice.page().click("#screen");
        bob.waitFor("() => document.getElementById('remote-shared').videoWidth === 960");
        bob.page().click("#hangup");
        assertThat(alice.awaitNotice("hung up")).isEqualTo("The other person hung up.");
    }

    @Test
    void aKilledBrowserIsNoticedByItsPeerWithinTheHeartbeatBound() throws Exception {
        // Longer than the app waits before it shows the notice (a peer is often back within a moment).
        Duration grace = Duration.ofSeconds(6);
        ParleyServer server = start(config(0, grace));
        String url = "http://127.0.0.1:" + server.httpPort() + "/";
        Person alice = person("alice", url);
        KillableBrowser victimBrowser = new KillableBrowser();
        closeAfter.add(victimBrowser);
        Person bob = victimBrowser.person("bob", url);
        meetInRoom(alice, bob, "kill-room");

        long killed = System.nanoTime();
        victimBrowser.kill();
        awaitSeen(alice, "peer-away");
        long toldMillis = (System.nanoTime() - killed) / 1_000_000;
        assertThat(toldMillis).as("peer told within two heartbeat intervals").isLessThanOrEqualTo(2 * HEARTBEAT.toMillis() + 500);
        assertThat(alice.awaitNotice("lost their connection")).isNotBlank();
        alice.screenshot("peer-away");
        // Nobody resumes the dead browser's session: after the grace its seat is given up.
        alice.awaitCallState("waiting");
        long leftMillis = (System.nanoTime() - killed) / 1_000_000;
        assertThat(leftMillis).isGreaterThanOrEqualTo(grace.toMillis() - 100);
        assertThat(server.hub().stats().awaySessions()).isZero();
        System.out.printf("killed browser: peer told after %d ms, seat given up after %d ms%n", toldMillis, leftMillis);
    }

    private static String metrics(ParleyServer server) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
