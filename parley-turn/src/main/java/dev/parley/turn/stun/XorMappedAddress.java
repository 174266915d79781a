package dev.parley.turn.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * XOR-MAPPED-ADDRESS, RFC 8489 §14.2 (also XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS of RFC 8656):
 * the port XOR the cookie's high 16 bits, the address XOR the cookie (IPv4) or the cookie and the
 * transaction id (IPv6), so middleboxes that rewrite addresses in payloads leave it alone.
 */
public final class XorMappedAddress {
    public static final int TYPE = 0x0020;
    private static final int IPV4 = 0x01;
    private static final int IPV6 = 0x02;

    private XorMappedAddress() {}

    public static byte[] encode(InetSocketAddress address, byte[] transactionId) {
        byte[] ip = address.getAddress().getAddress();
        byte[] mask = mask(transactionId);
        ByteBuffer out = ByteBuffer.allocate(4 + ip.length);
        out.put((byte) 0).put((byte) (ip.length == 4 ? IPV4 : IPV6));
        out.putShort((short) (address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
        for (int i = 0; i < ip.length; i++) out.put((byte) (ip[i] ^ mask[i]));
        return out.array();
    }

    public static InetSocketAddress decode(byte[] value, byte[] transactionId) throws StunParseException {
        byte[] ip = addressBytes(value, transactionId);
        int port = (ByteBuffer.wrap(value, 2, 2).getShort() & 0xFFFF) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new StunParseException("bad address"); // cannot happen for 4 or 16 bytes
        }
    }

    /**
     * The address exactly as sent: 4 bytes for the IPv4 family, 16 for IPv6. Unlike the
     * {@link InetAddress} of {@link #decode}, an IPv4-mapped IPv6 address stays 16 bytes, which a
     * peer policy must see.
     */
    public static byte[] addressBytes(byte[] value, byte[] transactionId) throws StunParseException {
        if (value.length < 4) throw new StunParseException("address attribute too short");
        int family = value[1] & 0xFF;
        int expected = family == IPV4 ? 8 : family == IPV6 ? 20 : -1;
        if (value.length != expected) throw new StunParseException("bad address family or length");
        byte[] mask = mask(transactionId);
        byte[] ip = new byte[value.length - 4];
        for (int i = 0; i < ip.length; i++) ip[i] = (byte) (value[4 + i] ^ mask[i]);
        return ip;
    }

    private static byte[] mask(byte[] transactionId) {
        return ByteBuffer.allocate(16).putInt(StunMessage.MAGIC_COOKIE).put(transactionId).array();
    }
}
