package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.call.CallEvent;
import dev.parley.client.call.CallState;
import dev.parley.client.call.MediaCall;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Java program and Chromium in one call, through a real server: each decodes the other's video
 * and hears the other's sound.
 */
@Tag("java-media")
class JavaPeerCallTest {
    @RegisterExtension
    static final Stage.Extension stage = Stage.extension();
    private JavaPeer java;

    @AfterEach
    void close() {
        if (java != null) java.close();
    }

    private URI ws() {
        return URI.create("ws://127.0.0.1:" + stage.get().server.httpPort() + "/ws");
    }

    /** The browser decodes the Java side's picture (its size, frames advancing) and hears its tone. */
    static void assertBrowserReceivesJava(Person p) {
        p.waitFor("w => document.getElementById('remote').videoWidth === w", JavaPeer.WIDTH);
        long frames = framesShown(p);
        double energy = p.media().audioEnergy();
        p.page().waitForTimeout(1_500);
        assertThat(framesShown(p) - frames).as("frames the browser showed of the Java side's video").isGreaterThan(5);
        assertThat(p.media().audioEnergy() - energy).as("the Java side's tone in the browser").isGreaterThan(0.001);
    }

    private static long framesShown(Person p) {
        return ((Number) p.page().evaluate("() => document.getElementById('remote').getVideoPlaybackQuality().totalVideoFrames")).longValue();
    }

    @Test
    void aJavaProgramAndABrowserMeetInARoom() {
        Person alice = stage.get().person("alice");
        alice.joinRoom("java-room");
        alice.awaitCallState("waiting");
        java = new JavaPeer(ws(), "bot").connect();
        MediaCall call = java.joinCall("java-room");

        alice.awaitConnectedWithVideo();
        java.await("connected", () -> call.state() == CallState.CONNECTED);
        java.await("the browser's camera", () -> java.framesDecoded.get() > 10);
        var frame = java.lastFrame.get();
        assertThat(frame.width()).as("Chromium's fake camera").isEqualTo(640);
        assertThat(frame.height()).isEqualTo(480);
        java.assertReceiving(Duration.ofSeconds(2));
        assertBrowserReceivesJava(alice);
    }
}
