package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.net.ListenerGuards;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Parley's limits on the Socket.IO endpoint: origins, sessions per address, timeouts, sizes, budgets. */
class SocketIoGuardsTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void allowedOriginsGetCorsOthers403() throws Exception {
        try (var f = SocketIoFixture.start(SocketIoFixture.guards(Duration.ofSeconds(5), Duration.ofSeconds(5), 256,
                List.of("https://app.example.org")))) {
            HttpResponse<String> allowed = f.get("EIO=4&transport=polling", "Origin", "https://app.example.org");
            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
            assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

            HttpResponse<String> preflight = f.send(f.request("EIO=4&transport=polling&sid=x", "Origin", "https://app.example.org",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.org");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST, OPTIONS");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");

            String own = "http://127.0.0.1:" + f.port();
            assertThat(f.get("EIO=3&transport=polling", "Origin", own).headers().firstValue("Access-Control-Allow-Origin")).hasValue(own);
            HttpResponse<String> none = f.get("EIO=4&transport=polling");
            assertThat(none.statusCode()).as("no Origin: not a browser").isEqualTo(200);
            assertThat(none.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

            HttpResponse<String> evil = f.get("EIO=4&transport=polling", "Origin", "https://evil.example.com");
            assertThat(evil.statusCode()).isEqualTo(403);
            assertThat(evil.body()).contains("\"code\":4");
            assertThat(f.send(f.request("EIO=4&transport=polling", "Origin", "https://evil.example.com")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);
            var upgrade = new java.util.concurrent.CompletableFuture<Throwable>();
            f.http.newWebSocketBuilder().header("Origin", "https://evil.example.com")
                    .buildAsync(f.ws("EIO=4&transport=websocket"), new java.net.http.WebSocket.Listener() {})
                    .whenComplete((ws, e) -> upgrade.complete(e));
            assertThat(upgrade.get(5, TimeUnit.SECONDS)).as("the WebSocket upgrade is refused").hasStackTraceContaining("403");
            try (EngineSocket ws = new EngineSocket(f.http, f.ws("EIO=4&transport=websocket"), "https://app.example.org")) {
                assertThat(ws.next()).startsWith("0{");
            }
            assertThat(stats(f).refused(SocketIoStats.Refusal.ORIGIN)).isEqualTo(3);
        }
    }

    @Test
    void sessionsCountPerAddressAndTheSurplusIsRefused() throws Exception {
        try (var f = SocketIoFixture.start(SocketIoFixture.guards(Duration.ofSeconds(5), Duration.ofSeconds(5), 2, List.of()))) {
            var first = f.polling(4);
            try (EngineSocket second = f.webSocket("EIO=3&transport=websocket")) {
                assertThat(second.next()).startsWith("0{");
                HttpResponse<String> third = f.get("EIO=4&transport=polling");
                assertThat(third.statusCode()).isEqualTo(503);
                assertThat(third.body()).contains("too many connections from your address");
                try (EngineSocket fourth = f.webSocket("EIO=4&transport=websocket")) {
                    var closed = fourth.awaitClose();
                    assertThat(closed.code()).isEqualTo(1013);
                    assertThat(closed.reason()).contains("too many connections");
                }
                second.send("1");
            }
            first.send("1"); // the engine's goodbye releases its count
            awaitNoSessions(f); // the WebSocket's goodbye is handled on a session thread, after the client has moved on
            try (EngineSocket again = f.webSocket("EIO=4&transport=websocket")) {
                assertThat(again.next()).startsWith("0{");
                assertThat(f.polling(4).sid).isNotEmpty();
            }
            assertThat(stats(f).refused(SocketIoStats.Refusal.SESSION_LIMIT)).isEqualTo(2);
        }
    }

    @Test
    void theServerPingsEngineIo4ClientsAndEndsThoseThatDoNotAnswer() throws Exception {
        try (var f = SocketIoFixture.start(SocketIoFixture.guards(SHORT, Duration.ofSeconds(5), 256, List.of()))) {
            var answering = f.polling(4);
            answering.connect();
            var silent = f.polling(4);
            silent.connect();
            for (int i = 0; i < 4; i++) { // four intervals: each ping answered keeps the session
                assertThat(answering.poll()).containsExactly("2");
                answering.send("3");
            }
            assertThat(f.get(silent.query()).statusCode()).as("no pong within interval + timeout").isEqualTo(400);
            assertThat(stats(f).ended(SocketIoStats.End.PING_TIMEOUT)).isEqualTo(1);

            try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket")) {
                ws.next();
                ws.send("40");
                ws.next();
                assertThat(ws.next()).isEqualTo("2");
                ws.send("3");
                assertThat(ws.next()).isEqualTo("2");
                assertThat(ws.awaitClose().code()).as("this time no pong").isEqualTo(1001);
            }
        }
    }

    @Test
    void engineIo3ClientsMustPingAndPollOrTheirSessionEnds() throws Exception {
        try (var f = SocketIoFixture.start(SocketIoFixture.guards(SHORT, Duration.ofSeconds(5), 256, List.of()))) {
            var pinging = f.polling(3);
            for (int i = 0; i < 6; i++) {
                Thread.sleep(150);
                pinging.send("2");
                assertThat(pinging.poll()).containsExactly("3");
            }
            var silent = f.polling(3);
            Thread.sleep(900);
            assertThat(f.get(silent.query()).statusCode()).isEqualTo(400);

            var notPolling = f.polling(3); // it pings, but never polls for the answers
            boolean ended = false;
            for (int i = 0; i < 30 && !ended; i++) {
                Thread.sleep(100);
                ended = notPolling.post("2").statusCode() == 400;
            }
            assertThat(ended).isTrue();
            assertThat(stats(f).ended(SocketIoStats.End.STOPPED_POLLING)).isEqualTo(1);
            assertThat(stats(f).ended(SocketIoStats.End.PING_TIMEOUT)).as("the silent one, and the pinging one once it stopped").isEqualTo(2);
        }
    }

    @Test
    void anEngineIo4SessionThatDoesNotConnectInTimeEnds() throws Exception {
        try (var f = SocketIoFixture.start(SocketIoFixture.guards(Duration.ofSeconds(5), SHORT, 256, List.of()))) {
            var s = f.polling(4);
            Thread.sleep(800);
            assertThat(f.get(s.query()).statusCode()).isEqualTo(400);
            try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket")) {
                ws.next();
                assertThat(ws.awaitClose().code()).isEqualTo(1008);
            }
            assertThat(stats(f).ended(SocketIoStats.End.CONNECT_TIMEOUT)).isEqualTo(2);
        }
    }

