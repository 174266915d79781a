package dev.parley.turn.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;

/**
 * The long-term credential key, RFC 8489 §9.2.2: MD5(username ":" realm ":" password), the password
 * prepared with SASLprep (RFC 4013) as RFC 5389 and coturn do: characters "mapped to nothing"
 * removed, non-ASCII spaces made spaces, then NFKC.
 */
public final class LongTermKey {
    private LongTermKey() {}

    public static byte[] md5(String username, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + saslPrep(password)).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    static String saslPrep(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (mapsToNothing(c)) return;
            out.appendCodePoint(Character.isSpaceChar(c) && c != ' ' ? ' ' : c);
        });
        return Normalizer.normalize(out, Normalizer.Form.NFKC);
    }

    /** RFC 3454 table B.1. */
    private static boolean mapsToNothing(int c) {
        return c == 0x00AD || c == 0x034F || c == 0x1806 || (c >= 0x180B && c <= 0x180D) || (c >= 0x200B && c <= 0x200D)
                || c == 0x2060 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF;
    }
}
