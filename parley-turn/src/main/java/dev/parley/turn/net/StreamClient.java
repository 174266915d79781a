package dev.parley.turn.net;

import dev.parley.turn.allocation.Allocation;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.FiveTuple;
import dev.parley.turn.io.ReadClock;
import dev.parley.turn.io.RoundFlush;
import dev.parley.turn.proto.ChannelData;
import dev.parley.turn.server.TurnEngine;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunParseException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One TCP or TLS client connection: frames to the engine; when it closes, its allocation goes. A
 * connection exists to carry an allocation: one still without one after the authentication timeout
 * (or again without one for that long, after deleting it) is closed, and so is one whose first
 * messages are not well-formed STUN, or that sends ChannelData before it has an allocation.
 */
final class StreamClient extends SimpleChannelInboundHandler<ByteBuf> implements ClientLink {
    private final TurnEngine engine;
    private final FiveTuple.Transport transport;
    private final Duration authTimeout;
    /** Set once the connection is active; confined to the event loop, as is everything below. */
    private Channel channel;
    private RoundFlush out;
    private FiveTuple tuple;
    /** Whether the previous check found no allocation (at the start: none yet). */
    private boolean unallocatedAtLastCheck = true;
    private ScheduledFuture<?> checks;
    /** The allocation on this connection while it lasts: a ChannelData frame costs no lookup by 5-tuple. */
    private Allocation allocation;
    private final ReadClock time;

    StreamClient(TurnEngine engine, FiveTuple.Transport transport, Duration authTimeout) {
        this.engine = engine;
        this.transport = transport;
        this.authTimeout = authTimeout;
        this.time = new ReadClock(engine.config().clock()::nanoTime);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        out = new RoundFlush(channel);
        tuple = new FiveTuple((InetSocketAddress) channel.remoteAddress(), (InetSocketAddress) channel.localAddress(), transport);
        long every = authTimeout.toMillis();
        checks = ctx.executor().scheduleAtFixedRate(this::checkAllocation, every, every, TimeUnit.MILLISECONDS);
        super.channelActive(ctx);
    }

    /** Closes the connection if it held no allocation at this check and the one before (or since it opened). */
    private void checkAllocation() {
        if (allocated()) {
            unallocatedAtLastCheck = false;
        } else if (unallocatedAtLastCheck) {
            engine.stats().streamsClosedWithoutAllocation.increment();
            channel.close();
        } else {
            unallocatedAtLastCheck = true;
        }
    }

    /** Whether this connection holds an allocation now. */
    boolean allocated() {
        return allocation != null;
    }

    @Override
    public Allocation allocation() {
        return allocation;
    }

    @Override
    public void allocated(Allocation a) {
        allocation = a;
    }

    @Override
    public void released(Allocation a) {
        if (allocation == a) allocation = null;
    }

    /** Counts a connection closed for not speaking TURN. */
    void notTurn() {
        engine.stats().streamsClosedNotTurn.increment();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        if (!allocated() && (ChannelData.is(frame) || !wellFormedStun(frame))) {
            notTurn();
            ctx.close(); // a TURN client's first messages are requests; nothing else is worth keeping a connection for
            return;
        }
        engine.receive(frame, this, time.now());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        time.readComplete();
        super.channelReadComplete(ctx);
    }

    private static boolean wellFormedStun(ByteBuf frame) {
        try {
            StunMessage.decode(ByteBufUtil.getBytes(frame));
            return true;
        } catch (StunParseException e) {
            return false;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (checks != null) checks.cancel(false);
        engine.disconnected(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.flush(); // answers written this round go before the close, which would discard them
        ctx.close(); // a broken stream cannot be resynchronised
    }

    @Override
    public FiveTuple tuple() {
        return tuple;
    }

    @Override
    public void send(ByteBuf message) {
        // A client that does not read loses relayed data, as over UDP, instead of growing our memory.
        if (out.writable()) {
            out.write(message);
        } else {
            engine.stats().droppedUnwritable.increment();
            message.release();
        }
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }
}
