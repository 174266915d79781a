package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real calls: two (or three) Chromium profiles use the web app served by a real Parley server on
 * 127.0.0.1, and the assertions read what WebRTC itself reports (ICE state, decoded frames,
 * received bytes, audio energy).
 */
class BrowserCallTest {
    private static ParleyServer server;
    private static Chromium chromium;
    private static String url;

    private final java.util.List<Person> people = new java.util.ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = ParleyServer.start(ServerConfig.loopback(0));
        url = "http://127.0.0.1:" + server.httpPort() + "/";
        chromium = new Chromium();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) chromium.close();
        if (server != null) server.close();
    }

    @AfterEach
    void closeBrowsers() {
        people.forEach(Person::close);
    }

    private static void meetInRoom(Person alice, Person bob, String room) {
        Stage.meet(alice, bob, room);
    }

    private Person person(String label) {
        Person p = chromium.person(label, url);
        people.add(p);
        return p;
    }

    @Test
    void twoPeopleInARoomSeeAndHearEachOther() {
        Person alice = person("alice");
        Person bob = person("bob");
        meetInRoom(alice, bob, "e2e-room");
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();
        assertThat(alice.page().url()).endsWith("/r/e2e-room"); // the shareable link
        // Two people fill a room of two: nobody is offered a link to invite a third.
        assertThat(alice.page().isHidden("#share")).as("alice's invitation, room full").isTrue();
        assertThat(bob.page().isHidden("#share")).as("bob's invitation, room full").isTrue();
        // The header says where the call stands, not just that the server is there.
        alice.waitFor("() => document.getElementById('connection').textContent === 'in a call in “e2e-room” · direct'");
        alice.screenshot("room-call-alice");
        bob.screenshot("room-call-bob");
        bob.page().setViewportSize(390, 844); // a phone held upright
        bob.screenshot("room-call-bob-phone");
    }

    /**
     * The camera opens while a room name is typed, where the person allowed it before, with the
     * call's peer connection and offer; the call takes both.
     */
    @Test
    void typingARoomNameOpensTheCameraAheadOnlyWhereAllowed() {
        Person alice = person("alice");
        String previewOn = "() => { const v = document.getElementById('home-preview'); return !v.hidden && v.videoWidth > 0; }";
        String previewTracks = "() => document.getElementById('home-preview').srcObject.getTracks().map(t => t.id).sort().join()";
        alice.page().fill("#room", "warm-room");
        alice.waitFor(previewOn);
        assertThat(alice.page().evaluate("() => document.getElementById('local').srcObject === document.getElementById('home-preview').srcObject"))
                .as("the call view's own preview is given the camera ahead too").isEqualTo(true);
        alice.page().evaluate("() => { window.__warm = document.getElementById('home-preview').srcObject; }");
        alice.page().fill("#room", "");
        alice.waitFor("() => document.getElementById('home-preview').hidden && window.__warm.getTracks().every(t => t.readyState === 'ended')");
        assertThat(alice.page().evaluate("() => document.getElementById('local').srcObject")).as("and loses it when it goes off").isNull();

        // With someone waiting in the room: the peer connection and its offer are made ahead too, and the call takes them.
        Person carol = person("carol");
        carol.joinRoom("warm-room");
        carol.awaitCallState("waiting");
        alice.page().fill("#room", "warm-room");
        alice.waitFor(previewOn);
        Object opened = alice.page().evaluate(previewTracks);
        alice.waitFor("() => window.parleyApp.parley?.preparedLink?.pc.localDescription?.type === 'offer'");
        alice.page().evaluate("() => { window.__ahead = window.parleyApp.parley.preparedLink; }");
        alice.page().click("#join");
        alice.awaitCallState("connected");
        assertThat(alice.page().evaluate("() => window.parleyApp.stream.getTracks().map(t => t.id).sort().join()"))
                .as("the call's camera and microphone are the ones opened ahead").isEqualTo(opened);
        assertThat(alice.page().evaluate("() => window.parleyApp.call.link === window.__ahead"))
                .as("the call's peer connection is the one made ahead").isEqualTo(true);
        assertThat(alice.page().isHidden("#home-preview")).isTrue();
        assertThat(alice.page().evaluate("() => document.getElementById('local').srcObject === window.parleyApp.stream")).isEqualTo(true);
        alice.assertMediaFlowing();
        carol.assertMediaFlowing();

        // Never allowed in this browser (the browser would have to ask): typing must not touch the camera.
        // This browser grants everything (its fake devices), so the page is told what a browser that would ask says.
        Person bob = person("bob");
        bob.page().addInitScript("""
                (() => {
                  const query = navigator.permissions.query.bind(navigator.permissions);
                  navigator.permissions.query = d => ['camera', 'microphone'].includes(d.name) ? Promise.resolve({ state: 'prompt' }) : query(d);
                  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
                  window.__cameraAsked = 0;
                  navigator.mediaDevices.getUserMedia = c => { window.__cameraAsked++; return getUserMedia(c); };
                })()""");
        bob.page().reload();
        bob.page().fill("#room", "warm-room");
        assertThat(bob.page().evaluate("""
                async () => { const w = window.parleyApp.warmer;
                  await w.warm(); // typing started one already: this waits for the same decision
                  if (w.pending) await w.pending;
                  await new Promise(r => setTimeout(r, 0));
                  return w.pending === null && document.getElementById('home-preview').hidden && window.__cameraAsked === 0; }"""))
                .as("no camera opened ahead without the grant").isEqualTo(true);
    }

    @Test
    void aThirdPersonIsToldTheRoomIsFull() {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        meetInRoom(alice, bob, "two-seats");

        carol.joinRoom("two-seats");
        assertThat(carol.awaitNotice("full")).contains("Room 'two-seats' is full");
        assertThat(carol.page().isVisible("#home")).isTrue();
        carol.screenshot("room-full");
        alice.assertMediaFlowing(); // the call goes on
    }

    @Test
    void hangingUpTellsTheOtherSideAndStopsTheirMedia() {
        Person alice = person("alice");
        Person bob = person("bob");
        meetInRoom(alice, bob, "bye-room");

        bob.waitFor("() => !document.getElementById('quality').hidden");
        alice.page().click("#hangup");
        assertThat(alice.awaitNotice("You left")).isEqualTo("You left the call. Rejoin “bye-room”");
        assertThat(alice.page().isVisible("#home")).isTrue();
        assertThat(alice.page().textContent("#connection")).isEqualTo("connected to the server");
        assertThat(bob.awaitNotice("left the call")).isNotBlank();
        bob.awaitCallState("waiting");
        assertThat(bob.media()).as("bob's peer connection is closed").isNull();
        assertThat((Boolean) bob.page().evaluate("() => document.getElementById('remote').srcObject === null")).isTrue();
        // No frozen last reading of a call that is gone, not even from a reading that was under way.
        assertThat(bob.page().isHidden("#quality")).as("bob's quality line once alice left").isTrue();
        bob.page().waitForTimeout(1_500);
        assertThat(bob.page().isHidden("#quality")).as("bob's quality line a moment later").isTrue();
        // Bob's seat is free again: the invitation is back, and the header says he waits.
        assertThat(bob.page().isVisible("#share")).isTrue();
        assertThat(bob.page().textContent("#connection")).isEqualTo("waiting in “bye-room”");
        bob.screenshot("peer-left");
        alice.screenshot("you-left");

        alice.page().click("#rejoin");
        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        alice.assertMediaFlowing();
        assertThat(alice.page().isHidden("#notice")).isTrue();
    }

    @Test
    void aDirectCallRingsAndOnceAcceptedCarriesMedia() {
        Person alice = person("alice");
        Person bob = person("bob");
        Stage.ring(alice, bob);
        bob.screenshot("incoming-call");
        bob.page().click("#accept");

        alice.awaitConnectedWithVideo();
        bob.awaitConnectedWithVideo();
        alice.assertMediaFlowing();
        bob.assertMediaFlowing();
        alice.screenshot("direct-call-alice");
        bob.screenshot("direct-call-bob");

        bob.page().click("#hangup");
        assertThat(alice.awaitNotice("hung up")).isEqualTo("The other person hung up.");
    }

    @Test
    void aRejectedCallSaysSo() {
        Person alice = person("alice");
        Person bob = person("bob");
        Stage.ring(alice, bob);
        bob.page().click("#decline");
        assertThat(alice.awaitNotice("declined")).isEqualTo("The call was declined.");
        assertThat(alice.page().isVisible("#home")).isTrue();
    }

    @Test
    void callingSomeoneOfflineSaysTheyAreNotOnline() {
        Person alice = person("alice");
        alice.goOnline("alice");
        // The list only offers people online, so ask the SDK in the page, as another app would.
        Object code = alice.page().evaluate(
                "() => window.parleyApp.parley.ring('zed').then(() => 'rang', e => e.code)");
        assertThat(code).isEqualTo("offline");

        Person bob = person("bob");
        bob.goOnline("bob");
        alice.call("bob");
        bob.awaitIncomingCallFrom("alice");
        bob.close(); // bob's browser goes away while it rings
        people.remove(bob);
        assertThat(alice.awaitNotice("lost their connection")).isNotBlank();
    }

    @Test
    void mutingTheMicrophoneSilencesItOnTheFarSide() {
        Person alice = person("alice");
        Person bob = person("bob");
        meetInRoom(alice, bob, "mute-room");

        double heard = energyGrowth(bob);
        assertThat(heard).as("audio energy bob receives while alice talks").isGreaterThan(0.0);

        alice.page().click("#mic");
        assertThat(alice.page().getAttribute("#mic", "aria-pressed")).isEqualTo("true");
        bob.page().waitForTimeout(500); // let in-flight audio drain
        double muted = energyGrowth(bob);
        assertThat(muted).as("energy after mute (was %s)", heard).isLessThan(heard / 100);
        bob.assertMediaFlowing(); // muted audio still flows as silence, video goes on

        alice.page().click("#mic");
        assertThat(energyGrowth(bob)).as("energy after unmute").isGreaterThan(heard / 10);
    }

    /** Audio energy bob's side received over two seconds (the fake microphone beeps about once a second). */
    private static double energyGrowth(Person p) {
        double before = p.media().audioEnergy();
        p.page().waitForTimeout(2_000);
        return p.media().audioEnergy() - before;
    }
}
