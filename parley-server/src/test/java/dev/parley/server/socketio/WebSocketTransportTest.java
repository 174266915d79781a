package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebSocket transport: upgrades from polling (probe, noop, upgrade) and WebSocket-only sessions, both revisions. */
class WebSocketTransportTest {
    /** A server per test, so what the application logs is this test's alone. */
    private SocketIoFixture f;

    @BeforeEach
    void start() throws Exception {
        f = SocketIoFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void engineIo4UpgradesFromPollingWithProbeNoopAndUpgrade() throws Exception {
        var s = f.polling(4);
        s.connect();
        var held = s.pollAsync();
        Thread.sleep(100);
        try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket&sid=" + s.sid)) {
            ws.send("2probe");
            assertThat(ws.next()).isEqualTo("3probe");
            HttpResponse<String> released = held.get(5, TimeUnit.SECONDS);
            assertThat(released.body()).as("the pending poll is released").isEqualTo("6");
            ws.send("5");
            ws.send("42[\"message\",{\"sdp\":\"v=0\"}]");
            assertThat(ws.next()).isEqualTo("42[\"message\",{\"sdp\":\"v=0\"}]");
            assertThat(f.get(s.query()).statusCode()).as("polling is over for this session").isEqualTo(400);
            assertThat(f.webSocket("EIO=4&transport=websocket&sid=" + s.sid).awaitClose().code())
                    .as("a second WebSocket for the session").isEqualTo(1008);
            ws.send("42[\"bye\"]");
            assertThat(ws.next()).isEqualTo("41");
            assertThat(ws.awaitClose().code()).isEqualTo(1000);
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected false");
        }
    }