    @Test
    void aPollHeldForThePingIntervalIsNotCutAsASlowRequest() throws Exception {
        try (var f = SocketIoFixture.start(c -> SocketIoFixture.guards(Duration.ofSeconds(1), Duration.ofSeconds(5), 256, List.of())
                .apply(c).withListeners(new ListenerGuards(SHORT, Duration.ofSeconds(30), 300, 0, null)))) {
            var s = f.polling(4);
            s.connect();
            long start = System.nanoTime();
            HttpResponse<String> held = s.pollAsync().get(5, TimeUnit.SECONDS);
            assertThat(held.body()).isEqualTo("2");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void pingsPastTheBudgetGetNoPong() throws Exception {
        try (var f = SocketIoFixture.start()) {
            f.app.pingBudget = 3;
            var s = f.polling(3);
            s.send("2", "2", "2", "2", "2", "2");
            assertThat(s.poll()).containsExactly("3", "3", "3");
        }
    }

    @Test
    void aClientThatDoesNotTakeWhatWaitsIsDisconnected() throws Exception {
        try (var f = SocketIoFixture.start(c -> c.withMaxOutboundBytes(64 * 1024))) {
            var s = f.polling(4);
            s.connect();
            s.send("42[\"flood\",50]");
            assertThat(s.poll()).hasSize(50); // 50 KiB fit
            s.send("42[\"flood\",100]");
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected false");
            assertThat(f.get(s.query()).statusCode()).isEqualTo(400);
            assertThat(stats(f).ended(SocketIoStats.End.NOT_READING)).isEqualTo(1);
        }
    }

    @Test
    void postsMayCarryAFrameAndNoMore() throws Exception {
        try (var f = SocketIoFixture.start()) {
            var s = f.polling(4);
            s.connect();
            String offer = "42[\"message\",{\"sdp\":\"" + "a".repeat(10_000) + "\"}]";
            s.send(offer);
            assertThat(s.poll()).containsExactly(offer);
            HttpResponse<String> big = s.post("42[\"message\",\"" + "a".repeat(70_000) + "\"]");
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(f.get(s.query()).statusCode()).as("the session ends with its client's transport").isEqualTo(400);
            assertThat(stats(f).refused(SocketIoStats.Refusal.OVERSIZE)).isEqualTo(1);

            HttpResponse<String> elsewhere = f.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + f.port() + "/healthz"))
                    .POST(HttpRequest.BodyPublishers.ofString("z".repeat(9_000))));
            assertThat(elsewhere.statusCode()).as("other paths keep the small limit").isEqualTo(413);
        }
    }

    @Test
    void binaryPayloadsAreRefused() throws Exception {
        try (var f = SocketIoFixture.start()) {
            var s = f.polling(3);
            HttpResponse<String> r = f.send(f.request(s.query(), "Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, (byte) 255, 4, 1, 2})));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("binary payloads are not supported");
            assertThat(f.get(s.query()).statusCode()).isEqualTo(400);
            var v4 = f.polling(4);
            v4.connect();
            assertThat(v4.post("451-[\"message\",{\"_placeholder\":true,\"num\":0}]", "bAQIDBA==").statusCode()).isEqualTo(400);
            assertThat(stats(f).refused(SocketIoStats.Refusal.BINARY)).isEqualTo(2);
        }
    }

    @Test
    void metricsCountTheEndpoint() throws Exception {
        try (var f = SocketIoFixture.start()) {
            f.polling(4);
            f.get("EIO=4&transport=polling&sid=nope");
            String metrics = f.send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + f.port() + "/metrics"))).body();
            assertThat(metrics).contains("parley_socketio_sessions 1.0").contains("parley_socketio_refused_total{reason=\"unknown-sid\"} 1.0");
        }
    }

    private static void awaitNoSessions(SocketIoFixture f) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (stats(f).sessions() > 0 && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(stats(f).sessions()).as("sessions still open").isZero();
    }

    private static SocketIoStats stats(SocketIoFixture f) throws Exception {
        var field = dev.parley.server.ParleyServer.class.getDeclaredField("socketIo");
        field.setAccessible(true);
        return ((SocketIoServer) field.get(f.server)).stats();
    }
}
