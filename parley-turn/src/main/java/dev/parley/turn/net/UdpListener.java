package dev.parley.turn.net;

import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.FiveTuple;
import dev.parley.turn.server.TurnEngine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** STUN/TURN over UDP (RFC 8656 §3.1): every datagram is one message, answered to its sender. */
final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> {
    private final TurnEngine engine;

    UdpListener(TurnEngine engine) {
        this.engine = engine;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        engine.receive(packet.content(), new Link(ctx.channel(), new FiveTuple(packet.sender(),
                (InetSocketAddress) ctx.channel().localAddress(), FiveTuple.Transport.UDP)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. ICMP unreachable from a departed client: UDP has no connection to lose, keep listening.
    }

    private record Link(Channel channel, FiveTuple tuple) implements ClientLink {
        @Override
        public void send(ByteBuf message) {
            // Past the high-water mark the kernel is not keeping up: drop, as the network would.
            if (channel.isWritable()) channel.writeAndFlush(new DatagramPacket(message, tuple.client()), channel.voidPromise());
            else message.release();
        }

        @Override
        public EventLoop eventLoop() {
            return channel.eventLoop();
        }
    }
}
