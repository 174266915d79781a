package dev.parley.client.webrtc;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import java.nio.ByteBuffer;

/**
 * One video frame in I420 (YUV 4:2:0, BT.601 limited range), planes packed without padding: Y is
 * {@code width * height} bytes, U and V {@code ((width + 1) / 2) * ((height + 1) / 2)} each. The
 * arrays are this frame's own (copies of native memory), so it may be kept and passed between threads.
 */
public record I420Frame(int width, int height, byte[] y, byte[] u, byte[] v) {
    /** Larger frames are refused: a bad push must not allocate without bound. */
    public static final int MAX_SIDE = 4096;

    public I420Frame {
        checkSize(width, height);
        int chroma = chromaWidth(width) * chromaHeight(height);
        if (y.length != width * height || u.length != chroma || v.length != chroma) {
            throw new IllegalArgumentException("plane sizes do not fit " + width + "x" + height);
        }
    }

    static void checkSize(int width, int height) {
        if (width < 2 || height < 2 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " out of 2.." + MAX_SIDE);
        }
    }

    static int chromaWidth(int width) {
        return (width + 1) / 2;
    }

    static int chromaHeight(int height) {
        return (height + 1) / 2;
    }

    /** The luma (0-255) at a pixel. */
    public int luma(int x, int yPos) {
        return y[yPos * width + x] & 0xff;
    }

    /** From packed 0xAARRGGBB pixels, row after row (alpha ignored). */
    public static I420Frame fromArgb(int[] argb, int width, int height) {
        checkSize(width, height);
        if (argb.length < width * height) throw new IllegalArgumentException("fewer pixels than " + width + "x" + height);
        int cw = chromaWidth(width), ch = chromaHeight(height);
        byte[] y = new byte[width * height], u = new byte[cw * ch], v = new byte[cw * ch];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int p = argb[row * width + col];
                int r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
                y[row * width + col] = (byte) (((66 * r + 129 * g + 25 * b + 128) >> 8) + 16);
            }
        }
        for (int row = 0; row < ch; row++) {
            for (int col = 0; col < cw; col++) {
                // The average of the (up to) four pixels the chroma sample covers.
                int r = 0, g = 0, b = 0, n = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int px = Math.min(width - 1, 2 * col + dx), py = Math.min(height - 1, 2 * row + dy);
                        int p = argb[py * width + px];
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                        n++;
                    }
                }
                r /= n;
                g /= n;
                b /= n;
                u[row * cw + col] = (byte) (((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128);
                v[row * cw + col] = (byte) (((112 * r - 94 * g - 18 * b + 128) >> 8) + 128);
            }
        }
        return new I420Frame(width, height, y, u, v);
    }

    /** As packed 0xFFRRGGBB pixels, row after row. */
    public int[] toArgb() {
        int cw = chromaWidth(width);
        int[] out = new int[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int c = (y[row * width + col] & 0xff) - 16;
                int d = (u[(row / 2) * cw + col / 2] & 0xff) - 128;
                int e = (v[(row / 2) * cw + col / 2] & 0xff) - 128;
                int r = clamp((298 * c + 409 * e + 128) >> 8);
                int g = clamp((298 * c - 100 * d - 208 * e + 128) >> 8);
                int b = clamp((298 * c + 516 * d + 128) >> 8);
                out[row * width + col] = 0xff000000 | (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    private static int clamp(int x) {
        return x < 0 ? 0 : Math.min(255, x);
    }

    /** A copy of a native buffer's planes (which may have padded rows). */
    static I420Frame copyOf(I420Buffer buffer) {
        int w = buffer.getWidth(), h = buffer.getHeight();
        int cw = chromaWidth(w), ch = chromaHeight(h);
        return new I420Frame(w, h,
                copyPlane(buffer.getDataY(), buffer.getStrideY(), w, h),
                copyPlane(buffer.getDataU(), buffer.getStrideU(), cw, ch),
                copyPlane(buffer.getDataV(), buffer.getStrideV(), cw, ch));
    }

    private static byte[] copyPlane(ByteBuffer plane, int stride, int w, int h) {
        byte[] out = new byte[w * h];
        for (int row = 0; row < h; row++) {
            plane.position(row * stride);
            plane.get(out, row * w, w);
        }
        return out;
    }

    /** A native buffer holding this frame; the caller releases it. */
    NativeI420Buffer toNative() {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        fillPlane(buffer.getDataY(), buffer.getStrideY(), y, width, height);
        fillPlane(buffer.getDataU(), buffer.getStrideU(), u, chromaWidth(width), chromaHeight(height));
        fillPlane(buffer.getDataV(), buffer.getStrideV(), v, chromaWidth(width), chromaHeight(height));
        return buffer;
    }

    static void fillPlane(ByteBuffer plane, int stride, byte[] src, int w, int h) {
        for (int row = 0; row < h; row++) {
            plane.position(row * stride);
            plane.put(src, row * w, w);
        }
    }
}