    @Test
    void whatTheServerQueuedWhileUpgradingArrivesOnTheWebSocket() throws Exception {
        var s = f.polling(4);
        s.connect();
        try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket&sid=" + s.sid)) {
            ws.send("2probe");
            assertThat(ws.next()).isEqualTo("3probe");
            s.send("42[\"during\",1]"); // echoed while the client's polling is paused
            ws.send("5");
            assertThat(ws.next()).isEqualTo("42[\"during\",1]");
        }
    }

    @Test
    void engineIo3UpgradesAndPingsOverTheWebSocket() throws Exception {
        var s = f.polling(3);
        f.app.next("connected");
        var held = s.pollAsync();
        Thread.sleep(100);
        try (EngineSocket ws = f.webSocket("EIO=3&transport=websocket&sid=" + s.sid)) {
            ws.send("2probe");
            assertThat(ws.next()).isEqualTo("3probe");
            assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("1:6");
            ws.send("5");
            ws.send("2");
            assertThat(ws.next()).isEqualTo("3");
            ws.send("42[\"join\",123456]");
            assertThat(ws.next()).isEqualTo("42[\"join\",123456]");
            ws.send("1");
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected true");
        }
    }

    @Test
    void aProbeThatSaysSomethingElseIsClosedAndPollingGoesOn() throws Exception {
        var s = f.polling(4);
        s.connect();
        try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket&sid=" + s.sid)) {
            ws.send("42[\"too\",\"early\"]");
            assertThat(ws.awaitClose().code()).isEqualTo(1002);
        }
        s.send("42[\"still\",\"polling\"]");
        assertThat(s.poll()).containsExactly("42[\"still\",\"polling\"]");
    }

    @Test
    void engineIo4WebSocketOnly() throws Exception {
        try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket")) {
            assertThat(ws.next()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{22}\",\"upgrades\":\\[],\"pingInterval\":5000,"
                    + "\"pingTimeout\":5000,\"maxPayload\":65536}");
            ws.send("40{\"token\":\"t\"}");
            assertThat(ws.next()).matches("40\\{\"sid\":\"sock-\\d+\"}");
            assertThat(f.app.next("connected")).endsWith("{\"token\":\"t\"}");
            ws.send("42[\"message\",{\"roomId\":\"r\",\"data\":{\"type\":\"offer\"}}]");
            assertThat(ws.next()).isEqualTo("42[\"message\",{\"roomId\":\"r\",\"data\":{\"type\":\"offer\"}}]");
            ws.send("41");
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected true");
        }
    }

    @Test
    void engineIo3WebSocketOnlyConnectsImplicitly() throws Exception {
        try (EngineSocket ws = f.webSocket("EIO=3&transport=websocket")) {
            assertThat(ws.next()).matches("0\\{\"sid\":\"[A-Za-z0-9_-]{22}\",\"upgrades\":\\[],\"pingInterval\":5000,\"pingTimeout\":5000}");
            assertThat(ws.next()).isEqualTo("40");
            ws.send("2");
            assertThat(ws.next()).isEqualTo("3");
            ws.send("42[\"leave\",\"123456\"]");
            assertThat(ws.next()).isEqualTo("42[\"leave\",\"123456\"]");
        }
        assertThat(f.app.next("disconnected")).as("a WebSocket closed without a goodbye is lost").isEqualTo("disconnected false");
    }

    @Test
    void binaryIsRefusedOnTheWebSocket() throws Exception {
        try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket")) {
            ws.next();
            ws.send("40");
            ws.next();
            ws.sendBinary(new byte[] {4, 1, 2, 3});
            assertThat(ws.awaitClose().code()).isEqualTo(1003);
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected false");
        }
        try (EngineSocket ws = f.webSocket("EIO=3&transport=websocket")) {
            ws.next();
            ws.next();
            ws.send("451-[\"message\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(ws.next()).isEqualTo("44\"binary events are not supported\"");
            assertThat(ws.awaitClose().code()).isEqualTo(1003);
        }
    }

    @Test
    void aMessageOverThePayloadLimitClosesTheWebSocketWith1009() throws Exception {
        try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket")) {
            ws.next();
            ws.send("40");
            ws.next();
            ws.send("42[\"message\",\"" + "x".repeat(10_000) + "\"]"); // an offer's size passes
            assertThat(ws.next()).hasSize(10_000 + 16);
            ws.trySend("42[\"message\",\"" + "x".repeat(70_000) + "\"]");
            assertThat(ws.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void theEndpointIsOnTheHttpsListenerTooAndSessionsSpanBothListeners(@TempDir java.nio.file.Path dir) throws Exception {
        var certs = dev.parley.server.TestCertificates.create(dir);
        try (var tls = SocketIoFixture.start(c -> c.withHttps(new dev.parley.server.ServerConfig.Endpoint("127.0.0.1", 0),
                new dev.parley.server.ServerConfig.Tls(certs.certificate(), certs.privateKey())));
                var https = java.net.http.HttpClient.newBuilder().sslContext(certs.clientContext())
                        .version(java.net.http.HttpClient.Version.HTTP_1_1).build()) {
            String base = "https://127.0.0.1:" + tls.server.httpsPort() + "/socket.io/?EIO=4&transport=polling";
            var open = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(open.statusCode()).isEqualTo(200);
            String sid = open.body().substring(9, open.body().indexOf('"', 9));
            var connect = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "&sid=" + sid))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("40")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(connect.body()).isEqualTo("ok");
            assertThat(tls.get("EIO=4&transport=polling&sid=" + sid).body()).as("polled over plain HTTP").startsWith("40{\"sid\":");
            try (var wss = new EngineSocket(https, java.net.URI.create("wss://127.0.0.1:" + tls.server.httpsPort()
                    + "/socket.io/?EIO=4&transport=websocket&sid=" + sid), null)) {
                wss.send("2probe");
                assertThat(wss.next()).isEqualTo("3probe");
                wss.send("5").send("42[\"over\",\"tls\"]");
                assertThat(wss.next()).isEqualTo("42[\"over\",\"tls\"]");
            }
        }
    }

    @Test
    void anUnknownSessionsUpgradeIsRefused() throws Exception {
        HttpResponse<String> r = f.get("EIO=4&transport=websocket&sid=nope", "Sec-WebSocket-Version", "13");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"code\":3,\"message\":\"Bad request: not a WebSocket upgrade\"}");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> f.webSocket("EIO=4&transport=websocket&sid=nope")))
                .hasStackTraceContaining("400");
    }

    @Test
    void aServerThatStopsEndsEverySessionAndTellsWebSocketClientsToReconnect() throws Exception {
        var polling = f.polling(4);
        polling.connect();
        var held = polling.pollAsync();
        Thread.sleep(200); // the poll must be held when the server stops (once it raced the stop and found no session)
        assertThat(held).isNotDone();
        try (EngineSocket ws = f.webSocket("EIO=4&transport=websocket")) {
            ws.next();
            ws.send("40");
            ws.next();
            f.app.next("connected");
            f.app.next("connected");
            f.server.close();
            assertThat(ws.awaitClose().code()).isEqualTo(1012);
            assertThat(held.get(5, TimeUnit.SECONDS).body()).isEqualTo("1");
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected false");
            assertThat(f.app.next("disconnected")).isEqualTo("disconnected false");
        }
    }
}
