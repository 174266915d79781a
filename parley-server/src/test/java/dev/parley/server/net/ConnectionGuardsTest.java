package dev.parley.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.server.Inbox;
import dev.parley.server.RawSocket;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Heartbeat with dead-peer detection, sessions per address, and the Origin allow-list. */
class ConnectionGuardsTest {
    private static TestServer start(ConnectionGuards guards) throws Exception {
        var config = ServerConfig.loopback(0).withGuards(guards);
        return TestServer.start(config.withSignaling(TestServer.shortGrace(config.signaling())));
    }

    @Test
    void aClientThatAnswersPingsStaysAndADeadOneIsDroppedWithinTwoIntervals() throws Exception {
        long interval = 300;
        try (TestServer server = start(new ConnectionGuards(Duration.ofMillis(interval), 100, List.of()))) {
            Inbox aliceEvents = new Inbox();
            var alice = server.connect("alice", aliceEvents); // the JDK client answers pings by itself
            alice.join("r").join();
            try (Socket dead = new Socket("127.0.0.1", server.server().httpPort())) {
                WireClient.handshake(dead, server.server().httpPort());
                WireClient.text(dead.getOutputStream(), "{\"type\":\"hello\",\"id\":\"1\",\"name\":\"bob\"}");
                WireClient.text(dead.getOutputStream(), "{\"type\":\"join\",\"id\":\"2\",\"room\":\"r\"}");
                long lastWord = System.nanoTime();
                // From here bob neither reads nor answers pings: a phone that lost its network.
                PeerAway away = aliceEvents.skipToWithin(PeerAway.class, Duration.ofSeconds(5));
                long silentMillis = (System.nanoTime() - lastWord) / 1_000_000;
                assertThat(away.peer().name()).isEqualTo("bob");
                assertThat(silentMillis).as("told within two intervals (plus scheduling slack)").isBetween(interval, 2 * interval + 700);
                // bob's seat is kept for the resume grace period, then given up.
                assertThat(aliceEvents.next(PeerLeft.class).peer().name()).isEqualTo("bob");
            }
            Thread.sleep(3 * interval);
            assertThat(alice.join("another").join()).as("alice, who answers pings, is still connected")
                    .isInstanceOf(dev.parley.protocol.ServerMessage.Joined.class);
        }
    }

    @Test
    void anAddressMayHoldOnlySoManySessions() throws Exception {
        try (TestServer server = start(new ConnectionGuards(Duration.ofSeconds(15), 2, List.of()));
                RawSocket one = RawSocket.open(server.http(), server.wsUri());
                RawSocket two = RawSocket.open(server.http(), server.wsUri())) {
            one.send("{\"type\":\"hello\",\"id\":\"1\"}");
            one.next(Welcome.class);
            two.send("{\"type\":\"hello\",\"id\":\"1\"}");
            two.next(Welcome.class);
            try (RawSocket three = RawSocket.open(server.http(), server.wsUri())) {
                three.send("{\"type\":\"hello\",\"id\":\"1\"}"); // let in only to resume; a fresh hello is refused
                var closed = three.awaitClose();
                assertThat(closed.code()).isEqualTo(1013);
                assertThat(closed.reason()).contains("too many connections");
            }
            one.close();
            // The count goes down when the session ends: here, once the short resume grace is over.
            server.awaitStats(st -> st.awaySessions() == 1);
            server.awaitStats(st -> st.awaySessions() == 0);
            try (RawSocket again = RawSocket.open(server.http(), server.wsUri())) {
                again.send("{\"type\":\"hello\",\"id\":\"1\"}");
                again.next(Welcome.class);
            }
        }
    }

    @Test
    void sessionsHeldAwayForResumingStillCountAgainstTheirAddress() throws Exception {
        var config = ServerConfig.loopback(0).withGuards(new ConnectionGuards(Duration.ofSeconds(15), 2, List.of()));
        try (TestServer server = TestServer.start(config.withSignaling(
                config.signaling().withResume(config.signaling().resume().withGrace(Duration.ofSeconds(30)))))) {
            for (int i = 0; i < 2; i++) {
                try (RawSocket lost = RawSocket.open(server.http(), server.wsUri())) {
                    lost.send("{\"type\":\"hello\",\"acks\":true}").next(Welcome.class);
                } // aborted: the session is held for 30 s, and keeps what is sent to it
            }
            server.awaitStats(st -> st.awaySessions() == 2);
            try (RawSocket third = RawSocket.open(server.http(), server.wsUri())) {
                third.send("{\"type\":\"hello\"}");
                var closed = third.awaitClose();
                assertThat(closed.code()).isEqualTo(1013);
                assertThat(closed.reason()).contains("too many connections from your address");
            }
        }
    }

