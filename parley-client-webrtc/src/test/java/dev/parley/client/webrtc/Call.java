package dev.parley.client.webrtc;

import dev.parley.client.rtc.LocalMedia;
import dev.parley.client.rtc.PeerConnectionState;
import dev.parley.client.rtc.RemoteTrack;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two peers of one factory in one JVM, wired to each other by hand ({@link Side}): Alice impolite,
 * Bob polite, each sending a synthetic 320x240 picture and tone (or nothing).
 */
final class Call implements AutoCloseable {
    static final int WIDTH = 320, HEIGHT = 240;

    final WebRtc rtc = WebRtc.headless();
    final SyntheticMedia aliceMedia, bobMedia;
    final WebRtcMedia aliceLocal, bobLocal;
    final Side alice, bob;

    Call(boolean media) {
        if (media) {
            aliceMedia = rtc.synthetic(WIDTH, HEIGHT, 15);
            bobMedia = rtc.synthetic(WIDTH, HEIGHT, 15);
            aliceLocal = rtc.media(aliceMedia.audio(), aliceMedia.video());
            bobLocal = rtc.media(bobMedia.audio(), bobMedia.video());
        } else {
            aliceMedia = bobMedia = null;
            aliceLocal = bobLocal = null;
        }
        alice = new Side("alice", false);
        bob = new Side("bob", true);
        Side.start(rtc, alice, media ? aliceLocal : LocalMedia.NONE, bob, media ? bobLocal : LocalMedia.NONE);
    }

    void awaitConnected() {
        Await.until(Duration.ofSeconds(20), () -> "connected; alice " + alice.connectionStates + " " + alice.errors + " " + alice.log
                + ", bob " + bob.connectionStates + " " + bob.errors + " " + bob.log,
                () -> alice.peer.connectionState() == PeerConnectionState.CONNECTED
                        && bob.peer.connectionState() == PeerConnectionState.CONNECTED);
    }

    static WebRtcRemoteTrack awaitTrack(Side side, RemoteTrack.Kind kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (WebRtcRemoteTrack t : side.tracks) if (t.kind() == kind) return t;
            Thread.sleep(20);
        }
        throw new AssertionError(side.name + " got no " + kind + " track within 20 s: " + side.errors);
    }

    @Override
    public void close() {
        Closing.quietly(alice);
        Closing.quietly(bob);
        rtc.close();
    }
}
