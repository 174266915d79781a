package dev.parley.turn.auth;

import dev.parley.turn.stun.LongTermKey;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ephemeral credentials of the TURN REST API draft, compatible with coturn's {@code use-auth-secret}:
 * the username is {@code <expiry unix seconds>:<user>} and the password
 * {@code base64(HMAC-SHA1(secret, username))}. The signaling server mints them per session; the
 * TURN server needs only the shared secret, and refuses a username whose time has passed or whose
 * expiry lies further ahead than the longest lifetime this server hands out (plus {@link #SKEW}):
 * such a name was not minted here, and would otherwise be a credential that never expires.
 */
public final class RestApiCredentials implements Credentials {
    /** Longest lifetime {@link #mint} hands out: a session renews rather than holding week-long keys. */
    public static final Duration MAX_TTL = Duration.ofDays(1);
    /** Clock difference tolerated with another minting server sharing the secret. */
    public static final Duration SKEW = Duration.ofMinutes(1);
    /** An expiry has at most this many digits: ample for any time in seconds, and never overflows a long. */
    private static final int MAX_EXPIRY_DIGITS = 12;
    /** Whose quota REST names count against: never a static user's (see {@link StaticUsers#QUOTA_PREFIX}). */
    public static final String QUOTA_PREFIX = "rest:";

    private final byte[] secret;
    private final Clock clock;
    private final Duration maxTtl;

    /** Accepting expiries up to {@link #MAX_TTL} ahead. */
    public RestApiCredentials(String secret, Clock clock) {
        this(secret, clock, MAX_TTL);
    }

    /** Accepting expiries up to {@code maxTtl} (plus {@link #SKEW}) ahead: the TTL this server mints with. */
    public RestApiCredentials(String secret, Clock clock, Duration maxTtl) {
        if (secret.length() < 16) throw new IllegalArgumentException("the shared secret needs at least 16 characters");
        if (maxTtl.isNegative() || maxTtl.isZero() || maxTtl.compareTo(MAX_TTL) > 0) throw new IllegalArgumentException("ttl must be within " + MAX_TTL);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        this.maxTtl = maxTtl;
    }

    public record Minted(String username, String password, Duration ttl) {}

    /** Credentials for {@code user} valid for {@code ttl}. */
    public Minted mint(String user, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(maxTtl) > 0) throw new IllegalArgumentException("ttl must be within " + maxTtl);
        if (user.contains(":")) throw new IllegalArgumentException("the user part may not contain ':'");
        String username = Instant.now(clock).plus(ttl).getEpochSecond() + ":" + user;
        return new Minted(username, password(username), ttl);
    }

    public String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    /**
     * {@code <expiry>:<user>} counts against {@code user}'s REST quota, whatever the expiry; never
     * against a static user of the same name.
     */
    @Override
    public String quotaUser(String username) {
        int colon = username.indexOf(':');
        return QUOTA_PREFIX + (colon < 0 ? username : username.substring(colon + 1));
    }

    @Override
    public byte[] key(String username, String realm) {
        int colon = username.indexOf(':');
        long expiry = expiry(username, colon);
        long now = Instant.now(clock).getEpochSecond();
        if (expiry <= now || expiry > now + maxTtl.plus(SKEW).toSeconds()) return null;
        return LongTermKey.md5(username, realm, password(username));
    }

    /** The expiry before the colon: 1 to 12 ASCII digits, no sign, no other digits; -1 otherwise. */
    private static long expiry(String username, int colon) {
        if (colon <= 0 || colon > MAX_EXPIRY_DIGITS) return -1;
        long value = 0;
        for (int i = 0; i < colon; i++) {
            char c = username.charAt(i);
            if (c < '0' || c > '9') return -1;
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