    @Test
    void theServerHoldsOnlySoManySessionsInAll() throws Exception {
        var config = ServerConfig.loopback(0).withGuards(new ConnectionGuards(Duration.ofSeconds(15), 100, List.of(), 2));
        try (TestServer server = TestServer.start(config.withSignaling(
                config.signaling().withResume(config.signaling().resume().withGrace(Duration.ofSeconds(30)))));
                RawSocket live = RawSocket.open(server.http(), server.wsUri())) {
            live.send("{\"type\":\"hello\"}").next(Welcome.class);
            try (RawSocket lost = RawSocket.open(server.http(), server.wsUri())) {
                lost.send("{\"type\":\"hello\"}").next(Welcome.class);
            }
            server.awaitStats(st -> st.awaySessions() == 1);
            try (RawSocket third = RawSocket.open(server.http(), server.wsUri())) {
                third.send("{\"type\":\"hello\"}");
                var closed = third.awaitClose();
                assertThat(closed.code()).isEqualTo(1013);
                assertThat(closed.reason()).contains("too many sessions");
            }
        }
    }

    /**
     * At its address's limit, a client whose connection dropped can still take its session back:
     * the held session is counted already, so the new connection needs no room of its own. A fresh
     * session is still refused, and the counts come out right: the resumed session counted once.
     */
    @Test
    void aClientAtItsAddressLimitCanResumeItsOwnSession() throws Exception {
        var config = ServerConfig.loopback(0).withGuards(new ConnectionGuards(Duration.ofSeconds(15), 2, List.of()));
        try (TestServer server = TestServer.start(config.withSignaling(
                config.signaling().withResume(config.signaling().resume().withGrace(Duration.ofSeconds(2)))));
                RawSocket two = RawSocket.open(server.http(), server.wsUri())) {
            Welcome first;
            try (RawSocket one = RawSocket.open(server.http(), server.wsUri())) {
                first = one.send("{\"type\":\"hello\",\"acks\":true}").next(Welcome.class);
                two.send("{\"type\":\"hello\"}").next(Welcome.class);
            } // dropped: held for resuming, and still counted
            server.awaitStats(st -> st.awaySessions() == 1);
            try (RawSocket back = RawSocket.open(server.http(), server.wsUri())) {
                Welcome again = back.send("{\"type\":\"hello\",\"acks\":true,\"received\":0,\"resume\":\"" + first.resumeToken() + "\"}")
                        .next(Welcome.class);
                assertThat(again.resumed()).as("resumed, not refused with 1013").isTrue();
                assertThat(again.session()).isEqualTo(first.session());
                try (RawSocket fresh = RawSocket.open(server.http(), server.wsUri())) {
                    fresh.send("{\"type\":\"hello\"}");
                    var closed = fresh.awaitClose();
                    assertThat(closed.code()).as("the resumed session still counts").isEqualTo(1013);
                    assertThat(closed.reason()).contains("too many connections from your address");
                }
            }
            two.close();
            server.awaitStats(st -> st.awaySessions() == 2);
            server.awaitStats(st -> st.awaySessions() == 0);
            try (RawSocket a = RawSocket.open(server.http(), server.wsUri());
                    RawSocket b = RawSocket.open(server.http(), server.wsUri())) {
                assertThat(a.send("{\"type\":\"hello\"}").next(Welcome.class).resumed()).isFalse();
                assertThat(b.send("{\"type\":\"hello\"}").next(Welcome.class).resumed())
                        .as("every count given back once: the address has its two sessions again").isFalse();
            }
        }
    }

    @Test
    void onlyTheServersOwnAndAllowedOriginsMayOpenTheWebSocket() throws Exception {
        try (TestServer server = start(new ConnectionGuards(Duration.ofSeconds(15), 100, List.of("https://app.example.org")))) {
            URI ws = server.wsUri();
            String own = "http://127.0.0.1:" + server.server().httpPort();
            assertThat(opens(server.http(), ws, own)).isTrue();
            assertThat(opens(server.http(), ws, "https://app.example.org")).isTrue();
            assertThat(opens(server.http(), ws, null)).as("no Origin: not a browser").isTrue();
            assertThat(opens(server.http(), ws, "https://evil.example")).isFalse();
            assertThat(opens(server.http(), ws, "http://127.0.0.1:1")).as("another port is another origin").isFalse();
        }
    }

    private static boolean opens(HttpClient http, URI uri, String origin) {
        var builder = http.newWebSocketBuilder();
        if (origin != null) builder.header("Origin", origin);
        try {
            builder.buildAsync(uri, new WebSocket.Listener() {}).join().abort();
            return true;
        } catch (CompletionException e) {
            return false;
        }
    }

    /** Just enough of a WebSocket client to misbehave: an upgrade and masked text frames. */
    static final class WireClient {
        static void handshake(Socket s, int port) throws Exception {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.read());
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
        }

        static void text(OutputStream out, String text) throws Exception {
            textBytes(out, text.getBytes(StandardCharsets.UTF_8));
        }

        /** A text frame with these bytes, valid UTF-8 or not. */
        static void textBytes(OutputStream out, byte[] payload) throws Exception {
            byte[] mask = {1, 2, 3, 4};
            out.write(0x81);
            out.write(0x80 | payload.length); // under 126 bytes
            out.write(mask);
            for (int i = 0; i < payload.length; i++) out.write(payload[i] ^ mask[i % 4]);
            out.flush();
        }
    }
}
