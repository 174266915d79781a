package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --web-root}: the operator's pages beside the app, with the app's static-file rules and no way out of the directory. */
class WebRootTest {
    @TempDir
    static Path dir;
    private static Path site;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<script>io.connect()</script>");
        Files.createDirectories(site.resolve("seed003"));
        Files.writeString(site.resolve("seed003/webrtc.html"), "<p>seed 003</p>");
        Files.writeString(site.resolve("seed003/index.html"), "<p>a folder's index</p>");
        Files.writeString(site.resolve("style.css"), "body{}");
        Files.writeString(site.resolve(".env"), "SECRET=1");
        Files.writeString(site.resolve("notes.unknown"), "?");
        Files.writeString(dir.resolve("outside.html"), "outside");
        Files.createSymbolicLink(site.resolve("escape.html"), dir.resolve("outside.html"));
        Files.createSymbolicLink(site.resolve("inside.html"), site.resolve("seed003/webrtc.html"));
        Files.write(site.resolve("huge.js"), new byte[(int) WebRoot.MAX_FILE_BYTES + 1]);
        server = TestServer.start(ServerConfig.loopback(0).withWebRoot(site));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return server.http().send(HttpRequest.newBuilder(server.httpUri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOperatorsPagesAreServedWithoutTheAppsPolicySoTheirInlineScriptsRun() throws Exception {
        var root = get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo("<script>io.connect()</script>");
        assertThat(root.headers().firstValue("content-security-policy")).isEmpty();
        assertThat(root.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(get("/seed003/webrtc.html").body()).isEqualTo("<p>seed 003</p>");
        assertThat(get("/seed003/").body()).isEqualTo("<p>a folder's index</p>");
        assertThat(get("/inside.html").body()).as("a link that stays inside").isEqualTo("<p>seed 003</p>");
    }

    @Test
    void editsShowAtOnceAndUnchangedFilesRevalidate() throws Exception {
        Path page = site.resolve("edited.html");
        Files.writeString(page, "one");
        var first = get("/edited.html");
        String etag = first.headers().firstValue("etag").orElseThrow();
        var again = server.http().send(HttpRequest.newBuilder(server.httpUri("/edited.html")).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        Files.writeString(page, "two, longer");
        assertThat(get("/edited.html").body()).isEqualTo("two, longer");
    }

    @Test
    void theirFilesWinOverTheAppsButParleysOwnPathsStayParleys() throws Exception {
        assertThat(get("/style.css").body()).isEqualTo("body{}");
        assertThat(get("/app.js").body()).as("the app's files they do not have").contains("import");
        var room = get("/r/standup");
        assertThat(room.body()).contains("<script type=\"module\" src=\"/app.js\">");
        assertThat(room.headers().firstValue("content-security-policy")).isPresent();
        assertThat(get("/healthz").body()).isEqualTo("ok\n");
        assertThat(get("/api/info").body()).contains("httpsPort");
    }

    @Test
    void nothingOutsideTheDirectoryHiddenOrOfAnUnknownTypeIsServed() throws Exception {
        for (String path : new String[] {"/.env", "/notes.unknown", "/escape.html", "/huge.js", "/seed003", "/nothing.html",
                "/%2e%2e/outside.html", "/seed003/..%2F..%2Foutside.html", "/seed003%2F..%2F..%2Foutside.html"}) {
            assertThat(get(path).statusCode()).as(path).isEqualTo(404);
        }
        // A raw request line, not normalised by a client library.
        try (Socket s = new Socket("127.0.0.1", server.server().httpPort())) {
            s.getOutputStream().write("GET /../outside.html HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 404").doesNotContain("outside");
        }
    }
}
