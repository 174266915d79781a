package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioOptions;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.video.VideoDesktopSource;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.VideoDeviceSource;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.desktop.DesktopSource;
import dev.onvoid.webrtc.media.video.desktop.ScreenCapturer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Cameras, screens and sound devices, each checked before webrtc-java touches it: on a machine
 * without them, some of its calls do not fail but hang (listing microphones with no sound server) or
 * crash the JVM (screen capture with no display), as seen on Linux with webrtc-java 0.14.
 */
final class Devices {
    private Devices() {}

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    }

    /** On Linux: a PulseAudio (or PipeWire-Pulse) server, or at least ALSA devices. */
    static void requireSoundServer() {
        if (!linux()) return;
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        boolean pulse = System.getenv("PULSE_SERVER") != null
                || (runtime != null && Files.exists(Path.of(runtime, "pulse", "native")));
        if (!pulse && !Files.isDirectory(Path.of("/dev/snd"))) {
            throw new NoMediaDeviceException("no sound server or sound device (no PulseAudio socket, no /dev/snd)");
        }
    }

    static VideoInput camera(WebRtc rtc, PeerConnectionFactory factory) {
        if (linux() && !hasVideoDevice()) throw new NoMediaDeviceException("no camera (no /dev/video*)");
        List<VideoDevice> cameras = MediaDevices.getVideoCaptureDevices();
        if (cameras.isEmpty()) throw new NoMediaDeviceException("no camera");
        VideoDeviceSource source = new VideoDeviceSource();
        try {
            source.setVideoCaptureDevice(cameras.get(0));
            source.start();
        } catch (RuntimeException | Error e) {
            Closing.run("camera", source::dispose);
            throw new NoMediaDeviceException("the camera " + cameras.get(0).getName() + " could not start: " + e.getMessage());
        }
        VideoTrack track = factory.createVideoTrack("camera-" + UUID.randomUUID(), source);
        return new DeviceVideo(rtc, track, () -> {
            source.stop();
            source.dispose();
        });
    }

    private static boolean hasVideoDevice() {
        try (var entries = Files.list(Path.of("/dev"))) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("video"));
        } catch (Exception e) {
            return false;
        }
    }

    static VideoInput screen(WebRtc rtc, PeerConnectionFactory factory) {
        if (linux() && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            throw new NoMediaDeviceException("no screen (no DISPLAY or WAYLAND_DISPLAY)");
        }
        ScreenCapturer capturer = new ScreenCapturer();
        List<DesktopSource> screens;
        try {
            screens = capturer.getDesktopSources();
        } finally {
            Closing.dispose(capturer);
        }
        if (screens.isEmpty()) throw new NoMediaDeviceException("no screen");
        VideoDesktopSource source = new VideoDesktopSource();
        try {
            source.setSourceId(screens.get(0).id, false);
            source.setFrameRate(15);
            source.start();
        } catch (RuntimeException | Error e) {
            Closing.run("screen", source::dispose);
            throw new NoMediaDeviceException("the screen could not be captured: " + e.getMessage());
        }
        VideoTrack track = factory.createVideoTrack("screen-" + UUID.randomUUID(), source);
        return new DeviceVideo(rtc, track, () -> {
            source.stop();
            source.dispose();
        });
    }

    static AudioInput microphone(WebRtc rtc, PeerConnectionFactory factory) {
        AudioOptions options = new AudioOptions();
        options.echoCancellation = true;
        options.autoGainControl = true;
        options.noiseSuppression = true;
        options.highpassFilter = true;
        AudioTrackSource source = factory.createAudioSource(options);
        AudioTrack track = factory.createAudioTrack("microphone-" + UUID.randomUUID(), source);
        return new DeviceAudio(rtc, source, track);
    }
}
