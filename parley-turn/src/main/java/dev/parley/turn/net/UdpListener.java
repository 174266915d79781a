package dev.parley.turn.net;

import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.FiveTuple;
import dev.parley.turn.io.ReadBatching;
import dev.parley.turn.io.RoundFlush;
import dev.parley.turn.server.TurnEngine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** STUN/TURN over UDP (RFC 8656 §3.1): every datagram is one message, answered to its sender. */
final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> {
    private final TurnEngine engine;
    /** Set when added to its one channel's pipeline. */
    private RoundFlush out;
    /** Set when added to its one channel's pipeline. */
    private ReadBatching reads;

    UdpListener(TurnEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        out = new RoundFlush(ctx.channel());
        reads = new ReadBatching((DatagramChannel) ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        reads.datagram();
        engine.receive(packet.content(), new Link(out, new FiveTuple(packet.sender(),
                (InetSocketAddress) ctx.channel().localAddress(), FiveTuple.Transport.UDP)));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        reads.readComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. ICMP unreachable from a departed client: UDP has no connection to lose, keep listening.
    }

    private record Link(RoundFlush out, FiveTuple tuple) implements ClientLink {
        @Override
        public void send(ByteBuf message) {
            // Past the high-water mark the kernel is not keeping up: drop, as the network would.
            if (out.channel().isWritable()) out.write(new DatagramPacket(message, tuple.client()));
            else message.release();
        }

        @Override
        public EventLoop eventLoop() {
            return out.channel().eventLoop();
        }
    }
}
