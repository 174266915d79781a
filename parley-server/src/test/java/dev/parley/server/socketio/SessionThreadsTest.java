package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.Access;
import dev.parley.core.Hub;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.Payload;
import dev.parley.server.net.ConnectionGuards;
import dev.parley.server.net.ConnectionLimiter;
import dev.parley.server.net.Connections;
import dev.parley.server.net.HttpEndpoints;
import dev.parley.server.net.ListenerGuards;
import dev.parley.server.net.OwnNames;
import dev.parley.server.net.SignalingChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * With session threads (a cluster, where the application may wait for Redis) every call for a
 * session runs on one session thread, never on an event loop, so a slow application holds up no
 * connection.
 */
class SessionThreadsTest {
    @Test
    void theApplicationRunsOnOneSessionThreadPerSession() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        SocketIoApp app = (socket, auth) -> {
            threads.add("connect " + Thread.currentThread().getName());
            return new SocketIoApp.Accepted("s1", new SocketIoListener() {
                public void event(String name, List<Payload> args) {
                    threads.add("event " + Thread.currentThread().getName());
                    try {
                        Thread.sleep(100); // waiting for Redis, say
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    socket.emit(name, args);
                }

                public boolean ping() {
                    threads.add("ping " + Thread.currentThread().getName());
                    return true;
                }

                public void disconnected(boolean byClient) {}
            });
        };
        var sessionThreads = new DefaultEventExecutorGroup(4, new DefaultThreadFactory("test-session", true));
        var loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        var timers = Executors.newSingleThreadScheduledExecutor();
        var sio = new SocketIoServer(app, SocketIoSettings.of(Duration.ofSeconds(5), Duration.ofSeconds(5), 65536, 1 << 20), sessionThreads);
        var init = new SignalingChannelInitializer(new Hub(SignalingConfig.defaults(), timers), 65536, null, new Connections(), () -> -1,
                null, ConnectionGuards.defaults(), new HttpEndpoints(() -> "", () -> null, Access.OPEN),
                new SignalingChannelInitializer.Listener(false, ListenerGuards.defaults(), new ConnectionLimiter(300, 1000),
                        new OwnNames(List.of()), () -> -1), sessionThreads, sio);
        Channel listening = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class).childHandler(init)
                .bind("127.0.0.1", 0).sync().channel();
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            int port = ((InetSocketAddress) listening.localAddress()).getPort();
            try (var ws = new EngineSocket(http, URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), null)) {
                ws.next();
                ws.send("40");
                assertThat(ws.next()).isEqualTo("40{\"sid\":\"s1\"}");
                ws.send("42[\"slow\",1]").send("42[\"slow\",2]").send("3");
                // While the application sleeps on its thread, the event loop still answers HTTP.
                var health = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(ws.next()).isEqualTo("42[\"slow\",1]");
                assertThat(ws.next()).isEqualTo("42[\"slow\",2]");
                // The pong queued behind the two events reaches the application after them, on the same thread.
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (threads.stream().noneMatch(t -> t.startsWith("ping ")) && System.nanoTime() < deadline) Thread.sleep(5);
            }
        } finally {
            listening.close().sync();
            loops.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            sessionThreads.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
            timers.shutdownNow();
        }
        assertThat(threads).hasSize(3).allSatisfy(t -> assertThat(t).endsWith(threads.iterator().next().replaceFirst("^\\w+ ", "")))
                .allSatisfy(t -> assertThat(t).contains("test-session"));
    }
}
