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
 * TURN server needs only the shared secret, and refuses a username whose time has passed.
 */
public final class RestApiCredentials implements Credentials {
    /** Longest lifetime {@link #mint} hands out: a session renews rather than holding week-long keys. */
    public static final Duration MAX_TTL = Duration.ofDays(1);

    private final byte[] secret;
    private final Clock clock;

    public RestApiCredentials(String secret, Clock clock) {
        if (secret.length() < 16) throw new IllegalArgumentException("the shared secret needs at least 16 characters");
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    public record Minted(String username, String password, Duration ttl) {}

    /** Credentials for {@code user} valid for {@code ttl}. */
    public Minted mint(String user, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) throw new IllegalArgumentException("ttl must be within " + MAX_TTL);
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

    /** {@code <expiry>:<user>} counts against {@code user}'s quota, whatever the expiry. */
    @Override
    public String quotaUser(String username) {
        int colon = username.indexOf(':');
        return colon < 0 ? username : username.substring(colon + 1);
    }

    @Override
    public byte[] key(String username, String realm) {
        int colon = username.indexOf(':');
        if (colon <= 0) return null;
        long expiry;
        try {
            expiry = Long.parseLong(username.substring(0, colon));
        } catch (NumberFormatException e) {
            return null;
        }
        if (expiry <= Instant.now(clock).getEpochSecond()) return null;
        return LongTermKey.md5(username, realm, password(username));
    }
}
