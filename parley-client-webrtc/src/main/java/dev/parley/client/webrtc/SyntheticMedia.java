package dev.parley.client.webrtc;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moving {@link TestPattern} and a 440 Hz tone, pushed into a {@link PushedVideo} and a
 * {@link PushedAudio} by one timer thread of its own (every 10 ms, a frame when one is due), for
 * bots and tests. Closing it stops the thread and closes both inputs.
 */
public final class SyntheticMedia implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyntheticMedia.class);
    public static final double TONE_HZ = 440;
    /** A quarter of full scale: clearly audible, far from clipping. */
    public static final short TONE_AMPLITUDE = 8192;
    /** After a stall (a busy machine), at most this many 10 ms chunks are pushed at once to catch up. */
    private static final int MAX_CATCH_UP = 5;

    private final PushedVideo video;
    private final PushedAudio audio;
    private final int width, height;
    private final long frameNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.named("parley-synthetic-media"));
    private final long start = System.nanoTime();
    // only touched on the timer thread
    private long framesSent, chunksSent, samplesSent;

    SyntheticMedia(PushedVideo video, PushedAudio audio, int width, int height, int framesPerSecond) {
        I420Frame.checkSize(width, height);
        if (framesPerSecond < 1 || framesPerSecond > 60) throw new IllegalArgumentException("1 to 60 frames per second");
        this.video = video;
        this.audio = audio;
        this.width = width;
        this.height = height;
        this.frameNanos = 1_000_000_000L / framesPerSecond;
        timer.scheduleAtFixedRate(this::tick, 0, 10, TimeUnit.MILLISECONDS);
    }

    public PushedVideo video() {
        return video;
    }

    public PushedAudio audio() {
        return audio;
    }

    private void tick() {
        try {
            long elapsed = System.nanoTime() - start;
            long chunksDue = elapsed / 10_000_000L + 1;
            if (chunksDue - chunksSent > MAX_CATCH_UP) chunksSent = chunksDue - MAX_CATCH_UP;
            while (chunksSent < chunksDue) {
                audio.push(tone(), 1);
                chunksSent++;
            }
            if (elapsed >= framesSent * frameNanos) {
                video.push(TestPattern.frame(width, height, framesSent));
                framesSent = Math.max(framesSent + 1, elapsed / frameNanos);
            }
        } catch (IllegalStateException closed) {
            timer.shutdown();
        } catch (Throwable e) {
            // Anything escaping would cancel the timer without a word.
            log.warn("synthetic media", e);
        }
    }

    private short[] tone() {
        short[] s = new short[PushedAudio.SAMPLE_RATE / 100];
        for (int i = 0; i < s.length; i++, samplesSent++) {
            s[i] = (short) (TONE_AMPLITUDE * Math.sin(2 * Math.PI * TONE_HZ * samplesSent / PushedAudio.SAMPLE_RATE));
        }
        return s;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        video.close();
        audio.close();
    }
}
