package dev.parley.core;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable ids for sessions and calls: knowing one must not let anyone predict another. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    /** What a translated client's session id begins with: never a character of the URL-safe alphabet. */
    static final String TRANSLATED = "~";

    private Ids() {}

    /** As {@link #next()}, for a client translated at the edge: {@link #TRANSLATED} and 15 random characters. */
    static String translated() {
        return TRANSLATED + next().substring(1);
    }

    /** A fresh id of the same kind as {@code id}. */
    static String like(String id) {
        return id.startsWith(TRANSLATED) ? translated() : next();
    }

    /** 96 random bits as 16 URL-safe characters. */
    static String next() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
