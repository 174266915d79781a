package dev.parley.server.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The browser clients served as a socket.io server serves them. */
class ClientScriptsTest {
    @Test
    void theClientScriptsAreServedWithRevalidation() throws Exception {
        try (var f = SocketIoFixture.start()) {
            HttpResponse<String> js = get(f, "/socket.io/socket.io.js", null);
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValue("application/javascript; charset=utf-8");
            assertThat(js.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(js.body().startsWith("/*!\n * Socket.IO v4.8.4")).as("the 4.8.4 build").isTrue();
            assertThat(js.body().strip().endsWith("//# sourceMappingURL=socket.io.js.map")).as("with its source map").isTrue();
            String etag = js.headers().firstValue("ETag").orElseThrow();
            HttpResponse<String> again = get(f, "/socket.io/socket.io.js", etag);
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();

            assertThat(get(f, "/socket.io/socket.io.min.js", null).body().contains("Socket.IO v4.8.4")).isTrue();
            HttpResponse<String> map = get(f, "/socket.io/socket.io.min.js.map", null);
            assertThat(map.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
            assertThat(map.body().startsWith("{")).isTrue();
            assertThat(get(f, "/socket.io/socket.io.js.map", null).statusCode()).isEqualTo(200);

            HttpResponse<String> v2 = get(f, "/socket.io/2/socket.io.js", null);
            assertThat(v2.statusCode()).isEqualTo(200);
            assertThat(v2.body().contains("t.io=e()") && v2.body().contains("protocol=3")).as("the socket.io 2.x client").isTrue();
            assertThat(v2.body().strip().endsWith("//# sourceMappingURL=socket.io.js.map")).isTrue();
            assertThat(get(f, "/socket.io/2/socket.io.js.map", null).statusCode()).isEqualTo(200);

            assertThat(get(f, "/socket.io/socket.io.msgpack.min.js", null).statusCode()).isEqualTo(404);
            assertThat(get(f, "/socket.io/../web/index.html", null).statusCode()).isEqualTo(404);
            assertThat(f.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port() + "/socket.io/socket.io.js"))
                    .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode()).isEqualTo(405);
        }
    }

    private static HttpResponse<String> get(SocketIoFixture f, String path, String ifNoneMatch) throws Exception {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.port() + path));
        if (ifNoneMatch != null) b.header("If-None-Match", ifNoneMatch);
        return f.send(b);
    }
}
