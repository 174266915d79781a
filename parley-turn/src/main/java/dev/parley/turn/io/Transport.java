package dev.parley.turn.io;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Netty's native epoll transport where it loads, the JDK's NIO elsewhere ({@code -Dparley.transport=nio}
 * forces NIO). Relaying is system calls more than anything: epoll reads a batch of datagrams with
 * one {@code recvmmsg} and sends a round's worth with one {@code sendmmsg}, where NIO makes a call
 * per datagram and a new address object for each.
 */
public enum Transport {
    NIO, EPOLL;

    private static final boolean EPOLL_LOADS = !"nio".equals(System.getProperty("parley.transport")) && Epoll.isAvailable();

    /** The transport this JVM serves with. */
    public static Transport best() {
        return EPOLL_LOADS ? EPOLL : NIO;
    }

    /** The transport whose channels {@code loop} can carry: a relay socket goes on its client's loop. */
    public static Transport of(EventLoop loop) {
        return EPOLL_LOADS && loop instanceof IoEventLoop io && io.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
    }

    /** The transport of a channel, registered or not. */
    public static Transport of(Channel channel) {
        return channel instanceof EpollDatagramChannel || channel instanceof EpollServerSocketChannel ? EPOLL : NIO;
    }

    public IoHandlerFactory ioHandler() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** Unbound datagram channels of the family of {@code address}. */
    public ChannelFactory<DatagramChannel> datagrams(InetAddress address) {
        SocketProtocolFamily family = address instanceof Inet6Address ? SocketProtocolFamily.INET6 : SocketProtocolFamily.INET;
        return this == EPOLL ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
    }
}
