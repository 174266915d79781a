package dev.parley.turn.net;

import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.FiveTuple;
import dev.parley.turn.server.TurnEngine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;

/** One TCP or TLS client connection: frames to the engine; when it closes, its allocation goes. */
final class StreamClient extends SimpleChannelInboundHandler<ByteBuf> implements ClientLink {
    private final TurnEngine engine;
    private final FiveTuple.Transport transport;
    /** Set once the connection is active; confined to the event loop. */
    private Channel channel;
    private FiveTuple tuple;

    StreamClient(TurnEngine engine, FiveTuple.Transport transport) {
        this.engine = engine;
        this.transport = transport;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        tuple = new FiveTuple((InetSocketAddress) channel.remoteAddress(), (InetSocketAddress) channel.localAddress(), transport);
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        engine.receive(frame, this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        engine.disconnected(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a broken stream cannot be resynchronised
    }

    @Override
    public FiveTuple tuple() {
        return tuple;
    }

    @Override
    public void send(ByteBuf message) {
        // A client that does not read loses relayed data, as over UDP, instead of growing our memory.
        if (channel.isWritable()) channel.writeAndFlush(message, channel.voidPromise());
        else message.release();
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }
}
