package dev.parley.core;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable ids for sessions and calls: knowing one must not let anyone predict another. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    /** 96 random bits as 16 URL-safe characters. */
    static String next() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
