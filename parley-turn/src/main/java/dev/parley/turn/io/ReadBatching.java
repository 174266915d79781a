package dev.parley.turn.io;

import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;
import io.netty.channel.epoll.EpollDatagramChannelConfig;
import io.netty.channel.socket.DatagramChannel;

/**
 * Switches one socket between reading a batch of datagrams per system call ({@code recvmmsg}) and
 * one ({@code recvmsg}) by what its reads find. A batch read costs two calls on Netty's epoll
 * transport (it asks the socket for an option first), so it only pays when datagrams queue up: on
 * a busy listener or a relay socket receiving video bursts, not on one carrying a steady audio
 * stream. A socket whose batch reads keep finding one datagram reads singly for a while, then tries
 * batches again. Each read gets a buffer of its own size: a single read's is one the pooled allocator
 * keeps per thread ({@link DatagramSockets#ALLOCATOR}; a batch's is too large for that). Confined to
 * the channel's event loop.
 */
public final class ReadBatching {
    /** Batch reads in a row finding one datagram before the socket reads singly. */
    static final int SINGLE_FINDS_BEFORE_SWITCH = 8;
    /** Single reads before batches are tried again. */
    static final int SINGLE_READS = 64;

    /** Null when the channel is not epoll's: NIO reads one datagram per call anyway. */
    private final EpollDatagramChannelConfig config;
    /** Datagrams the current read delivered. */
    private int datagrams;
    /** Batch reads in a row that found a single datagram. */
    private int singleFinds;
    /** Single reads left before batches again; 0 while reading batches. */
    private int singleReadsLeft;

    /** Call before the channel's first read. */
    public ReadBatching(DatagramChannel channel) {
        this.config = channel.config() instanceof EpollDatagramChannelConfig c ? c : null;
        if (config == null) return;
        config.setMaxDatagramPayloadSize(DatagramSockets.MAX_DATAGRAM);
        config.setRecvByteBufAllocator(new ReadBuffers());
    }

    /** A datagram of the current read. */
    public void datagram() {
        datagrams++;
    }

    /** The read is over: decide how the next one reads. */
    public void readComplete() {
        int found = datagrams;
        datagrams = 0;
        if (config == null || found == 0) return;
        if (singleReadsLeft > 0) {
            if (--singleReadsLeft == 0) config.setMaxDatagramPayloadSize(DatagramSockets.MAX_DATAGRAM);
        } else if (found > 1) {
            singleFinds = 0;
        } else if (++singleFinds == SINGLE_FINDS_BEFORE_SWITCH) {
            singleFinds = 0;
            singleReadsLeft = SINGLE_READS;
            config.setMaxDatagramPayloadSize(0);
        }
    }

    /** Whether the next read takes one datagram. */
    boolean single() {
        return singleReadsLeft > 0;
    }

    /** Buffers for the read {@link #readComplete} chose: a slot per datagram of a batch, or one datagram's. */
    private final class ReadBuffers extends DefaultMaxMessagesRecvByteBufAllocator {
        @Override
        public Handle newHandle() {
            return new MaxMessageHandle() {
                @Override
                public int guess() {
                    return single() ? DatagramSockets.MAX_DATAGRAM : DatagramSockets.BATCH * DatagramSockets.MAX_DATAGRAM;
                }
            };
        }
    }
}
