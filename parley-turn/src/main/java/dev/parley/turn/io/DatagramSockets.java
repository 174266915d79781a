package dev.parley.turn.io;

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
     * buffer, kept under 64 KiB so the buffer comes from the allocator's pooled sizes.
     */
    public static final int BATCH = 7;
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
     * Buffers, and room for a batch of datagrams per read (epoll; {@link ReadBatching} decides whether
     * a read takes one or several). Netty 4.2's epoll channels are level-triggered: a read that leaves
     * datagrams behind is woken again, so no read has to go on until the socket is empty. Call before
     * the channel is registered.
     */
    public static void tune(DatagramChannel channel) {
        ChannelConfig config = channel.config();
        config.setOption(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES);
        config.setOption(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES);
        config.setWriteBufferWaterMark(WATER_MARK);
        boolean epoll = Transport.of(channel) == Transport.EPOLL;
        config.setRecvByteBufAllocator(new FixedRecvByteBufAllocator((epoll ? BATCH : 1) * MAX_DATAGRAM));
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
