package dev.parley.turn.allocation;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.nio.channels.DatagramChannel;

/**
 * The relayed transport address of an allocation: an already bound UDP socket put on the client's
 * event loop, so datagrams from peers are handled on the same thread as the client's requests.
 */
public final class RelaySocket extends ChannelInboundHandlerAdapter {
    /**
     * Largest datagram read whole: a jumbo frame. WebRTC keeps packets under the path MTU (about
     * 1,200 bytes), and reading into 64 KiB buffers for the rare larger datagram costs every packet.
     */
    public static final int MAX_DATAGRAM = 9_216;
    /**
     * Socket buffers asked of the kernel (Linux caps them at net.core.rmem_max/wmem_max): bursts of
     * video packets from many peers must wait in the kernel, not be dropped there.
     */
    public static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

    private final Channel channel;
    /** Confined to the event loop; set right after registration, before any datagram can be read. */
    private Allocation allocation;

    private RelaySocket(DatagramChannel bound, EventLoop loop) {
        channel = new NioDatagramChannel(bound);
        channel.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        channel.config().setOption(io.netty.channel.ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        channel.config().setOption(io.netty.channel.ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        channel.pipeline().addLast(this);
        loop.register(channel);
    }

    /** Registers the socket with the loop; call on that loop. */
    public static RelaySocket open(DatagramChannel bound, EventLoop loop) {
        return new RelaySocket(bound, loop);
    }

    public Channel channel() {
        return channel;
    }

    public void attach(Allocation allocation) {
        this.allocation = allocation;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        try {
            if (allocation != null) allocation.receiveFromPeer(packet.content(), packet.sender());
        } finally {
            packet.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. ICMP port unreachable from a peer: the relay stays open, the allocation carries on.
    }
}
