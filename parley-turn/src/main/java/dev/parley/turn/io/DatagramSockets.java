package dev.parley.turn.io;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.StandardSocketOptions;

/** How every TURN datagram socket is set up: listeners and relays alike. */
public final class DatagramSockets {
    /**
     * Largest datagram read whole: a jumbo frame. WebRTC keeps packets under the path MTU (about
     * 1,200 bytes); a larger datagram is cut to this.
     */
    public static final int MAX_DATAGRAM = 9_216;
    /**
     * Datagrams one {@code recvmmsg} may return (epoll): each gets a {@link #MAX_DATAGRAM} slot of one
     * buffer, kept under 64 KiB.
     */
    public static final int BATCH = 7;
    /**
     * The TURN sockets' buffers, UDP and TCP alike: Netty's pooled allocator, whose slices (one per
     * datagram of a batch read, one per relayed payload) and buffers are recycled objects. Netty
     * 4.2's default, the adaptive allocator, makes a new object for every slice and two more
     * for every copy into one of its buffers.
     */
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;
    /**
     * Socket buffers asked of the kernel (Linux caps them at net.core.rmem_max/wmem_max): bursts of
     * video packets from many peers must wait in the kernel, not be dropped there.
     */
    public static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    /** Outbound bytes queued in Netty per socket before datagrams are dropped rather than queued. */
    public static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    // Linux's setsockopt names for path MTU discovery ("do": DF set, never fragment), <linux/in.h>, <linux/in6.h>.
    private static final int IPPROTO_IP = 0, IP_MTU_DISCOVER = 10, IPPROTO_IPV6 = 41, IPV6_MTU_DISCOVER = 23, PMTUDISC_DO = 2;

    private DatagramSockets() {}

    /**
     * Socket buffers, the allocator, and NIO's read buffer (one datagram). On epoll {@link ReadBatching}
     * sizes each read's buffer for the one or several datagrams it takes; Netty 4.2's epoll channels
     * are level-triggered, so a read that leaves datagrams behind is woken again and no read has to go
     * on until the socket is empty. Call before the channel is registered.
     */
    public static void tune(DatagramChannel channel) {
        ChannelConfig config = channel.config();
        config.setAllocator(ALLOCATOR);
        config.setOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        config.setOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        config.setWriteBufferWaterMark(WATER_MARK);
        // Epoll's buffers are sized per read by ReadBatching.
        if (Transport.of(channel) != Transport.EPOLL) config.setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM));
    }

    /** Lets several sockets share one port, the kernel keeping each sender on one of them; call before binding. */
    public static void reusePort(DatagramChannel channel) {
        if (Transport.of(channel) == Transport.EPOLL) channel.config().setOption(EpollChannelOption.SO_REUSEPORT, true);
        else channel.config().setOption(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }

    /** Sets DF on the channel's datagrams (RFC 8656 §7.2 DONT-FRAGMENT); false where the socket cannot. */
    public static boolean dontFragment(DatagramChannel channel) {
        if (Transport.of(channel) != Transport.EPOLL) return false;
        try {
            boolean ipv6 = channel.localAddress() != null && channel.localAddress().getAddress() instanceof java.net.Inet6Address;
            return ipv6 ? channel.config().setOption(new IntegerUnixChannelOption("IPV6_MTU_DISCOVER", IPPROTO_IPV6, IPV6_MTU_DISCOVER), PMTUDISC_DO)
                    : channel.config().setOption(new IntegerUnixChannelOption("IP_MTU_DISCOVER", IPPROTO_IP, IP_MTU_DISCOVER), PMTUDISC_DO);
        } catch (io.netty.channel.ChannelException e) {
            return false;
        }
    }
}
