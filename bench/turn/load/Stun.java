import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The few STUN/TURN messages the load tool sends and reads (RFC 8489, RFC 8656). Not a full parser. */
final class Stun {
    static final int COOKIE = 0x2112A442;

    static final int BINDING = 0x0001, ALLOCATE = 0x0003, REFRESH = 0x0004, CREATE_PERMISSION = 0x0008,
            CHANNEL_BIND = 0x0009;
    static final int SUCCESS = 0x0100, ERROR = 0x0110; // class bits added to the method

    static final int USERNAME = 0x0006, MESSAGE_INTEGRITY = 0x0008, ERROR_CODE = 0x0009,
            CHANNEL_NUMBER = 0x000C, LIFETIME = 0x000D, XOR_PEER_ADDRESS = 0x0012, REALM = 0x0014,
            NONCE = 0x0015, XOR_RELAYED_ADDRESS = 0x0016, REQUESTED_TRANSPORT = 0x0019,
            XOR_MAPPED_ADDRESS = 0x0020;

    private Stun() {}

    /** A parsed message: its type, transaction id and first occurrence of each attribute. */
    record Message(int type, byte[] txid, Map<Integer, byte[]> attributes) {
        int method() { return type & ~0x0110; }
        boolean isSuccess() { return (type & 0x0110) == SUCCESS; }
        boolean isError() { return (type & 0x0110) == ERROR; }

        /** ERROR-CODE as class × 100 + number (RFC 8489 §14.8), or 0 without one. */
        int errorCode() {
            byte[] v = attributes.get(ERROR_CODE);
            return v == null || v.length < 4 ? 0 : (v[2] & 7) * 100 + (v[3] & 0xFF);
        }

        String errorReason() {
            byte[] v = attributes.get(ERROR_CODE);
            return v == null || v.length < 4 ? "" : new String(v, 4, v.length - 4, StandardCharsets.UTF_8);
        }

        String text(int attribute) {
            byte[] v = attributes.get(attribute);
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }

        InetSocketAddress xorAddress(int attribute) {
            byte[] v = attributes.get(attribute);
            return v == null ? null : decodeXorAddress(ByteBuffer.wrap(v), txid);
        }
    }

    static byte[] newTransactionId() {
        byte[] id = new byte[12];
        ThreadLocalRandom.current().nextBytes(id);
        return id;
    }

    /** Builds one request; attributes in call order, MESSAGE-INTEGRITY last when a key is given. */
    static final class Builder {
        private final ByteBuffer buf = ByteBuffer.allocate(1024);
        private final byte[] txid;

        Builder(int type, byte[] txid) {
            this.txid = txid;
            buf.putShort((short) type).putShort((short) 0).putInt(COOKIE).put(txid);
        }

        byte[] txid() { return txid; }

        Builder attribute(int type, byte[] value) {
            buf.putShort((short) type).putShort((short) value.length).put(value);
            while (buf.position() % 4 != 0) buf.put((byte) 0);
            return this;
        }

        Builder text(int type, String value) {
            return attribute(type, value.getBytes(StandardCharsets.UTF_8));
        }

        Builder u32(int type, int value) {
            return attribute(type, ByteBuffer.allocate(4).putInt(value).array());
        }

        Builder xorAddress(int type, InetSocketAddress address, byte[] txid) {
            return attribute(type, encodeXorAddress(address, txid));
        }

        /** RFC 8489 §14.5: HMAC-SHA1 over the message so far, its length already counting the attribute. */
        ByteBuffer build(byte[] key) {
            if (key != null) {
                buf.putShort(2, (short) (buf.position() - 20 + 24));
                byte[] mac = hmacSha1(key, buf.array(), buf.position());
                attribute(MESSAGE_INTEGRITY, mac);
            }
            buf.putShort(2, (short) (buf.position() - 20));
            return ByteBuffer.wrap(buf.array(), 0, buf.position()).slice();
        }
    }

    /** Parses one STUN message from {@code in} (its remaining bytes); null when it is not one. */
    static Message parse(ByteBuffer in) {
        ByteBuffer b = in.slice();
        if (b.remaining() < 20 || (b.get(0) & 0xC0) != 0 || b.getInt(4) != COOKIE) return null;
        int type = b.getShort(0) & 0xFFFF, length = b.getShort(2) & 0xFFFF;
        if (20 + length > b.remaining()) return null;
        byte[] txid = new byte[12];
        b.get(8, txid);
        Map<Integer, byte[]> attributes = new LinkedHashMap<>();
        int p = 20, end = 20 + length;
        for (int n = 0; p + 4 <= end && n < 64; n++) {
            int t = b.getShort(p) & 0xFFFF, len = b.getShort(p + 2) & 0xFFFF;
            if (p + 4 + len > end) return null;
            byte[] v = new byte[len];
            b.get(p + 4, v);
            attributes.putIfAbsent(t, v);
            p += 4 + ((len + 3) & ~3);
        }
        return new Message(type, txid, attributes);
    }

    static byte[] encodeXorAddress(InetSocketAddress address, byte[] txid) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer v = ByteBuffer.allocate(4 + ip.length);
        v.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2)).putShort((short) (address.getPort() ^ (COOKIE >>> 16)));
        byte[] mask = xorMask(txid);
        for (int i = 0; i < ip.length; i++) v.put((byte) (ip[i] ^ mask[i]));
        return v.array();
    }

    /** XOR-MAPPED-ADDRESS and kin (RFC 8489 §14.2) from an attribute value; null when malformed. */
    static InetSocketAddress decodeXorAddress(ByteBuffer v, byte[] txid) {
        if (v.remaining() < 8) return null;
        int family = v.get(v.position() + 1), length = family == 1 ? 4 : family == 2 ? 16 : -1;
        if (length < 0 || v.remaining() < 4 + length) return null;
        int port = (v.getShort(v.position() + 2) & 0xFFFF) ^ (COOKIE >>> 16);
        byte[] mask = xorMask(txid), ip = new byte[length];
        for (int i = 0; i < length; i++) ip[i] = (byte) (v.get(v.position() + 4 + i) ^ mask[i]);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static byte[] xorMask(byte[] txid) {
        return ByteBuffer.allocate(16).putInt(COOKIE).put(txid).array();
    }

    /** The long-term credential key, MD5(username ":" realm ":" password) (RFC 8489 §9.2.2). */
    static byte[] longTermKey(String user, String realm, String password) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmacSha1(byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
