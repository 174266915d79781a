package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;

/**
 * The microphone, through the factory's audio device module: one track every peer shares (the
 * module's capture goes to every peer; there is no per-peer feed to manage).
 */
final class DeviceAudio extends AudioInput {
    private final WebRtc rtc;
    private final AudioTrackSource source;
    private final AudioTrack track;
    private final Object lock = new Object();
    // guarded by lock
    private boolean closed;

    DeviceAudio(WebRtc rtc, AudioTrackSource source, AudioTrack track) {
        this.rtc = rtc;
        this.source = source;
        this.track = track;
    }

    @Override
    AudioTrack attach(WebRtcPeer peer, PeerConnectionFactory factory) {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("this audio input is closed");
            return track;
        }
    }

    @Override
    void activate(WebRtcPeer peer) {}

    @Override
    void detach(WebRtcPeer peer) {}

    @Override
    void release(WebRtcPeer peer) {}

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
        }
        track.setEnabled(false);
        Closing.dispose(track);
        rtc.forget(this);
    }
}
