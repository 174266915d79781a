package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Hub;
import dev.parley.core.SignalingConfig;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 review: the transport counted a session before the rest of setting it up, so a failure
 * in between (here the hub refusing to open one while its timers are shut down, as in a stop)
 * kept the count for good. Now the hub takes the count last thing in open.
 */
class SessionCountLeakTest {
    /** A channel that looks like a TCP connection from 127.0.0.1. */
    private static final class FromLoopback extends EmbeddedChannel {
        FromLoopback() {
            super(false, false);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("127.0.0.1", 40_000);
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress("127.0.0.1", 8080);
        }
    }

    @Test
    void aSessionThatFailsToOpenHoldsNoCount() throws Exception {
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        timers.shutdownNow(); // the hub cannot schedule the hello deadline: open fails
        var hub = new Hub(SignalingConfig.defaults(), timers);
        var connections = new Connections();
        var channel = new FromLoopback();
        channel.pipeline().addLast("websocket", new ChannelInboundHandlerAdapter());
        channel.pipeline().addLast("session", new SessionHandler(hub, SignalingConfig.DEFAULT_MAX_FRAME_BYTES, connections,
                new ConnectionGuards(Duration.ofSeconds(15), 2, List.of()), new OwnNames(List.of())));
        channel.register();
        channel.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws", new DefaultHttpHeaders(), null));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("closed after the failure").isFalse();
        assertThat(connections.sessions()).as("no session count kept").isZero();
    }
}
