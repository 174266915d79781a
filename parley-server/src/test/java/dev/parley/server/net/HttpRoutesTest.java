package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.TestServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpRoutesTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return server.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthzAnswers200() throws Exception {
        var r = send(HttpRequest.newBuilder(server.httpUri("/healthz")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok\n");
        assertThat(r.headers().firstValue("cache-control")).hasValue("no-store");
    }

    @Test
    void rootAndRoomLinksServeTheAppWithASecurityPolicy() throws Exception {
        for (String path : new String[] {"/", "/r/standup", "/r/%E4%BC%9A%E8%AE%AE"}) {
            var r = send(HttpRequest.newBuilder(server.httpUri(path)));
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(r.body()).contains("<script type=\"module\" src=\"/app.js\">");
            assertThat(r.headers().firstValue("content-security-policy")).get().asString()
                    .contains("default-src 'self'").contains("frame-ancestors 'none'");
        }
    }

    @Test
    void theSdkIsServedAsAJavaScriptModuleThatBrowsersRevalidate() throws Exception {
        var r = send(HttpRequest.newBuilder(server.httpUri("/parley.js")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
        assertThat(r.body()).contains("export class Parley");
        String etag = r.headers().firstValue("etag").orElseThrow();
        var again = send(HttpRequest.newBuilder(server.httpUri("/parley.js")).header("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        for (String module : new String[] {"/parley-call.js", "/parley-link.js", "/parley-error.js", "/style.css", "/favicon.svg"}) {
            assertThat(send(HttpRequest.newBuilder(server.httpUri(module))).statusCode()).as(module).isEqualTo(200);
        }
    }

    @Test
    void nothingOutsideTheWebFolderCanBeReached() throws Exception {
        for (String path : new String[] {"/../logback.xml", "/..%2Flogback.xml", "/logback.xml", "/web/app.js",
                "/dev/parley/server/Main.class", "/.hidden.js", "/app.js/", "/%2e%2e/logback.xml"}) {
            assertThat(send(HttpRequest.newBuilder(server.httpUri(path))).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void apiInfoTellsTheAppWhereHttpsIs() throws Exception {
        var r = send(HttpRequest.newBuilder(server.httpUri("/api/info")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"httpsPort\":-1}"); // this test server has HTTPS off
    }

    @Test
    void unknownPathsAre404AndWritesAre405() throws Exception {
        assertThat(send(HttpRequest.newBuilder(server.httpUri("/nope"))).statusCode()).isEqualTo(404);
        var post = send(HttpRequest.newBuilder(server.httpUri("/healthz")).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void plainGetOnTheWebSocketPathIsRefused() throws Exception {
        assertThat(send(HttpRequest.newBuilder(server.httpUri("/ws"))).statusCode()).isBetween(400, 499);
    }

    @Test
    void anOversizeRequestBodyIsRefused() throws Exception {
        var r = send(HttpRequest.newBuilder(server.httpUri("/healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("z".repeat(SignalingChannelInitializer.MAX_HTTP_BODY_BYTES + 1))));
        assertThat(r.statusCode()).isEqualTo(413);
    }

    private static String raw(String request) throws Exception {
        return dev.parley.server.RawHttp.exchange(null, server.server().httpPort(), request, java.time.Duration.ofSeconds(5));
    }

    /** Issue 12, finding 13: the codec's refusals get their own statuses, not a generic 400. */
    @Test
    void aLongUriIs414LargeHeadersAre431AndAnotherHttpVersionIs505() throws Exception {
        assertThat(raw("GET /" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 414");
        assertThat(raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "b".repeat(SignalingChannelInitializer.MAX_HTTP_HEADER_BYTES)
                + "\r\n\r\n")).startsWith("HTTP/1.1 431");
        assertThat(raw("GET /healthz HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 505");
        assertThat(raw("GET /healthz HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n")).startsWith("HTTP/1.1 505");
        assertThat(raw("GET /ws HTTP/9.9\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")).startsWith("HTTP/1.1 505");
        assertThat(raw("GET /healthz HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200");
        assertThat(raw("garbage\r\n\r\n")).startsWith("HTTP/1.1 400");
    }

    /** Issue 12, finding 13: metrics are for this machine; a reverse proxy passing a request on is not it. */
    @Test
    void metricsAreServedToThisMachineButNotThroughAProxy() throws Exception {
        assertThat(send(HttpRequest.newBuilder(server.httpUri("/metrics"))).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(server.httpUri("/metrics")).header("X-Forwarded-For", "203.0.113.9")).statusCode())
                .isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(server.httpUri("/metrics")).header("Forwarded", "for=203.0.113.9")).statusCode())
                .isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(server.httpUri("/metrics")).header("X-Real-IP", "203.0.113.9")).statusCode())
                .as("as nginx guides set it").isEqualTo(403);
        assertThat(raw("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nVia: 1.1 proxy\r\nConnection: close\r\n\r\n"))
                .as("as caches such as Varnish add it").startsWith("HTTP/1.1 403");
    }
}
