package dev.parley.server.net;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The two clocks of a plain HTTP connection, in the manner of Netty's ReadTimeoutHandler but for
 * whole requests: from opening (TLS handshake included), or from the first byte of a later
 * request, the request must be complete within the request timeout (a slow-headers client cannot
 * hold the socket by trickling bytes); between requests a keep-alive connection may stay silent for
 * the idle timeout. One instance per connection, as two handlers: {@link #bytes()} before the HTTP
 * codec sees that a request has begun, {@link #messages()} after it sees the request end and the
 * response go out. Both leave the pipeline when it becomes a WebSocket, whose heartbeat takes over.
 */
final class RequestDeadlines {
    private final long requestNanos;
    private final long idleNanos;
    private final ConnectionLimiter counts;
    /** The running clock, or null while a request is being answered. Event-loop confined, as is {@link #idle}. */
    private Future<?> timer;
    /** Between requests: the next byte starts the request clock. */
    private boolean idle;
    private final ChannelHandler bytes = new Bytes();
    private final ChannelHandler messages = new Messages();

    RequestDeadlines(ListenerGuards guards, ConnectionLimiter counts) {
        this.requestNanos = guards.requestTimeout().toNanos();
        this.idleNanos = guards.idleTimeout().toNanos();
        this.counts = counts;
    }

    ChannelHandler bytes() {
        return bytes;
    }

    ChannelHandler messages() {
        return messages;
    }

    private void start(ChannelHandlerContext ctx, long nanos, ConnectionLimiter.Reason reason) {
        stop();
        timer = ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                counts.timedOut(reason);
                ctx.channel().close();
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }

    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            start(ctx, requestNanos, ConnectionLimiter.Reason.REQUEST_TIMEOUT);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (idle) {
                idle = false;
                start(ctx, requestNanos, ConnectionLimiter.Reason.REQUEST_TIMEOUT);
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            stop();
        }
    }

    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof LastHttpContent) stop(); // the request is in; answering it is the server's business
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (msg instanceof LastHttpContent) {
                idle = true;
                start(ctx, idleNanos, ConnectionLimiter.Reason.IDLE);
            }
            super.write(ctx, msg, promise);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            stop();
        }
    }
}
