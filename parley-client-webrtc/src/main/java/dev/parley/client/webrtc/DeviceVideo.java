package dev.parley.client.webrtc;

import dev.onvoid.webrtc.media.video.VideoTrack;

/** A camera or a screen: a native capturing source, started when made, stopped when closed. */
final class DeviceVideo extends VideoInput {
    private final WebRtc rtc;
    private final VideoTrack track;
    /** Stops the capture and releases the native source. */
    private final Runnable release;
    private final Object lock = new Object();
    // guarded by lock
    private boolean closed;

    DeviceVideo(WebRtc rtc, VideoTrack track, Runnable release) {
        this.rtc = rtc;
        this.track = track;
        this.release = release;
    }

    @Override
    VideoTrack track() {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("this video input is closed");
            return track;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
        }
        Closing.run("stopping capture", release);
        Closing.dispose(track);
        rtc.forget(this);
    }
}
