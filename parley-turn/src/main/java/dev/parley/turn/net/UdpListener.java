package dev.parley.turn.net;

import dev.parley.turn.allocation.Allocation;
import dev.parley.turn.allocation.ClientLink;
import dev.parley.turn.allocation.FiveTuple;
import dev.parley.turn.io.ReadBatching;
import dev.parley.turn.io.ReadClock;
import dev.parley.turn.io.RoundFlush;
import dev.parley.turn.server.TurnEngine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/** STUN/TURN over UDP (RFC 8656 §3.1): every datagram is one message, answered to its sender. */
final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> {
    private final TurnEngine engine;
    /** Set when added to its one channel's pipeline. */
    private RoundFlush out;
    /** Set when added to its one channel's pipeline. */
    private ReadBatching reads;
    private final ReadClock time;
    /**
     * The links of clients with an allocation, by address: their datagrams reuse the link and its
     * allocation instead of a new link and a lookup each. Only allocations enter, so it is bounded by
     * them. Confined to the channel's event loop.
     */
    private final Map<InetSocketAddress, Link> allocated = new HashMap<>();

    UdpListener(TurnEngine engine) {
        this.engine = engine;
        this.time = new ReadClock(engine.config().clock()::nanoTime);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        out = new RoundFlush(ctx.channel());
        reads = new ReadBatching((DatagramChannel) ctx.channel());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        reads.datagram();
        InetSocketAddress sender = packet.sender();
        Link link = allocated.get(sender);
        if (link == null) link = new Link(new FiveTuple(sender, (InetSocketAddress) ctx.channel().localAddress(), FiveTuple.Transport.UDP));
        engine.receive(packet.content(), link, time.now());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        time.readComplete();
        reads.readComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // e.g. ICMP unreachable from a departed client: UDP has no connection to lose, keep listening.
    }

    /** A UDP client as the engine sees it; confined to the listener's event loop. */
    private final class Link implements ClientLink {
        private final FiveTuple tuple;
        /** The allocation on this 5-tuple while it lasts. */
        private Allocation allocation;

        Link(FiveTuple tuple) {
            this.tuple = tuple;
        }

        @Override
        public FiveTuple tuple() {
            return tuple;
        }

        @Override
        public void send(ByteBuf message) {
            // Past the high-water mark the kernel is not keeping up: drop, as the network would.
            if (out.writable()) {
                out.write(new DatagramPacket(message, tuple.client()));
            } else {
                engine.stats().droppedUnwritable.increment();
                message.release();
            }
        }

        @Override
        public EventLoop eventLoop() {
            return out.channel().eventLoop();
        }

        @Override
        public Allocation allocation() {
            return allocation;
        }

        @Override
        public void allocated(Allocation a) {
            allocation = a;
            allocated.put(tuple.client(), this);
        }

        @Override
        public void released(Allocation a) {
            if (allocation != a) return;
            allocation = null;
            allocated.remove(tuple.client(), this);
        }
    }
}
