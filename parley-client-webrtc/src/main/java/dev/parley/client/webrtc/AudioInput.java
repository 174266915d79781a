package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;

/**
 * Where a call's audio comes from: samples the application pushes ({@link PushedAudio}) or the
 * microphone. One input may feed several peers at once. Closing it stops what it sends.
 */
public abstract sealed class AudioInput implements AutoCloseable permits PushedAudio, DeviceAudio {
    AudioInput() {}

    /** The track to add to this peer's connection; nothing flows into it before {@link #activate}. */
    abstract AudioTrack attach(WebRtcPeer peer, PeerConnectionFactory factory);

    /** The peer's connection holds the track now: feed it. */
    abstract void activate(WebRtcPeer peer);

    /** Stops feeding this peer (before its connection closes). */
    abstract void detach(WebRtcPeer peer);

    /** Releases what was made for this peer (after its connection closed). */
    abstract void release(WebRtcPeer peer);

    @Override
    public abstract void close();
}
