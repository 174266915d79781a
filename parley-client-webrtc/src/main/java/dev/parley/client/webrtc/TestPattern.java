package dev.parley.client.webrtc;

/**
 * The synthetic video's picture: a gray ramp that scrolls, a white bar that sweeps across, and the
 * frame's number written in the top row as 16 blocks (white for a 1 bit, black for 0), big enough to
 * survive compression and scaling, so a receiver can tell that frames advance and which arrived.
 */
public final class TestPattern {
    public static final int BITS = 16;

    private TestPattern() {}

    static int blockSize(int width) {
        return Math.max(2, width / (BITS + 4));
    }

    /** Frame {@code n} of the pattern. */
    public static I420Frame frame(int width, int height, long n) {
        I420Frame.checkSize(width, height);
        int cw = I420Frame.chromaWidth(width), ch = I420Frame.chromaHeight(height);
        byte[] y = new byte[width * height], u = new byte[cw * ch], v = new byte[cw * ch];
        int shift = (int) (n * 4 % 256);
        int bar = (int) (n * 8 % width);
        int barWidth = Math.max(2, width / 32);
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int luma = 48 + ((col + row + shift) % 256) * 128 / 256;
                if (col >= bar && col < bar + barWidth) luma = 235;
                y[row * width + col] = (byte) luma;
            }
        }
        java.util.Arrays.fill(u, (byte) 128);
        java.util.Arrays.fill(v, (byte) 128);
        int block = blockSize(width);
        for (int bit = 0; bit < BITS; bit++) {
            int luma = ((n >> bit) & 1) == 1 ? 235 : 16;
            for (int row = 0; row < Math.min(block, height); row++) {
                for (int col = (bit + 2) * block; col < (bit + 3) * block; col++) y[row * width + col] = (byte) luma;
            }
        }
        return new I420Frame(width, height, y, u, v);
    }

    /**
     * The frame number a received picture of the pattern shows (its low 16 bits), read from the
     * centre of each block; the picture may have been scaled on the way.
     */
    public static int counter(I420Frame frame) {
        int block = blockSize(frame.width());
        int value = 0;
        for (int bit = 0; bit < BITS; bit++) {
            int cx = (bit + 2) * block + block / 2, cy = Math.min(block / 2, frame.height() - 1);
            if (frame.luma(cx, cy) > 128) value |= 1 << bit;
        }
        return value;
    }
}
