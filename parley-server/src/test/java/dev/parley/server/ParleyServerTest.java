package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ParleyClient;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.server.ServerConfig.Endpoint;
import dev.parley.server.ServerConfig.Tls;
import dev.parley.core.SignalingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParleyServerTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsAndWssWithAConfiguredPemCertificate() throws Exception {
        var certs = TestCertificates.create(dir);
        var config = ServerConfig.loopback(0).withHttps(new Endpoint("127.0.0.1", 0), new Tls(certs.certificate(), certs.privateKey()));
        try (var server = ParleyServer.start(config);
             var http = HttpClient.newBuilder().sslContext(certs.clientContext()).build()) {
            var health = http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            var inbox = new Inbox();
            try (ParleyClient secure = ParleyClient.builder(URI.create("wss://localhost:" + server.httpsPort() + "/ws"))
                    .sslContext(certs.clientContext()).name("sam").listener(inbox).connect()) {
                assertThat(secure.welcome().user().name()).isEqualTo("sam");
                assertThat(secure.join("secure-room").join()).isInstanceOf(Joined.class);
            }
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String... headers) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) b.headers(headers);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Issue 12, finding 13: by default /metrics is for this machine over plain HTTP; the self-signed certificate gets no HSTS. */
    @Test
    void metricsAreNotPublicOnTheHttpsListenerAndAGeneratedCertificateGetsNoHsts() throws Exception {
        var certs = TestCertificates.create(dir);
        var config = ServerConfig.loopback(0).withHttps(new Endpoint("127.0.0.1", 0), new Tls(certs.certificate(), certs.privateKey()));
        try (var server = ParleyServer.start(config); var http = HttpClient.newBuilder().sslContext(certs.clientContext()).build()) {
            String https = "https://127.0.0.1:" + server.httpsPort();
            assertThat(get(http, https + "/metrics").statusCode()).isEqualTo(403);
            assertThat(get(http, "http://127.0.0.1:" + server.httpPort() + "/metrics").statusCode()).isEqualTo(200);
            assertThat(get(http, https + "/healthz").headers().firstValue("strict-transport-security")).isEmpty();
        }
    }

    /** Issue 12, finding 13: HSTS with a certificate the operator gave; /metrics anywhere with the metrics token. */
    @Test
    void aGivenCertificateGetsHstsAndTheMetricsTokenOpensMetricsOverHttps() throws Exception {
        var certs = TestCertificates.create(dir);
        String token = "metrics-token-0123456789";
        var config = ServerConfig.loopback(0).withListeners(dev.parley.server.net.ListenerGuards.defaults().withMetricsToken(token))
                .withHttps(new Endpoint("127.0.0.1", 0), new Tls(certs.certificate(), certs.privateKey(), true));
        try (var server = ParleyServer.start(config); var http = HttpClient.newBuilder().sslContext(certs.clientContext()).build()) {
            String https = "https://127.0.0.1:" + server.httpsPort();
            for (String path : List.of("/healthz", "/", "/nope")) {
                assertThat(get(http, https + path).headers().firstValue("strict-transport-security")).as(path).hasValue("max-age=31536000");
            }
            assertThat(get(http, "http://127.0.0.1:" + server.httpPort() + "/healthz").headers().firstValue("strict-transport-security"))
                    .as("not over plain HTTP").isEmpty();
            var none = get(http, https + "/metrics");
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
            assertThat(get(http, https + "/metrics", "Authorization", "Bearer " + token + "x").statusCode()).isEqualTo(401);
            var ok = get(http, https + "/metrics", "Authorization", "Bearer " + token);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("parley_sessions");
        }
    }

    @Test
    void aBadCertificateFailsAtStartWithAClearMessage() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Path key = Files.writeString(dir.resolve("key.pem"), "not a key");
        var config = ServerConfig.loopback(0).withHttps(new Endpoint("127.0.0.1", 0), new Tls(cert, key));
        assertThatThrownBy(() -> ParleyServer.start(config)).isInstanceOf(SSLException.class).hasMessageContaining("cert.pem");
    }

    @Test
    void aPortInUseFailsAtStartWithAClearMessage() throws Exception {
        try (var first = ParleyServer.start(ServerConfig.loopback(0))) {
            assertThatThrownBy(() -> ParleyServer.start(ServerConfig.loopback(first.httpPort())))
                    .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + first.httpPort());
        }
    }

    /**
     * A client that stops reading must not make the server hold its messages without bound: past
     * the outbound limit it is disconnected (1008), which its room sees as leaving.
     */
    @Test
    void aClientThatStopsReadingIsDisconnectedPastTheOutboundLimit() throws Exception {
        var d = SignalingConfig.defaults();
        // A message rate the sender cannot reach: it is the stalled reader this test is about, not the flood cut-off.
        var signaling = new SignalingConfig(2, d.maxRoomsPerSession(), d.callTimeout(), 16 * 1024, dev.parley.core.IceServerSource.fixed(List.of()),
                new dev.parley.core.SessionGuards(Duration.ofSeconds(5), 100_000, 5_000, 100));
        var config = ServerConfig.loopback(0).withSignaling(signaling).withMaxOutboundBytes(64 * 1024);
        try (var server = TestServer.start(config); var stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096); // keep what the kernel buffers for it small
            stalled.connect(new InetSocketAddress("127.0.0.1", server.server().httpPort()));
            handshake(stalled);
            sendText(stalled.getOutputStream(), "{\"type\":\"hello\"}");
            sendText(stalled.getOutputStream(), "{\"type\":\"join\",\"room\":\"slow\"}");

            var inbox = new Inbox();
            ParleyClient sender = server.connect(null, inbox);
            sender.join("slow").join();
            var data = dev.parley.protocol.Payload.parse("\"" + "x".repeat(15_000) + "\"");
            // Bounded: at most 2,000 messages (30 MB) or 20 s, far more than the limit plus socket buffers.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            PeerLeft left = null;
            for (int i = 0; i < 2_000 && left == null && System.nanoTime() < deadline; i++) {
                sender.message("slow", data).join();
                if (i % 50 == 49) left = pollPeerLeft(inbox);
            }
            if (left == null) left = inbox.skipTo(PeerLeft.class);
            assertThat(left.room()).isEqualTo("slow");
        }
    }

    private static PeerLeft pollPeerLeft(Inbox inbox) {
        try {
            return inbox.skipToWithin(PeerLeft.class, Duration.ofMillis(50));
        } catch (AssertionError notYet) {
            return null;
        }
    }

    private static void handshake(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed during handshake: " + head);
            head.append((char) b);
        }
        assertThat(head.toString()).startsWith("HTTP/1.1 101");
    }

    /** One masked text frame (clients must mask), payload under 126 bytes. */
    private static void sendText(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        out.write(0x81);
        out.write(0x80 | payload.length);
        out.write(mask);
        for (int i = 0; i < payload.length; i++) out.write(payload[i] ^ mask[i % 4]);
        out.flush();
    }
}
