package dev.parley.client.webrtc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * On a machine without camera, display and sound server (CI's, this one's), asking for them fails
 * with a clear exception instead of the hang or crash webrtc-java gives there.
 */
class DevicesTest {
    @Test
    void noCameraNoScreenNoMicrophoneNoSoundServer() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "checks of Linux devices");
        boolean noCamera;
        try (var dev = Files.list(Path.of("/dev"))) {
            noCamera = dev.noneMatch(p -> p.getFileName().toString().startsWith("video"));
        }
        assumeTrue(noCamera && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && System.getenv("PULSE_SERVER") == null && !Files.exists(Path.of("/dev/snd")), "a machine without media devices");
        try (WebRtc rtc = WebRtc.headless()) {
            assertThatThrownBy(rtc::camera).isInstanceOf(NoMediaDeviceException.class).hasMessageContaining("no camera");
            assertThatThrownBy(rtc::screen).isInstanceOf(NoMediaDeviceException.class).hasMessageContaining("no screen");
            assertThatThrownBy(rtc::microphone).isInstanceOf(NoMediaDeviceException.class).hasMessageContaining("headless");
        }
        assertThatThrownBy(WebRtc::withAudioDevices).isInstanceOf(NoMediaDeviceException.class).hasMessageContaining("no sound");
    }
}
