import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** What one load packet looks like on the wire, and how its answer is read back. */
sealed interface Codec permits Codec.Echo, Codec.Binding {
    int OK = 0, NOT_OURS = 1, WRONG_MAPPED_ADDRESS = 2;

    /** Writes the packet of flow {@code id}, number {@code seq}, sent at {@code nanos}, ready to write. */
    void encode(ByteBuffer out, int id, long seq, long nanos);

    /** Reads an answer into {@code d}: {@link #OK}, or why it does not count. */
    int decode(ByteBuffer in, int id, Decoded d);

    /** The last decoded answer; owned by the receiving thread. */
    final class Decoded {
        long seq, nanos;
    }

    int PAYLOAD = 20; // flow id (4), sequence number (8), send nanoTime (8); zeros up to the size

    /**
     * The echoed payload, in ChannelData on {@code channel} (RFC 8656 §12.4) or bare for the raw echo
     * ({@code channel} -1); over TCP the ChannelData is padded to 4 bytes (RFC 8656 §12.5).
     */
    record Echo(int channel, int size, boolean pad) implements Codec {
        int header() { return channel < 0 ? 0 : 4; }

        /** Bytes one packet takes on the wire to the server, header and padding included. */
        int frameLength() { return header() + (pad ? (size + 3) & ~3 : size); }

        @Override
        public void encode(ByteBuffer out, int id, long seq, long nanos) {
            out.clear();
            if (channel >= 0) out.putShort((short) channel).putShort((short) size);
            out.putInt(id).putLong(seq).putLong(nanos); // the rest of the buffer stays zero
            out.position(0).limit(frameLength());
        }

        @Override
        public int decode(ByteBuffer in, int id, Decoded d) {
            int p = in.position(), h = header();
            if (in.remaining() < h + PAYLOAD) return NOT_OURS;
            if (channel >= 0 && ((in.getShort(p) & 0xFFFF) != channel || (in.getShort(p + 2) & 0xFFFF) < PAYLOAD))
                return NOT_OURS;
            if (in.getInt(p + h) != id) return NOT_OURS;
            d.seq = in.getLong(p + h + 4);
            d.nanos = in.getLong(p + h + 12);
            return OK;
        }
    }

    /**
     * A Binding request whose transaction id carries the flow id, the sequence number and the send time
     * in µs since {@code base} (32 bits each); the answer must echo it and map the sender's address.
     */
    record Binding(long base, int localIp, int localPort) implements Codec {
        static Binding of(long base, InetSocketAddress local) {
            byte[] b = local.getAddress().getAddress();
            if (b.length != 4) throw new IllegalArgumentException("STUN load sources are IPv4: " + local);
            return new Binding(base, ByteBuffer.wrap(b).getInt(), local.getPort());
        }

        @Override
        public void encode(ByteBuffer out, int id, long seq, long nanos) {
            out.clear();
            out.putShort((short) Stun.BINDING).putShort((short) 0).putInt(Stun.COOKIE)
                    .putInt(id).putInt((int) seq).putInt((int) ((nanos - base) / 1000));
            out.flip();
        }

        @Override
        public int decode(ByteBuffer in, int id, Decoded d) {
            int p = in.position();
            if (in.remaining() < 20 || (in.getShort(p) & 0xFFFF) != (Stun.BINDING | Stun.SUCCESS)
                    || in.getInt(p + 4) != Stun.COOKIE || in.getInt(p + 8) != id) return NOT_OURS;
            d.seq = in.getInt(p + 12) & 0xFFFFFFFFL;
            d.nanos = base + (in.getInt(p + 16) & 0xFFFFFFFFL) * 1000;
            int end = p + 20 + Math.min(in.getShort(p + 2) & 0xFFFF, in.remaining() - 20);
            for (int a = p + 20, n = 0; a + 4 <= end && n < 32; n++) {
                int type = in.getShort(a) & 0xFFFF, len = in.getShort(a + 2) & 0xFFFF;
                if (type == Stun.XOR_MAPPED_ADDRESS && len == 8 && a + 12 <= end) {
                    boolean port = ((in.getShort(a + 6) & 0xFFFF) ^ (Stun.COOKIE >>> 16)) == localPort;
                    boolean ip = (in.getInt(a + 8) ^ Stun.COOKIE) == localIp;
                    return port && ip && in.get(a + 5) == 1 ? OK : WRONG_MAPPED_ADDRESS;
                }
                a += 4 + ((len + 3) & ~3);
            }
            return WRONG_MAPPED_ADDRESS;
        }
    }
}
