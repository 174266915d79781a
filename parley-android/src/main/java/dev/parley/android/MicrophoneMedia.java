package dev.parley.android;

import java.util.List;
import org.webrtc.AudioSource;
import org.webrtc.AudioTrack;
import org.webrtc.MediaConstraints;
import org.webrtc.MediaStreamTrack;
import org.webrtc.PeerConnectionFactory;

/**
 * The microphone alone (an audio call), with libwebrtc's echo cancellation and noise suppression.
 * Needs the {@code RECORD_AUDIO} permission.
 */
public final class MicrophoneMedia extends AndroidMedia {
    private final AudioSource source;
    private final AudioTrack track;

    /** Guarded by {@code this}. */
    private boolean closed;

    MicrophoneMedia(PeerConnectionFactory factory) {
        this.source = factory.createAudioSource(new MediaConstraints());
        this.track = factory.createAudioTrack(streamId() + "-audio", source);
    }

    public AudioTrack audio() {
        return track;
    }

    /** Mutes (false) or unmutes the microphone without renegotiating. */
    public synchronized void setEnabled(boolean enabled) {
        if (!closed) track.setEnabled(enabled);
    }

    @Override
    List<MediaStreamTrack> tracks() {
        return List.of(track);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        track.dispose();
        source.dispose();
    }
}
