package dev.parley.turn.allocation;

import dev.parley.turn.io.DatagramSockets;
import dev.parley.turn.io.ReadBatching;
import dev.parley.turn.io.ReadClock;
import dev.parley.turn.io.RoundFlush;
import dev.parley.turn.io.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import jdk.net.ExtendedSocketOptions;

/**
 * The relayed transport address of an allocation: a UDP socket on the client's event loop, so
 * datagrams from peers are handled on the same thread as the client's requests, and what it sends
 * leaves with the round's other datagrams ({@link RoundFlush}).
 */
public final class RelaySocket extends ChannelInboundHandlerAdapter {
    private final DatagramChannel channel;
    private final RoundFlush out;
    private final ReadBatching reads;
    private final ReadClock time;
    /** Confined to the event loop; set right after registration, before any datagram can be read. */
    private Allocation allocation;

    private RelaySocket(DatagramChannel channel, TurnClock clock) {
        this.channel = channel;
        this.out = new RoundFlush(channel);
        this.reads = new ReadBatching(channel);
        this.time = new ReadClock(clock::nanoTime);
        DatagramSockets.tune(channel);
        channel.pipeline().addLast(this);
    }

    /**
     * Puts a socket {@code ports} bound onto {@code loop}; call on that loop. On NIO the socket itself
     * moves over. Netty's epoll channels cannot adopt a JDK socket, so {@code ports} hands the port
     * over to a native socket (DF carried over) with no bind of its own in between; null if another
     * program took the port in that moment, which the caller answers like a full range.
     */
    public static RelaySocket open(java.nio.channels.DatagramChannel bound, EventLoop loop, RelayPorts ports, TurnClock clock) {
        if (Transport.of(loop) == Transport.NIO) {
            RelaySocket relay = new RelaySocket(new NioDatagramChannel(bound), clock);
            loop.register(relay.channel);
            return relay;
        }
        boolean dontFragment;
        try {
            dontFragment = option(bound, ExtendedSocketOptions.IP_DONTFRAGMENT);
        } catch (IOException e) {
            RelayPorts.closeQuietly(bound);
            return null;
        }
        return ports.handOver(bound, address -> {
            RelaySocket relay = new RelaySocket(Transport.EPOLL.datagrams(address.getAddress()).newChannel(), clock);
            loop.register(relay.channel);
            ChannelFuture bind = relay.channel.bind(address);
            if (!bind.isDone() || !bind.isSuccess() || dontFragment && !DatagramSockets.dontFragment(relay.channel)) {
                relay.channel.close();
                return null;
            }
            return relay;
        });
    }

    private static boolean option(java.nio.channels.DatagramChannel c, SocketOption<Boolean> option) throws IOException {
        try {
            return c.supportedOptions().contains(option) && Boolean.TRUE.equals(c.getOption(option));
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    public void attach(Allocation allocation) {
        this.allocation = allocation;
    }

    /** Whether the kernel is taking this socket's datagrams; past that, relayed data is dropped as a network would. */
    boolean writable() {
        return out.writable();
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    /** Sends {@code data} (taking ownership) to {@code peer} with this round's flush. */
    void send(ByteBuf data, InetSocketAddress peer) {
        out.write(new DatagramPacket(data, peer));
    }

    public void close() {
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        DatagramPacket packet = (DatagramPacket) msg;
        reads.datagram();
        try {
            if (allocation != null) allocation.receiveFromPeer(packet.content(), packet.sender(), time.now());
        } finally {
            packet.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        time.readComplete();
        reads.readComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. ICMP port unreachable from a peer: the relay stays open, the allocation carries on.
    }
}
