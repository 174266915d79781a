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
}
