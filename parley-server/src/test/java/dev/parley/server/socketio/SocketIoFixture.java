package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.SessionGuards;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.net.ConnectionGuards;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** A Parley server on 127.0.0.1 with {@link EchoApp} behind its Socket.IO endpoint, and an HTTP/1.1 client for it. */
final class SocketIoFixture implements AutoCloseable {
    final EchoApp app = new EchoApp();
    final ParleyServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private SocketIoFixture(ServerConfig config) throws Exception {
        server = ParleyServer.start(config, app);
    }

    /** Heartbeat 5 s (no pings in a short test), hello (connect) timeout 5 s. */
    static SocketIoFixture start() throws Exception {
        return start(c -> c);
    }

    static SocketIoFixture start(UnaryOperator<ServerConfig> tweak) throws Exception {
        return new SocketIoFixture(tweak.apply(guards(Duration.ofSeconds(5), Duration.ofSeconds(5), 256, List.of())
                .apply(ServerConfig.loopback(0))));
    }

    /** Sets the heartbeat (ping interval and timeout), the connect timeout, sessions per address and allowed origins. */
    static UnaryOperator<ServerConfig> guards(Duration heartbeat, Duration connectTimeout, int perAddress, List<String> origins) {
        return c -> c.withGuards(new ConnectionGuards(heartbeat, perAddress, origins))
                .withSignaling(c.signaling().withGuards(new SessionGuards(connectTimeout, 50, 200, 100)));
    }

    int port() {
        return server.httpPort();
    }

    URI uri(String query) {
        return URI.create("http://127.0.0.1:" + port() + "/socket.io/?" + query);
    }

    URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + port() + "/socket.io/?" + query);
    }

    HttpResponse<String> get(String query, String... headers) throws Exception {
        return http.send(request(query, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> getAsync(String query, String... headers) {
        return http.sendAsync(request(query, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String query, String body, String... headers) throws Exception {
        return http.send(request(query, headers).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String query, String... headers) {
        var b = HttpRequest.newBuilder(uri(query)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return b;
    }

    /** A new polling session of Engine.IO {@code eio}: its handshake done, {@link Polling#opened} what came with it. */
    Polling polling(int eio) throws Exception {
        return new Polling(this, eio);
    }

    EngineSocket webSocket(String query) {
        return new EngineSocket(http, ws(query), null);
    }

    @Override
    public void close() {
        server.close();
        http.close();
    }

    /** One polling session driven by hand. */
    static final class Polling {
        final SocketIoFixture f;
        final int eio;
        final String sid;
        /** The packets of the handshake's response. */
        final List<String> opened;

        Polling(SocketIoFixture f, int eio) throws Exception {
            this.f = f;
            this.eio = eio;
            HttpResponse<String> r = f.get("EIO=" + eio + "&transport=polling&t=abc");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            opened = EnginePackets.decodePayload(eio, r.body());
            assertThat(opened.get(0)).startsWith("0{\"sid\":\"");
            sid = opened.get(0).substring(9, opened.get(0).indexOf('"', 9));
        }

        String query() {
            return "EIO=" + eio + "&transport=polling&sid=" + sid;
        }

        List<String> poll() throws Exception {
            HttpResponse<String> r = f.get(query());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=UTF-8");
            return EnginePackets.decodePayload(eio, r.body());
        }

        CompletableFuture<HttpResponse<String>> pollAsync() {
            return f.getAsync(query());
        }

        HttpResponse<String> post(String... packets) throws Exception {
            return f.post(query(), EnginePackets.encodePayload(eio, List.of(packets)));
        }

        void send(String... packets) throws Exception {
            HttpResponse<String> r = post(packets);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
        }

        /** Engine.IO 4: connects "/" and returns the CONNECT reply. */
        String connect() throws Exception {
            send("40");
            List<String> reply = poll();
            assertThat(reply).hasSize(1);
            assertThat(reply.get(0)).startsWith("40{\"sid\":\"sock-");
            return reply.get(0);
        }
    }
}
