package dev.parley.turn.auth;

import dev.parley.turn.allocation.TurnClock;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * NONCE values (RFC 8489 §9.2) that need no server state: the expiry time and a MAC over it and the
 * client's IP address. A nonce from another address, forged, or past its time is refused, the last
 * with 438 Stale Nonce so the client retries with the fresh one in the same answer.
 */
public final class Nonces {
    /** coturn's default stale-nonce time. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    private static final int MAC_BYTES = 12;
    private static final HexFormat HEX = HexFormat.of();

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
        long expiry = clock.now().plus(lifetime).getEpochSecond();
        return HEX.toHexDigits(expiry) + HEX.formatHex(mac(expiry, client));
    }

    public Check check(String nonce, InetAddress client) {
        if (nonce.length() != 16 + 2 * MAC_BYTES) return Check.INVALID;
        long expiry;
        byte[] presented;
        try {
            expiry = HEX.fromHexDigitsToLong(nonce.substring(0, 16));
            presented = HEX.parseHex(nonce.substring(16));
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
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
