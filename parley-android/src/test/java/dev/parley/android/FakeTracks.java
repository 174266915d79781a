package dev.parley.android;

import java.util.ArrayList;
import java.util.List;
import org.webrtc.AudioTrack;
import org.webrtc.VideoSink;
import org.webrtc.VideoTrack;

/**
 * org.webrtc's track classes with their native-backed methods stood in for (see {@link FakeLibwebrtc}),
 * for this package's tests and the sample's.
 */
public final class FakeTracks {
    private FakeTracks() {}

    public static final class Video extends VideoTrack {
        private final String id;
        public final List<VideoSink> sinks = new ArrayList<>();
        public volatile boolean disposed;

        public Video(String id) {
            super(1L);
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void addSink(VideoSink sink) {
            if (disposed) throw new IllegalStateException("MediaStreamTrack has been disposed.");
            sinks.add(sink);
        }

        @Override
        public void removeSink(VideoSink sink) {
            if (disposed) throw new IllegalStateException("MediaStreamTrack has been disposed.");
            sinks.remove(sink);
        }

        @Override
        public boolean isDisposed() {
            return disposed;
        }

        @Override
        public void dispose() {
            disposed = true;
        }
    }

    public static final class Audio extends AudioTrack {
        private final String id;

        public Audio(String id) {
            super(1L);
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }

    /** The remote track the adapter would hand the call layer for {@code track}. */
    public static AndroidRemoteTrack remote(org.webrtc.MediaStreamTrack track) {
        return new AndroidRemoteTrack(track);
    }
}
