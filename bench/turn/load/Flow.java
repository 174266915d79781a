import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.BitSet;

/**
 * One load client: its non-blocking channel (a connected UDP socket, or a TCP connection to the
 * server), its packet format, and the per-client bookkeeping of what is in flight.
 */
class Flow {
    /** Gets each answer a flow reads, with the time it was read. */
    interface Receiver {
        void answer(Flow flow, ByteBuffer packet, long nowNanos);
    }

    final int id;
    final Codec codec;
    final SelectableChannel channel;
    /** Owned by the sending thread (the pacer, or the receiver in windowed mode). */
    protected final ByteBuffer out = ByteBuffer.allocateDirect(2048);
    /** Owned by the receiving thread. */
    protected final ByteBuffer in = ByteBuffer.allocateDirect(1 << 17);

    /** Paced mode, owned by the receiving thread: which sequence numbers came back. */
    final BitSet answered = new BitSet();
    /** Windowed mode, owned by the receiving thread (which also sends then). */
    long nextSeq;
    long[] slotSeq, slotSent;

    Flow(int id, Codec codec, SelectableChannel channel) {
        this.id = id;
        this.codec = codec;
        this.channel = channel;
    }

    static Flow of(int id, Codec codec, SelectableChannel channel) {
        return channel instanceof SocketChannel ? new Stream(id, codec, channel) : new Flow(id, codec, channel);
    }

    /** Sends packet {@code seq} stamped {@code nanos}; false when the socket refused it (buffer full, error). */
    boolean send(long seq, long nanos) {
        codec.encode(out, id, seq, nanos);
        try {
            return ((ByteChannel) channel).write(out) > 0;
        } catch (IOException e) { // ICMP port unreachable from an earlier datagram, and the like
            return false;
        }
    }

    /** Writes what a previous send left over (TCP only). */
    void flush() {}

    /** Reads at most {@code max} packets; returns the number of read errors (ICMP errors on UDP). */
    int receive(Receiver receiver, int max) throws IOException {
        DatagramChannel ch = (DatagramChannel) channel;
        int errors = 0;
        for (int n = 0; n < max; n++) {
            in.clear();
            int r;
            try {
                r = ch.read(in);
            } catch (java.net.PortUnreachableException e) {
                errors++;
                continue;
            }
            if (r <= 0) break;
            receiver.answer(this, in.flip(), System.nanoTime());
        }
        return errors;
    }

    /** A TCP connection: frames split on the stream, writes the socket does not take kept (bounded). */
    static final class Stream extends Flow {
        /** Owned by the sending thread; write mode. */
        private final ByteBuffer pending = ByteBuffer.allocateDirect(1 << 18);

        Stream(int id, Codec codec, SelectableChannel channel) {
            super(id, codec, channel);
            in.clear(); // write mode between reads
        }

        @Override
        boolean send(long seq, long nanos) {
            codec.encode(out, id, seq, nanos);
            SocketChannel ch = (SocketChannel) channel;
            try {
                flush();
                if (pending.position() == 0) ch.write(out);
            } catch (IOException e) {
                return false;
            }
            if (!out.hasRemaining()) return true;
            if (pending.remaining() < out.remaining()) {
                // Only a frame not yet started can be dropped; a started one must be completed.
                if (out.position() == 0) return false;
                throw new IllegalStateException("TCP send backlog over " + pending.capacity() + " bytes");
            }
            pending.put(out);
            return true;
        }

        @Override
        void flush() {
            if (pending.position() == 0) return;
            pending.flip();
            try {
                ((SocketChannel) channel).write(pending);
            } catch (IOException e) {
                pending.clear(); // the connection is gone; the answers will not come and count as lost
                return;
            }
            pending.compact();
        }

        @Override
        int receive(Receiver receiver, int max) throws IOException {
            SocketChannel ch = (SocketChannel) channel;
            for (int n = 0; n < max; n++) {
                int r = ch.read(in);
                if (r < 0) throw new IOException("the server closed the TCP connection of client " + id);
                in.flip();
                long now = System.nanoTime();
                for (int f = 0; f < 4096; f++) {
                    int length = StreamFrames.length(in);
                    if (length < 0) throw new IOException("client " + id + ": neither STUN nor ChannelData on the stream");
                    if (length == 0 || in.remaining() < length) break;
                    int end = in.position() + length;
                    receiver.answer(this, in.slice(in.position(), length), now);
                    in.position(end);
                }
                in.compact();
                if (r == 0) break;
            }
            return 0;
        }
    }
}
