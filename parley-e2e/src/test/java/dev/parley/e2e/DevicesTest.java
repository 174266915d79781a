package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.parley.server.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Devices mid-call, with Chromium's fake devices: three cameras, three microphones, three speakers;
 * and the screen instead of or beside the camera. (The fake cameras draw the same picture, so which camera
 * feeds the call is read from WebRTC's statistics; the screen differs in size.)
 */
class DevicesTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension(ServerConfig.loopback(0), List.of("--use-fake-device-for-media-stream=device-count=3"));
    private Person alice;
    private Person bob;

    private void meet(String room) {
        alice = stage.get().person("alice");
        bob = stage.get().person("bob");
        Stage.meet(alice, bob, room);
        alice.page().click("#settings summary");
    }

    /** The camera feeding alice's outgoing video, as WebRTC's own statistics name its track. */
    private static final String SENDING_CAMERA = """
            async () => {
              const pc = window.parleyApp.call.pc;
              const sender = pc.getSenders().find(s => s.track?.kind === 'video');
              const stats = await pc.getStats();
              let source = null;
              stats.forEach(s => { if (s.type === 'outbound-rtp' && s.kind === 'video') source = stats.get(s.mediaSourceId)?.trackIdentifier; });
              return source === sender.track.id ? sender.track.label : 'stats name ' + source + ', sender has ' + sender.track.id;
            }""";

    /** Offers alice's side has made so far (a switch must not add one). */
    private static int offersSent(Person p) {
        return ((Number) p.page().evaluate("() => window.parleyApp.call.link.trace.filter(s => s.includes('send offer')).length")).intValue();
    }

    @Test
    void switchingCameraMidCallFeedsTheCallFromTheNewCameraWithoutRenegotiating() {
        meet("camera-room");
        assertThat(alice.page().locator("#camera-choice option").count()).isEqualTo(3);
        assertThat(alice.page().evaluate(SENDING_CAMERA)).isEqualTo("fake_device_0");
        int offers = offersSent(alice);

        // The third: Chromium's second fake camera is a depth camera (16-bit grey), which no video encoder takes.
        String third = alice.page().locator("#camera-choice option").nth(2).getAttribute("value");
        alice.page().selectOption("#camera-choice", third);
        alice.waitFor("async () => (await (" + SENDING_CAMERA + ")()) === 'fake_device_2'");
        alice.waitFor("() => window.parleyApp.stream.getVideoTracks()[0].label === 'fake_device_2'"); // the local preview too
        assertThat(offersSent(alice)).as("replaceTrack, no new offer").isEqualTo(offers);
        bob.page().waitForTimeout(2_000); // a freshly opened camera takes a moment to deliver frames
        bob.assertMediaFlowing();

        // Devices come and go: on devicechange the menus are read again (here from a menu emptied on purpose).
        alice.page().evaluate("() => document.getElementById('camera-choice').replaceChildren()");
        alice.page().evaluate("() => navigator.mediaDevices.dispatchEvent(new Event('devicechange'))");
        alice.waitFor("() => document.querySelectorAll('#camera-choice option').length === 3"
                + " && document.getElementById('camera-choice').selectedOptions[0]?.textContent === 'fake_device_2'");

        // The camera in use is unplugged (its track ends): the app moves to the one that is left.
        alice.page().evaluate("() => window.parleyApp.stream.getVideoTracks()[0].dispatchEvent(new Event('ended'))");
        assertThat(alice.awaitNotice("unplugged")).contains("camera was unplugged");
        alice.waitFor("async () => (await (" + SENDING_CAMERA + ")()) === 'fake_device_0'");
        bob.page().waitForTimeout(2_000);
        bob.assertMediaFlowing();
    }

    @Test
    void switchingMicrophoneAndSpeakerMidCall() {
        meet("mic-room");
        assertThat(alice.page().locator("#mic-choice option").count()).isEqualTo(3); // the default, and two
        String third = alice.page().locator("#mic-choice option").nth(2).getAttribute("value");
        alice.page().selectOption("#mic-choice", third);
        alice.waitFor("() => window.parleyApp.stream.getAudioTracks()[0].getSettings().deviceId === '" + third + "'");
        alice.waitFor("() => window.parleyApp.call.pc.getSenders().find(s => s.track?.kind === 'audio').track.getSettings().deviceId === '"
                + third + "'");
        double energy = bob.media().audioEnergy();
        bob.page().waitForTimeout(1_000);
        assertThat(bob.media().audioEnergy()).as("bob still hears alice").isGreaterThan(energy);

        assertThat(bob.page().isVisible("#speaker-field")).isFalse(); // settings closed on bob's side
        bob.page().click("#settings summary");
        String speaker = bob.page().locator("#speaker-choice option").nth(1).getAttribute("value");
        bob.page().selectOption("#speaker-choice", speaker);
        bob.waitFor("() => document.getElementById('remote').sinkId === '" + speaker + "'");
    }

    @Test
    void sharingTheScreenInsteadOfTheCameraAndBack() {
        meet("screen-room");
        assertThat(bob.media().frameWidth()).as("alice's camera").isEqualTo(640);
        int offers = offersSent(alice);
        alice.page().selectOption("#screen-mode", "instead");
        alice.page().click("#screen");
        bob.waitFor("() => !document.getElementById('remote-screen').hidden");
        bob.waitFor("() => document.getElementById('remote').videoWidth === 960"); // the shared screen, not the camera
        assertThat(alice.page().textContent("#screen")).isEqualTo("Stop sharing");
        assertThat(offersSent(alice)).as("replaceTrack, no new offer").isEqualTo(offers);
        assertThat(bob.page().isHidden("#remote-shared")).isTrue();
        // Alice's own preview shows the screen she sends, unmirrored so its text reads.
        alice.waitFor("() => document.getElementById('local').classList.contains('screen') && document.getElementById('local').videoWidth === 960");
        bob.screenshot("screen-instead-of-camera");

        alice.page().click("#screen");
        bob.waitFor("() => document.getElementById('remote-screen').hidden");
        bob.waitFor("() => document.getElementById('remote').videoWidth === 640");
        assertThat((Boolean) alice.page().evaluate("() => window.parleyApp.stream.getVideoTracks()[0].label.startsWith('fake_device')")).isTrue();
        assertThat((Boolean) alice.page().evaluate("() => document.getElementById('local').classList.contains('screen')")).isFalse();
        bob.assertMediaFlowing();
    }

    /** Frames bob's page has decoded so far in a video element. */
    private static long framesShown(Person p, String id) {
        return ((Number) p.page().evaluate("id => document.getElementById(id).getVideoPlaybackQuality().totalVideoFrames", id)).longValue();
    }

    @Test
    void sharingTheScreenBesideTheCameraShowsBothAndStopsCleanly() {
        meet("beside-room");
        for (int round = 1; round <= 2; round++) { // a second share needs a new sender: it must work as well as the first
            alice.page().click("#screen");
            bob.waitFor("() => document.getElementById('remote-shared').videoWidth === 960"); // the screen, in its own video
            bob.waitFor("() => document.querySelector('.stage').classList.contains('with-screen')");
            assertThat(((Number) bob.page().evaluate("() => document.getElementById('remote').videoWidth")).intValue())
                    .as("alice's camera goes on beside it").isEqualTo(640);
            assertThat(bob.page().isVisible("#remote-screen")).as("the 'sharing' badge").isTrue();
            assertThat(bob.page().isHidden("#remote-cam-off")).isTrue();
            long screenFrames = framesShown(bob, "remote-shared");
            long cameraFrames = framesShown(bob, "remote");
            bob.page().waitForTimeout(1_000);
            assertThat(framesShown(bob, "remote-shared")).as("screen frames keep coming").isGreaterThan(screenFrames);
            assertThat(framesShown(bob, "remote")).as("camera frames keep coming").isGreaterThan(cameraFrames);
            assertThat(alice.page().evaluate("() => window.parleyApp.stream.getVideoTracks()[0].label")).isEqualTo("fake_device_0");
            // The sharer sees what it shares, beside its own camera.
            alice.waitFor("() => !document.getElementById('own-screen').hidden && document.getElementById('local-screen').videoWidth === 960");
            assertThat(framesShown(alice, "local-screen")).as("alice's preview of her screen plays").isPositive();
            // The quality line follows what is on the stage: the screen while it is shared.
            bob.waitFor("() => document.getElementById('quality').dataset.width === '960'");
            if (round == 1) {
                bob.screenshot("screen-beside-camera");
                alice.screenshot("screen-beside-camera-sharer");
            }

            alice.page().click("#screen");
            bob.waitFor("() => document.getElementById('remote-shared').hidden && document.getElementById('remote-screen').hidden");
            bob.waitFor("() => !document.querySelector('.stage').classList.contains('with-screen')");
            assertThat(alice.page().textContent("#screen")).isEqualTo("Share screen");
            assertThat(alice.page().isHidden("#own-screen")).as("alice's preview once she stopped").isTrue();
            // Only the camera plays now: the line must not keep the stopped screen's frame size.
            bob.waitFor("() => document.getElementById('quality').dataset.width === '640'");
            // alice no longer sends a screen: one video sender with a track, the camera.
            assertThat(alice.page().evaluate("() => window.parleyApp.call.pc.getSenders().filter(s => s.track?.kind === 'video').map(s => s.track.label)"))
                    .isEqualTo(List.of("fake_device_0"));
        }
        bob.assertMediaFlowing();
    }
}
