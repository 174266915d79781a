package dev.parley.client.webrtc;

import dev.onvoid.webrtc.media.video.VideoTrack;

/**
 * Where a call's video comes from: frames the application pushes ({@link PushedVideo}), a camera or a
 * screen. One input may feed several peers at once. Closing it stops what it sends.
 */
public abstract sealed class VideoInput implements AutoCloseable permits PushedVideo, DeviceVideo {
    VideoInput() {}

    /** The one track every peer sending this input adds. */
    abstract VideoTrack track();

    @Override
    public abstract void close();
}
