package dev.parley.client.webrtc;

import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import dev.parley.client.rtc.RemoteTrack;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A track the other side sends, with its frames ({@link #onFrame}) or samples ({@link #onSamples}),
 * and {@link #forwardTo} to send them on (an echo). Sinks run on webrtc's decoding and audio threads:
 * they must return quickly, and a slow one holds up the picture or the sound.
 *
 * <p>One native sink per track feeds every listener here, added on the first listener and removed
 * when the peer closes; the native track is the peer connection's and is never disposed here.
 */
public final class WebRtcRemoteTrack implements RemoteTrack {
    private final MediaStreamTrack track;
    private final String id;
    private final Kind kind;
    private final CopyOnWriteArrayList<FrameSink> frameSinks = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<PushedVideo> videoTargets = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<SampleSink> sampleSinks = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<PushedAudio> audioTargets = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    // guarded by lock
    private VideoTrackSink nativeVideoSink;
    // guarded by lock
    private AudioTrackSink nativeAudioSink;
    // guarded by lock
    private boolean released;
    private volatile boolean removed;

    /** A decoded frame, copied out of native memory. */
    @FunctionalInterface
    public interface FrameSink {
        void onFrame(I420Frame frame);
    }

    /** Decoded samples: 16-bit little-endian PCM, usually 10 ms at 48 kHz. */
    @FunctionalInterface
    public interface SampleSink {
        void onSamples(byte[] pcm16le, int sampleRate, int channels, int frames);
    }

    WebRtcRemoteTrack(MediaStreamTrack track, String id) {
        this.track = track;
        this.id = id;
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

    /** Whether the other side stopped sending it (onTrackRemoved was reported). */
    public boolean removed() {
        return removed;
    }

    /** Every decoded frame, as a copy; returns what stops it. Video tracks only. */
    public AutoCloseable onFrame(FrameSink sink) {
        requireKind(Kind.VIDEO);
        frameSinks.add(Objects.requireNonNull(sink));
        ensureNativeSink();
        return () -> frameSinks.remove(sink);
    }

    /** Every chunk of decoded samples; returns what stops it. Audio tracks only. */
    public AutoCloseable onSamples(SampleSink sink) {
        requireKind(Kind.AUDIO);
        sampleSinks.add(Objects.requireNonNull(sink));
        ensureNativeSink();
        return () -> sampleSinks.remove(sink);
    }

    /**
     * Sends every decoded frame on through {@code target} (which may feed other peers), with no copy
     * in Java; returns what stops it. For an echo: the frames go back out as they came in.
     */
    public AutoCloseable forwardTo(PushedVideo target) {
        requireKind(Kind.VIDEO);
        videoTargets.add(Objects.requireNonNull(target));
        ensureNativeSink();
        return () -> videoTargets.remove(target);
    }

    /** Sends every chunk of decoded samples on through {@code target}; returns what stops it. */
    public AutoCloseable forwardTo(PushedAudio target) {
        requireKind(Kind.AUDIO);
        audioTargets.add(Objects.requireNonNull(target));
        ensureNativeSink();
        return () -> audioTargets.remove(target);
    }

    private void requireKind(Kind wanted) {
        if (kind != wanted) throw new IllegalStateException("a " + kind + " track has no " + wanted + " sink");
    }

    private void ensureNativeSink() {
        synchronized (lock) {
            if (released) return;
            if (track instanceof VideoTrack video && nativeVideoSink == null) {
                nativeVideoSink = this::deliverFrame;
                video.addSink(nativeVideoSink);
            } else if (track instanceof AudioTrack audio && nativeAudioSink == null) {
                nativeAudioSink = this::deliverSamples;
                audio.addSink(nativeAudioSink);
            }
        }
    }

    /** On webrtc's decoding thread; the frame is a native copy this side must release. */
    private void deliverFrame(VideoFrame frame) {
        try {
            for (PushedVideo target : videoTargets) {
                Threads.callback("forwarding a frame", () -> target.forward(frame));
            }
            if (!frameSinks.isEmpty()) {
                I420Frame copy = I420Frame.copyOf(frame.buffer.toI420());
                for (FrameSink sink : frameSinks) Threads.callback("frame sink", () -> sink.onFrame(copy));
            }
        } catch (Throwable e) {
            org.slf4j.LoggerFactory.getLogger(WebRtcRemoteTrack.class).warn("remote frame", e);
        } finally {
            frame.release();
        }
    }

    /** On the audio device module's playout thread; the array is a fresh copy. */
    private void deliverSamples(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
        Threads.callback("sample sink", () -> {
            for (PushedAudio target : audioTargets) target.forward(data, bitsPerSample, sampleRate, channels, frames);
            if (bitsPerSample != 16) return;
            for (SampleSink sink : sampleSinks) Threads.callback("sample sink", () -> sink.onSamples(data, sampleRate, channels, frames));
        });
    }

    WebRtcRemoteTrack readded() {
        removed = false;
        return this;
    }

    void markRemoved() {
        removed = true;
    }

    boolean released() {
        synchronized (lock) {
            return released;
        }
    }

    /** When the peer closes: removes the native sink (once it returns, no callback is running). */
    void release() {
        synchronized (lock) {
            if (released) return;
            released = true;
            try {
                if (nativeVideoSink != null) ((VideoTrack) track).removeSink(nativeVideoSink);
                if (nativeAudioSink != null) ((AudioTrack) track).removeSink(nativeAudioSink);
            } catch (RuntimeException | Error e) {
                org.slf4j.LoggerFactory.getLogger(WebRtcRemoteTrack.class).debug("removing sinks", e);
            }
        }
        frameSinks.clear();
        sampleSinks.clear();
        videoTargets.clear();
        audioTargets.clear();
    }

    @Override
    public String toString() {
        return "WebRtcRemoteTrack[" + kind + " " + id + "]";
    }
}
