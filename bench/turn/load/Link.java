import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * One client's connection to the TURN server for its requests (the allocation's setup and release): a
 * request at a time, answered or timed out. The load registers the same non-blocking channel with its
 * own selector in between; this link's selector stays idle then.
 */
abstract sealed class Link implements AutoCloseable permits Link.Udp, Link.Tcp {
    static final int SOCKET_BUFFER = 1 << 20;

    /** Guarded by being used from one thread at a time (the main thread, before and after the load). */
    protected final Selector selector;

    private Link() throws IOException {
        selector = Selector.open();
    }

    static Link open(boolean tcp, InetSocketAddress local, InetSocketAddress server) throws IOException {
        return tcp ? new Tcp(server) : new Udp(local, server);
    }

    abstract SelectableChannel channel();

    protected abstract void write(ByteBuffer message) throws IOException;

    /** The next STUN message read, or null when none came before the deadline. */
    protected abstract Stun.Message read(long deadlineNanos) throws IOException;

    /** Whether a lost request is sent again (UDP) or left to the stream (TCP). */
    protected abstract boolean retransmits();

    /**
     * Sends {@code request} and returns the answer with its transaction id; over UDP sent again
     * after 0.25, 0.75 and 1.75 s (RFC 8489 §6.2.1, shortened for loopback); null after 3 s.
     */
    Stun.Message exchange(ByteBuffer request, byte[] txid) throws IOException {
        long start = System.nanoTime(), deadline = start + 3_000_000_000L;
        long[] resend = retransmits() ? new long[] {250, 750, 1750} : new long[0];
        int sends = 0;
        write(request.duplicate());
        for (int n = 0; n < 1000; n++) {
            long next = sends < resend.length ? start + resend[sends] * 1_000_000 : deadline;
            Stun.Message m = read(Math.min(next, deadline));
            if (m != null && Arrays.equals(m.txid(), txid)) return m;
            long now = System.nanoTime();
            if (now >= deadline) return null;
            if (m == null && sends < resend.length && now >= next) {
                sends++;
                write(request.duplicate());
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel().close();
        }
    }

    protected final boolean await(long deadlineNanos) throws IOException {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) return selector.selectNow() > 0;
        return selector.select(ms) > 0;
    }

    static final class Udp extends Link {
        private final DatagramChannel ch;
        private final ByteBuffer in = ByteBuffer.allocate(1 << 17);

        Udp(InetSocketAddress local, InetSocketAddress server) throws IOException {
            ch = DatagramChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
                ch.bind(local);
                ch.connect(server);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        SelectableChannel channel() { return ch; }

        @Override
        protected boolean retransmits() { return true; }

        @Override
        protected void write(ByteBuffer message) throws IOException {
            ch.write(message);
        }

        @Override
        protected Stun.Message read(long deadlineNanos) throws IOException {
            for (int n = 0; n < 1000; n++) {
                in.clear();
                int r;
                try {
                    r = ch.read(in);
                } catch (java.net.PortUnreachableException e) {
                    throw new IOException("nothing listens on " + ch.getRemoteAddress() + " (ICMP port unreachable)");
                }
                if (r > 0) {
                    Stun.Message m = Stun.parse(in.flip());
                    if (m != null) return m;
                    continue; // not STUN (a late ChannelData): read on
                }
                selector.selectedKeys().clear();
                if (!await(deadlineNanos)) return null;
            }
            return null;
        }
    }

    static final class Tcp extends Link {
        private final SocketChannel ch;
        private final ByteBuffer in = ByteBuffer.allocate(1 << 17);

        Tcp(InetSocketAddress server) throws IOException {
            ch = SocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.socket().connect(server, 3000);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        SelectableChannel channel() { return ch; }

        @Override
        protected boolean retransmits() { return false; }

        @Override
        protected void write(ByteBuffer message) throws IOException {
            long deadline = System.nanoTime() + 3_000_000_000L;
            while (message.hasRemaining() && System.nanoTime() < deadline) {
                if (ch.write(message) == 0) Thread.onSpinWait();
            }
            if (message.hasRemaining()) throw new IOException("TCP write to the server stalled for 3 s");
        }

        @Override
        protected Stun.Message read(long deadlineNanos) throws IOException {
            for (int n = 0; n < 1000; n++) {
                in.flip();
                int frame = StreamFrames.length(in);
                if (frame > 0 && in.remaining() >= frame) {
                    Stun.Message m = Stun.parse(in.slice(in.position(), frame));
                    in.position(in.position() + frame).compact();
                    if (m != null) return m;
                    continue;
                }
                in.compact();
                if (frame < 0) throw new IOException("the server sent something neither STUN nor ChannelData");
                selector.selectedKeys().clear();
                if (!await(deadlineNanos)) return null;
                if (ch.read(in) < 0) throw new IOException("the server closed the TCP connection");
            }
            return null;
        }
    }
}
