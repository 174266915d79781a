package dev.parley.turn.auth;

import dev.parley.turn.allocation.TurnClock;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * NONCE values (RFC 8489 §9.2) that need no server state: the expiry time and a MAC over it and the
 * client's IP address. A nonce from another address, forged, or past its time is refused, the last
 * with 438 Stale Nonce so the client retries with the fresh one in the same answer. Written as 22
 * base64url characters (32-bit expiry, 96-bit MAC): every 401 carries one, and a 401 is what a
 * spoofed 20-byte request draws, so its size is the amplification factor's largest part.
 */
public final class Nonces {
    /** coturn's default stale-nonce time. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    private static final int MAC_BYTES = 12;
    private static final int BYTES = 4 + MAC_BYTES;
    private static final int CHARS = (BYTES * 8 + 5) / 6;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;
    private final TurnClock clock;
    private final Duration lifetime;

    public Nonces(TurnClock clock, Duration lifetime) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret); // per process: a restart simply makes clients fetch a new nonce
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public enum Check { VALID, STALE, INVALID }

    public String issue(InetAddress client) {
        long expiry = clock.now().plus(lifetime).getEpochSecond() & 0xFFFF_FFFFL; // unsigned seconds: until 2106
        byte[] raw = ByteBuffer.allocate(BYTES).putInt((int) expiry).put(mac(expiry, client)).array();
        return ENCODER.encodeToString(raw);
    }

    public Check check(String nonce, InetAddress client) {
        if (nonce.length() != CHARS) return Check.INVALID;
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (raw.length != BYTES) return Check.INVALID;
        ByteBuffer b = ByteBuffer.wrap(raw);
        long expiry = b.getInt() & 0xFFFF_FFFFL;
        byte[] presented = new byte[MAC_BYTES];
        b.get(presented);
        if (!MessageDigest.isEqual(mac(expiry, client), presented)) return Check.INVALID;
        return expiry > clock.now().getEpochSecond() ? Check.VALID : Check.STALE;
    }

    private byte[] mac(long expiry, InetAddress client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(ByteBuffer.allocate(8).putLong(expiry).array());
            byte[] full = mac.doFinal(client.getAddress());
            return java.util.Arrays.copyOf(full, MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
