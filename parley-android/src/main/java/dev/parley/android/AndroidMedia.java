package dev.parley.android;

import dev.parley.client.rtc.LocalMedia;
import java.util.List;
import java.util.UUID;
import org.webrtc.MediaStreamTrack;
import org.webrtc.PeerConnection;

/**
 * Local media made by {@link AndroidRtc}: tracks the device sends, in one stream (the JS SDK's
 * local {@code MediaStream}; the other side sorts tracks by its id). Media outlives calls: one
 * camera can serve a call after another. Close it when the app is done with it, after the calls.
 */
public abstract sealed class AndroidMedia implements LocalMedia, AutoCloseable permits CameraMedia, MicrophoneMedia {
    private final String streamId = "parley-" + UUID.randomUUID();

    AndroidMedia() {}

    /** The stream id the other side sees (the SDP's {@code msid}). */
    public String streamId() {
        return streamId;
    }

    /** The tracks to send, in the order they are added to a peer connection. */
    abstract List<MediaStreamTrack> tracks();

    /** Sends these tracks on a new peer connection. */
    final void addTo(PeerConnection pc) {
        for (MediaStreamTrack track : tracks()) pc.addTrack(track, List.of(streamId));
    }

    /** Stops capturing and frees the tracks; calls still using them go on without this media. */
    @Override
    public abstract void close();
}
