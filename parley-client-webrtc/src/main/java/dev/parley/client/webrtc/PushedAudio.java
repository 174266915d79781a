package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Audio the application pushes: 16-bit little-endian PCM, mono or stereo, in chunks of 10 ms
 * (480 frames at 48 kHz). Push in real time; webrtc encodes what comes, it does not pace it.
 *
 * <p>Each peer gets a native source of its own, fed from here: webrtc-java's custom audio source
 * keeps its consumers in an unlocked list that the signaling thread changes while the pushing thread
 * reads it, so a source shared by peers that come and go could crash the JVM. With one per peer, a
 * source is fed only between its track joining the connection and the connection closing.
 */
public final class PushedAudio extends AudioInput {
    public static final int SAMPLE_RATE = 48_000;
    private static final Set<Integer> RATES = Set.of(8_000, 16_000, 32_000, 44_100, 48_000);

    private final WebRtc rtc;
    /** Held while pushing, so that a source is never released in the middle of a push. */
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private final Map<WebRtcPeer, Feed> feeds = new HashMap<>();
    // guarded by lock
    private boolean closed;

    private static final class Feed {
        final CustomAudioSource source;
        final AudioTrack track;
        boolean active;

        Feed(CustomAudioSource source, AudioTrack track) {
            this.source = source;
            this.track = track;
        }

        void dispose() {
            Closing.dispose(track);
            Closing.run("audio source", source::dispose);
        }
    }

    PushedAudio(WebRtc rtc, PeerConnectionFactory factory) {
        this.rtc = rtc;
    }

    /** 10 ms at 48 kHz: {@code 480 * channels} samples, interleaved when stereo. */
    public void push(short[] samples, int channels) {
        checkChannels(channels);
        if (samples.length != SAMPLE_RATE / 100 * channels) {
            throw new IllegalArgumentException("10 ms at 48 kHz is " + SAMPLE_RATE / 100 * channels + " samples, not " + samples.length);
        }
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            pcm[2 * i] = (byte) samples[i];
            pcm[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        pushChecked(pcm, SAMPLE_RATE, channels);
    }

    /** 10 ms of 16-bit little-endian PCM at {@code sampleRate} (8, 16, 32, 44.1 or 48 kHz). */
    public void push(byte[] pcm16le, int sampleRate, int channels) {
        checkChannels(channels);
        if (!RATES.contains(sampleRate)) throw new IllegalArgumentException("unsupported sample rate " + sampleRate);
        int expected = sampleRate / 100 * channels * 2;
        if (pcm16le.length != expected) {
            throw new IllegalArgumentException("10 ms at " + sampleRate + " Hz, " + channels + " channel(s) is " + expected + " bytes, not " + pcm16le.length);
        }
        pushChecked(pcm16le.clone(), sampleRate, channels);
    }

    /** Forwarded samples (a remote track's, for an echo): the same rules, unchecked sizes dropped. */
    void forward(byte[] pcm16le, int bitsPerSample, int sampleRate, int channels, int frames) {
        if (bitsPerSample != 16 || (channels != 1 && channels != 2) || frames * channels * 2 != pcm16le.length) return;
        pushChecked(pcm16le, sampleRate, channels);
    }

    private void pushChecked(byte[] pcm, int sampleRate, int channels) {
        int frames = pcm.length / 2 / channels;
        lock.lock();
        try {
            if (closed) return;
            for (Feed feed : feeds.values()) {
                if (feed.active) feed.source.pushAudio(pcm, 16, sampleRate, channels, frames);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void checkChannels(int channels) {
        if (channels != 1 && channels != 2) throw new IllegalArgumentException("1 or 2 channels, not " + channels);
    }

    @Override
    AudioTrack attach(WebRtcPeer peer, PeerConnectionFactory factory) {
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("this audio input is closed");
            CustomAudioSource source = new CustomAudioSource();
            Feed feed = new Feed(source, factory.createAudioTrack("audio-" + UUID.randomUUID(), source));
            Feed previous = feeds.put(peer, feed);
            if (previous != null) previous.dispose();
            return feed.track;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void activate(WebRtcPeer peer) {
        setActive(peer, true);
    }

    @Override
    void detach(WebRtcPeer peer) {
        setActive(peer, false);
    }

    private void setActive(WebRtcPeer peer, boolean active) {
        lock.lock();
        try {
            Feed feed = feeds.get(peer);
            if (feed != null) feed.active = active && !closed;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void release(WebRtcPeer peer) {
        Feed feed;
        lock.lock();
        try {
            feed = feeds.remove(peer);
        } finally {
            lock.unlock();
        }
        if (feed != null) feed.dispose();
    }

    /**
     * Stops sending to every peer. The peers' connections stay open (silent); their native sources
     * are released when the peers close.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Feed feed : feeds.values()) feed.active = false;
        } finally {
            lock.unlock();
        }
        rtc.forget(this);
    }
}
