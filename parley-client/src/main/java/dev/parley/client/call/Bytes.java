package dev.parley.client.call;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Byte helpers the JDK has only in versions Android lacks (the SDK runs on Android API 26). */
final class Bytes {
    private Bytes() {}

    /** Up to {@code n} bytes, fewer only at the end of the stream (not readNBytes: Android has it from API 33). */
    static byte[] readUpTo(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        for (int r; got < n && (r = in.read(b, got, n - got)) >= 0; ) got += r;
        return got == n ? b : Arrays.copyOf(b, got);
    }

    /** Lower-case hex; not java.util.HexFormat, which Android has only from API 34. */
    static String hex(byte[] bytes) {
        var out = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        return out.toString();
    }
}
