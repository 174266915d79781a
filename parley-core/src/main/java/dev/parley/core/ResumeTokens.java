package dev.parley.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resume tokens: {@code <session id>.<signature>}, the signature a truncated HMAC-SHA256 of the id.
 * Stateless, so a server restarted with the same key still recognises who held which id. The
 * token is a bearer secret of the client that got it in {@code welcome}; peers only ever see ids.
 */
final class ResumeTokens {
    /** 128 bits: forging one is out of reach, and the token stays short. */
    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    ResumeTokens(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    String issue(String sessionId) {
        return sessionId + "." + ENCODER.encodeToString(sign(sessionId));
    }

    /** The session id the token was issued for, or null if it is not one of ours. */
    String verify(String token) {
        int dot = token.lastIndexOf('.');
        if (dot <= 0) return null;
        String id = token.substring(0, dot);
        // Compared as text, not decoded: base64 decoders accept several spellings of one value.
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = ENCODER.encodeToString(sign(id)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(given, expected) ? id : null;
    }

    private byte[] sign(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Arrays.copyOf(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
