package dev.parley.client.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Video the application pushes, frame by frame, at the rate it likes (webrtc timestamps each frame
 * as it arrives, and may scale or drop frames to fit the bandwidth). Any thread may push.
 */
public final class PushedVideo extends VideoInput {
    private final WebRtc rtc;
    private final CustomVideoSource source;
    private final VideoTrack track;
    /** Held while pushing, so that the source is never released in the middle of a push. */
    private final Object lock = new Object();
    // guarded by lock
    private boolean closed;

    PushedVideo(WebRtc rtc, PeerConnectionFactory factory) {
        this.rtc = rtc;
        this.source = new CustomVideoSource();
        this.track = factory.createVideoTrack("video-" + UUID.randomUUID(), source);
    }

    public void push(I420Frame frame) {
        NativeI420Buffer buffer = frame.toNative();
        pushAndRelease(new VideoFrame(buffer, System.nanoTime()));
    }

    /** I420 planes with their strides (bytes from one row to the next), as decoders give them. */
    public void pushI420(int width, int height, ByteBuffer y, int strideY, ByteBuffer u, int strideU, ByteBuffer v, int strideV) {
        I420Frame.checkSize(width, height);
        int cw = I420Frame.chromaWidth(width), ch = I420Frame.chromaHeight(height);
        checkPlane(y, strideY, width, height);
        checkPlane(u, strideU, cw, ch);
        checkPlane(v, strideV, cw, ch);
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        try {
            copyPlane(y, strideY, buffer.getDataY(), buffer.getStrideY(), width, height);
            copyPlane(u, strideU, buffer.getDataU(), buffer.getStrideU(), cw, ch);
            copyPlane(v, strideV, buffer.getDataV(), buffer.getStrideV(), cw, ch);
        } catch (RuntimeException e) {
            buffer.release();
            throw e;
        }
        pushAndRelease(new VideoFrame(buffer, System.nanoTime()));
    }

    /** Packed 0xAARRGGBB pixels, row after row. */
    public void pushArgb(int[] argb, int width, int height) {
        push(I420Frame.fromArgb(argb, width, height));
    }

    public void push(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        I420Frame.checkSize(w, h);
        pushArgb(image.getRGB(0, 0, w, h, null, 0, w), w, h);
    }

    /** A frame webrtc decoded (an echo): pushed as it is; it stays the caller's to release. */
    void forward(VideoFrame frame) {
        synchronized (lock) {
            if (!closed) source.pushFrame(frame);
        }
    }

    private void pushAndRelease(VideoFrame frame) {
        try {
            synchronized (lock) {
                if (closed) throw new IllegalStateException("this video input is closed");
                source.pushFrame(frame);
            }
        } finally {
            frame.release();
        }
    }

    private static void checkPlane(ByteBuffer plane, int stride, int w, int h) {
        if (stride < w) throw new IllegalArgumentException("stride " + stride + " below width " + w);
        if (plane.remaining() < (long) stride * (h - 1) + w) throw new IllegalArgumentException("plane too small");
    }

    private static void copyPlane(ByteBuffer src, int srcStride, ByteBuffer dst, int dstStride, int w, int h) {
        ByteBuffer in = src.duplicate();
        int base = in.position();
        byte[] row = new byte[w];
        for (int r = 0; r < h; r++) {
            in.position(base + r * srcStride);
            in.get(row);
            dst.position(r * dstStride);
            dst.put(row);
        }
    }

    @Override
    VideoTrack track() {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("this video input is closed");
            return track;
        }
    }

    /** Stops the video; peers still sending it go on with a frozen picture until they close. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
        }
        Closing.dispose(track);
        Closing.run("video source", source::dispose);
        rtc.forget(this);
    }
}
