package dev.parley.turn.policy;

import java.util.Arrays;

/**
 * Canonical forms of peer addresses: every IPv6 form that carries an IPv4 address is reduced to
 * that IPv4 address, so a denied IPv4 range cannot be reached by another spelling of it.
 */
final class Addresses {
    private Addresses() {}

    /** The IPv4 address this one stands for, or the address itself (as bytes, 4 or 16). */
    static byte[] canonical(byte[] a) {
        if (a.length == 4) return a.clone();
        byte[] v4 = embeddedIpv4(a);
        return v4 != null ? v4 : a.clone();
    }

    private static byte[] embeddedIpv4(byte[] a) {
        // ::ffff:a.b.c.d (mapped, RFC 4291 §2.5.5.2) and ::a.b.c.d (compatible, deprecated §2.5.5.1; not :: or ::1)
        if (zero(a, 0, 10) && (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF) return tail(a);
        if (zero(a, 0, 12) && !(zero(a, 12, 15) && (a[15] & 0xFF) <= 1)) return tail(a);
        // ::ffff:0:a.b.c.d (IPv4-translated, RFC 2765 / SIIT)
        if (zero(a, 0, 8) && (a[8] & 0xFF) == 0xFF && (a[9] & 0xFF) == 0xFF && zero(a, 10, 12)) return tail(a);
        // 64:ff9b::/96 (NAT64 well-known prefix, RFC 6052)
        if (startsWith(a, 0x00, 0x64, 0xff, 0x9b) && zero(a, 4, 12)) return tail(a);
        // 2002:AABB:CCDD::/48 (6to4, RFC 3056): bits 16-47
        if (startsWith(a, 0x20, 0x02)) return Arrays.copyOfRange(a, 2, 6);
        // 2001:0000::/32 (Teredo, RFC 4380): the client's address is the last 32 bits, inverted
        if (startsWith(a, 0x20, 0x01, 0x00, 0x00)) {
            byte[] v4 = tail(a);
            for (int i = 0; i < 4; i++) v4[i] = (byte) ~v4[i];
            return v4;
        }
        // ISATAP (RFC 5214): interface id 0000:5efe or 0200:5efe, then the IPv4 address
        if ((a[8] & 0xFD) == 0x00 && a[9] == 0 && (a[10] & 0xFF) == 0x5e && (a[11] & 0xFF) == 0xfe) return tail(a);
        return null;
    }

    static byte[] mapped(byte[] v4) {
        byte[] a = new byte[16];
        a[10] = (byte) 0xFF;
        a[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, a, 12, 4);
        return a;
    }

    private static byte[] tail(byte[] a) {
        return Arrays.copyOfRange(a, 12, 16);
    }

    private static boolean zero(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) if (a[i] != 0) return false;
        return true;
    }

    private static boolean startsWith(byte[] a, int... prefix) {
        for (int i = 0; i < prefix.length; i++) if ((a[i] & 0xFF) != prefix[i]) return false;
        return true;
    }
}
