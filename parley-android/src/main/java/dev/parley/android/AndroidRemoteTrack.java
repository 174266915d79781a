package dev.parley.android;

import dev.parley.client.rtc.RemoteTrack;
import org.webrtc.AudioTrack;
import org.webrtc.MediaStreamTrack;
import org.webrtc.VideoSink;
import org.webrtc.VideoTrack;

/**
 * A track the other side sends, holding org.webrtc's own track: add a {@code SurfaceViewRenderer}
 * (or any {@link VideoSink}) to {@link #video()} to show it. Audio plays by itself through the
 * factory's audio device; {@link #audio()} can change its volume.
 *
 * <p>The peer connection disposes the track when it closes: {@link #addSink} and {@link #removeSink}
 * are then no-ops, so an activity may detach its renderer whenever it likes.
 */
public final class AndroidRemoteTrack implements RemoteTrack {
    private final MediaStreamTrack track;
    private final String id;
    private final Kind kind;

    AndroidRemoteTrack(MediaStreamTrack track) {
        this.track = track;
        this.id = track.id(); // read once: each call crosses into native code
        this.kind = track instanceof VideoTrack ? Kind.VIDEO : Kind.AUDIO;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    /** The video track, or null if this is audio. */
    public VideoTrack video() {
        return track instanceof VideoTrack v ? v : null;
    }

    /** The audio track, or null if this is video. */
    public AudioTrack audio() {
        return track instanceof AudioTrack a ? a : null;
    }

    /** Shows this video in {@code sink}; false if this is audio or the call has ended. */
    public boolean addSink(VideoSink sink) {
        if (!(track instanceof VideoTrack v)) return false;
        try {
            if (v.isDisposed()) return false;
            v.addSink(sink);
            return true;
        } catch (IllegalStateException disposedMeanwhile) {
            return false;
        }
    }

    public void removeSink(VideoSink sink) {
        if (!(track instanceof VideoTrack v)) return;
        try {
            if (!v.isDisposed()) v.removeSink(sink);
        } catch (IllegalStateException disposedMeanwhile) {
            // the peer connection closed between the check and the call: nothing left to detach from
        }
    }

    /** org.webrtc's track, for what this class does not cover. */
    public MediaStreamTrack track() {
        return track;
    }

    @Override
    public String toString() {
        return "AndroidRemoteTrack[" + kind + " " + id + "]";
    }
}
