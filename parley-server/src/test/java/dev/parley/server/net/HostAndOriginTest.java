package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.server.RawHttp;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import dev.parley.server.tls.LocalAddresses;
import dev.parley.server.tls.LocalCertificate;
import dev.parley.server.turn.TurnOptions;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, finding 12: the Host header chooses the TURN URLs' host only among the server's own
 * names, and the Origin check compares scheme, host and port with the server's own, not with Host.
 * The server's certificate names {@code parley.test} and {@code *.wild.test}; its TURN relay is 127.0.0.1.
 */
class HostAndOriginTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    @TempDir
    static Path dir;
    private static TestServer server;
    private static int http;
    private static int https;

    @BeforeAll
    static void start() throws Exception {
        var tls = LocalCertificate.ensure(dir, List.of("parley.test", "*.wild.test", "127.0.0.1"));
        var turn = new TurnOptions("127.0.0.1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535, List.of(),
                "host-origin-test-secret-0123456789", Map.of(), Duration.ofHours(1), 100, 10, 0, null, false, List.of());
        server = TestServer.start(ServerConfig.loopback(0).withTurn(turn)
                .withHttps(new ServerConfig.Endpoint("127.0.0.1", 0), tls));
        http = server.server().httpPort();
        https = server.server().httpsPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String iceFor(String host) throws Exception {
        String r = RawHttp.get(null, http, "/api/ice", host, WAIT);
        assertThat(r).startsWith("HTTP/1.1 200");
        return r.substring(r.indexOf("\r\n\r\n"));
    }

    private static String welcomeFor(String host) throws Exception {
        try (Socket s = RawHttp.connect(null, http, WAIT)) {
            RawHttp.upgrade(s, host, null);
            assertThat(RawHttp.head(s)).startsWith("HTTP/1.1 101");
            RawHttp.frame(s, 1, "{\"type\":\"hello\",\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8));
            return RawHttp.readFrame(s).text();
        }
    }

    @Test
    void aStrangeHostNeverReachesTheTurnUrls() throws Exception {
        for (String host : List.of("evil.com", "evil.com:" + http, "parley.test.evil.com", "10.9.8.7")) {
            assertThat(iceFor(host)).as("/api/ice, Host: " + host).doesNotContain("evil", "10.9.8.7").contains("turn:127.0.0.1:");
            assertThat(welcomeFor(host)).as("welcome, Host: " + host).doesNotContain("evil", "10.9.8.7").contains("turn:127.0.0.1:");
        }
    }

    @Test
    void theServersOwnNamesAreUsedAsTheClientWroteThem() throws Exception {
        assertThat(iceFor("parley.test:" + https)).contains("turn:parley.test:");
        assertThat(welcomeFor("parley.test")).contains("turn:parley.test:");
        assertThat(iceFor("eu.wild.test")).contains("turn:eu.wild.test:");
        assertThat(iceFor("127.0.0.1:" + http)).contains("turn:127.0.0.1:");
    }

    private static int upgrade(int port, String host, String origin) throws Exception {
        try (Socket s = RawHttp.connect(null, port, WAIT)) {
            RawHttp.upgrade(s, host, origin);
            String head = RawHttp.head(s);
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    @Test
    void theOriginMustBeTheServersOwnSchemeHostAndPort() throws Exception {
        String host = "127.0.0.1:" + http;
        // Someone else's.
        assertThat(upgrade(http, host, "ftp://127.0.0.1:" + http)).as("another scheme").isEqualTo(403);
        assertThat(upgrade(http, host, "https://127.0.0.1:" + http)).as("https on the HTTP port").isEqualTo(403);
        assertThat(upgrade(http, host, "http://127.0.0.1:" + https)).as("http on the HTTPS port").isEqualTo(403);
        assertThat(upgrade(http, host, "http://127.0.0.1")).as("port 80").isEqualTo(403);
        assertThat(upgrade(http, "evil.com:" + http, "http://evil.com:" + http)).as("DNS rebinding: Origin = Host").isEqualTo(403);
        assertThat(upgrade(http, host, "http://127.0.0.1:" + http + "/path")).isEqualTo(403);
        assertThat(upgrade(http, host, "null")).isEqualTo(403);
        // What the browser app sends from its own pages.
        assertThat(upgrade(http, host, "http://127.0.0.1:" + http)).isEqualTo(101);
        assertThat(upgrade(http, "localhost:" + http, "http://localhost:" + http)).isEqualTo(101);
        assertThat(upgrade(http, host, "http://[::1]:" + http)).isEqualTo(101);
        assertThat(upgrade(http, host, "https://parley.test:" + https)).as("a page of the HTTPS listener").isEqualTo(101);
        assertThat(upgrade(http, host, null)).as("no Origin: not a browser").isEqualTo(101);
    }

    /**
     * The certificate here does not name this machine, yet a page opened at its name, or at that name
     * with {@code .local} as a phone on the LAN finds it over mDNS, may open the WebSocket.
     */
    @Test
    void pagesAtThisMachinesNameAndItsMdnsNameAreSameSite() throws Exception {
        String name = LocalAddresses.hostName();
        assumeTrue(name != null && name.matches("[A-Za-z0-9-]+") && !name.equalsIgnoreCase("localhost"),
                "this machine's name is a single label (it is " + name + ")");
        String host = "127.0.0.1:" + http;
        assertThat(upgrade(http, host, "https://" + name + ":" + https)).as("https://" + name).isEqualTo(101);
        assertThat(upgrade(http, host, "https://" + name + ".local:" + https)).as("https://" + name + ".local").isEqualTo(101);
        assertThat(upgrade(http, host, "https://" + name + ".local.evil.com:" + https)).isEqualTo(403);
    }
}
