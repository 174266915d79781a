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
    void rootPointsToTheWebSocketEndpoint() throws Exception {
        var r = send(HttpRequest.newBuilder(server.httpUri("/")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("/ws");
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
