package dev.parley.android;

import java.util.ArrayList;
import java.util.List;
import org.webrtc.AudioTrack;
import org.webrtc.VideoSink;
import org.webrtc.VideoTrack;

/** org.webrtc's track classes with their native-backed methods stood in for (see {@link FakeLibwebrtc}). */
final class FakeTracks {
    private FakeTracks() {}

    static final class Video extends VideoTrack {
        private final String id;
        final List<VideoSink> sinks = new ArrayList<>();
        volatile boolean disposed;

        Video(String id) {
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

    static final class Audio extends AudioTrack {
        private final String id;

        Audio(String id) {
            super(1L);
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }
    }
}
