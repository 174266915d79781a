package dev.parley.turn.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** STUN over UDP (RFC 8489 §6.2.1): one datagram in, at most one out. */
public final class StunUdpServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;

    private StunUdpServer(String host, int port, StunResponder responder) throws IOException, InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-stun"), NioIoHandler.newFactory());
        var bind = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(new Handler(responder))
                .bind(host, port).await();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot listen on udp " + host + ":" + port + ": " + bind.cause().getMessage(), bind.cause());
        }
        channel = bind.channel();
    }

    public static StunUdpServer start(String host, int port, StunResponder responder) throws IOException, InterruptedException {
        return new StunUdpServer(host, port, responder);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final StunResponder responder;

        Handler(StunResponder responder) {
            this.responder = responder;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] response = responder.respond(ByteBufUtil.getBytes(packet.content()), packet.sender());
            if (response != null) ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(response), packet.sender()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A bad datagram must not stop the listener; UDP has no connection to close.
        }
    }
}
