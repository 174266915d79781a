package dev.parley.server.dialect;

import static dev.parley.server.dialect.SeedPage.callBack;
import static dev.parley.server.dialect.SeedPage.callStart;
import static dev.parley.server.dialect.SeedPage.candidate;
import static dev.parley.server.dialect.SeedPage.description;
import static dev.parley.server.dialect.SeedPage.hangup;
import static dev.parley.server.dialect.SeedPage.ice;
import static dev.parley.server.dialect.SeedPage.received;
import static dev.parley.server.dialect.SeedPage.receivedDescription;
import static dev.parley.server.dialect.SeedPage.receivedIce;
import static dev.parley.server.dialect.SeedPage.system;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.SessionGuards;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.server.Inbox;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import dev.parley.server.auth.TokenAccess;
import dev.parley.server.net.ConnectionGuards;
import java.time.Clock;
import java.util.List;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Seed 003's pages over real WebSockets at {@code /webrtc/{username}} on a server on 127.0.0.1. */
class Seed003ServerTest {
    private static final Duration QUIET = Duration.ofMillis(300);

    private static URI page(TestServer server, String name) {
        return PageSocket.uri(server.server().httpPort(), name, null);
    }

    /** The seed article's own transcript (zs calls ls), with Parley's fromUser: always the other party. */
    @Test
    void theSeedsWholeCallGoesThroughAsTheArticleShowsIt() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"));
                PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
            server.awaitStats(s -> s.namedSessions() == 2);
            zs.send(callStart("zs", "ls"));
            ls.expect(received("call_start", "zs", "1"));
            ls.send(callBack("ls", "zs", "1"));
            zs.expect(received("call_back", "ls", "1"));

            String offer = SeedPage.sdp("626753068503365352", 6_000);
            zs.send(description("offer", offer, "zs", "ls"));
            ls.expect(receivedDescription("offer", "zs", offer));
            String answer = SeedPage.sdp("6281552672698732270", 3_000);
            ls.send(description("answer", answer, "ls", "zs"));
            zs.expect(receivedDescription("answer", "ls", answer));

            String lsCandidate = candidate("candidate:1679555437 1 udp 2122260223 172.16.12.156 60155 typ host generation 0 ufrag Ex36 network-id 1", "Ex36");
            ls.send(ice("ls", "zs", lsCandidate));
            zs.expect(receivedIce("ls", lsCandidate));
            String zsCandidate = candidate("candidate:1625475052 1 udp 2113937151 192.168.253.2 38700 typ host generation 0 ufrag Qcjs network-cost 999", "Qcjs");
            zs.send(ice("zs", "ls", zsCandidate));
            ls.expect(receivedIce("zs", zsCandidate));

            ls.send(hangup("ls", "zs"));
            zs.expect(received("hangup", "ls", "对方挂断!"));
            zs.send(hangup("zs", "ls")); // the page's hang-up button, clicked by the hangup it received
            zs.expectNothing(QUIET);
            ls.expectNothing(QUIET);
        }
    }

    @Test
    void refusalOfflineAndBusyAsThePageReadsThem() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"));
                PageSocket ls = PageSocket.open(server.http(), page(server, "ls"));
                PageSocket ww = PageSocket.open(server.http(), page(server, "ww"))) {
            server.awaitStats(s -> s.namedSessions() == 3);
            zs.send(callStart("zs", "nobody"));
            zs.expect("{\"type\":\"call_back\",\"fromUser\":\"系统消息\",\"msg\":\"Sorry,呼叫的用户不在线!\"}");
            zs.send(callStart("zs", "ls"));
            ls.expect(received("call_start", "zs", "1"));
            ls.send(callBack("ls", "zs", "0"));
            zs.expect(received("call_back", "ls", "0"));
            zs.send(callStart("zs", "ls"));
            ls.expect(received("call_start", "zs", "1"));
            ww.send(callStart("ww", "zs"));
            ww.expect(system(Seed003Texts.BUSY));
            zs.expectNothing(QUIET);
        }
    }

    @Test
    void aCallNobodyAnswersTimesOut() throws Exception {
        try (TestServer server = TestServer.start(TestServer.config(2, Duration.ofMillis(500)));
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"));
                PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
            server.awaitStats(s -> s.namedSessions() == 2);
            zs.send(callStart("zs", "ls"));
            ls.expect(received("call_start", "zs", "1"));
            zs.expect(system(Seed003Texts.NO_ANSWER));
            ls.expect(received("hangup", "zs", Seed003Texts.TIMED_OUT));
        }
    }

    @Test
    void theLastConnectionUnderANameWinsAndTheOldOneIsToldWhy() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"));
                PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
            server.awaitStats(s -> s.namedSessions() == 2);
            zs.send(callStart("zs", "ls"));
            ls.expect(received("call_start", "zs", "1"));
            ls.send(callBack("ls", "zs", "1"));
            zs.expect(received("call_back", "ls", "1"));
            try (PageSocket again = PageSocket.open(server.http(), page(server, "zs"))) {
                var closed = zs.awaitClose();
                assertThat(closed.code()).isEqualTo(4001);
                assertThat(closed.reason()).isEqualTo("a newer connection took the name 'zs'");
                ls.expect(received("hangup", "zs", Seed003Texts.DISCONNECTED));
                server.awaitStats(s -> s.namedSessions() == 2 && s.calls() == 0);
                ls.send(callStart("ls", "zs"));
                again.expect(received("call_start", "ls", "1"));
            }
        }
    }

    @Test
    void aNameHeldByAParleyClientIsRefusedWithAReason() throws Exception {
        try (TestServer server = TestServer.start()) {
            var alice = server.connect("alice", new Inbox());
            try (PageSocket page = PageSocket.open(server.http(), page(server, "Alice"))) {
                var closed = page.awaitClose();
                assertThat(closed.code()).isEqualTo(1008);
                assertThat(closed.reason()).isEqualTo("the name 'Alice' is online on another client, which keeps it");
            }
            assertThat(alice.closed()).isNotDone();
        }
    }

    @Test
    void anInvalidNameInTheUrlIsClosedWithTheReason() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket page = PageSocket.open(server.http(), URI.create("ws://127.0.0.1:" + server.server().httpPort() + "/webrtc/a%2Fb"))) {
            var closed = page.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).startsWith("invalid user name: 'name' may contain");
        }
    }

    @Test
    void chineseNamesArePercentDecodedFromTheUrl() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket zhang = PageSocket.open(server.http(), page(server, "张三"));
                PageSocket li = PageSocket.open(server.http(), page(server, "李四"))) {
            server.awaitStats(s -> s.namedSessions() == 2);
            zhang.send(callStart("张三", "李四"));
            li.expect(received("call_start", "张三", "1"));
        }
    }

    /** A seed page and Parley's protocol (the Java client here, the web app in the e2e tests) call each other by name. */
    @Test
    void aPageAndAParleyClientCallEachOtherBothWays() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"))) {
            var inbox = new Inbox();
            var alice = server.connect("alice", inbox);
            server.awaitStats(s -> s.namedSessions() == 2);

            // Parley → page
            var ringing = (Ringing) alice.call("zs").join();
            zs.expect(received("call_start", "alice", "1"));
            zs.send(callBack("zs", "alice", "1"));
            inbox.skipTo(Accepted.class);
            String offer = SeedPage.sdp("7", 6_000);
            alice.signalCall(ringing.call(), Payload.parse("{\"description\":{\"type\":\"offer\",\"sdp\":" + SeedPage.q(offer) + "}}")).join();
            zs.expect(receivedDescription("offer", "alice", offer));
            zs.send(description("answer", "v=0\r\nzs", "zs", "alice"));
            assertThat(inbox.next(CallSignal.class).data().json()).isEqualTo("{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\\r\\nzs\"}}");
            String c = candidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "abcd");
            zs.send(ice("zs", "alice", c));
            assertThat(inbox.next(CallSignal.class).data().json()).isEqualTo("{\"candidate\":" + c + "}");
            alice.signalCall(ringing.call(), Payload.parse("{\"candidate\":" + c + "}")).join();
            zs.expect(receivedIce("alice", c));
            alice.signalCall(ringing.call(), Payload.parse("{\"t\":\"chat\"}")).join(); // not for a seed page
            alice.hangup(ringing.call()).join();
            zs.expect(received("hangup", "alice", "对方挂断!"));
            zs.send(hangup("zs", "alice"));

            // page → Parley
            zs.send(callStart("zs", "alice"));
            Incoming in = inbox.skipTo(Incoming.class);
            assertThat(in.from()).isEqualTo("zs");
            alice.accept(in.call()).join();
            zs.expect(received("call_back", "alice", "1"));
            zs.send(description("offer", offer, "zs", "alice"));
            assertThat(inbox.next(CallSignal.class).data().json())
                    .isEqualTo("{\"description\":{\"type\":\"offer\",\"sdp\":" + SeedPage.q(offer) + "}}");
            zs.send(hangup("zs", "alice"));
            assertThat(inbox.skipTo(HungUp.class).by()).isEqualTo("zs");
            zs.expectNothing(QUIET);
        }
    }

    @Test
    void oversizeMessagesAreClosedWith1009AndNeverReachThePeer() throws Exception {
        try (TestServer server = TestServer.start();
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"));
                PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
            server.awaitStats(s -> s.namedSessions() == 2);
            zs.send(callStart("zs", "ls"));
            ls.expect(received("call_start", "zs", "1"));
            ls.send(callBack("ls", "zs", "1"));
            zs.expect(received("call_back", "ls", "1"));
            zs.trySend(description("offer", SeedPage.sdp("8", 70_000), "zs", "ls"));
            assertThat(zs.awaitClose().code()).isEqualTo(1009);
            ls.expect(received("hangup", "zs", Seed003Texts.DISCONNECTED));
        }
    }

    @Test
    void badJsonIsRefusedQuietlyAndAFloodIsClosedWith1008() throws Exception {
        try (TestServer server = TestServer.start(TestServer.shortGrace(SignalingConfig.defaults()
                        .withGuards(new SessionGuards(Duration.ofSeconds(5), 1, 5, 10))));
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"));
                PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
            server.awaitStats(s -> s.namedSessions() == 2);
            zs.send("not json").send("{\"type\":\"call_start\",\"toUser\":[\"ls\"]}");
            zs.expectNothing(QUIET);
            assertThat(zs.isClosed()).isFalse();
            for (int i = 0; i < 30 && zs.trySend("{\"type\":\"nope\",\"toUser\":\"ls\"}"); i++) {
                // until the server has had enough
            }
            var closed = zs.awaitClose();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).isEqualTo("rate limit exceeded");
            ls.expectNothing(QUIET);
        }
    }

    @Test
    void aPageFromAnotherSiteMayNotOpenTheWebSocket() throws Exception {
        try (TestServer server = TestServer.start()) {
            int port = server.server().httpPort();
            assertThatThrownBy(() -> PageSocket.openFrom(server.http(), page(server, "zs"), "http://evil.example:" + port))
                    .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(403));
            try (PageSocket own = PageSocket.openFrom(server.http(), page(server, "zs"), "http://127.0.0.1:" + port)) {
                server.awaitStats(s -> s.namedSessions() == 1);
            }
        }
    }

    @Test
    void inTokenModeTheTokenComesInTheUrl() throws Exception {
        var access = new TokenAccess("seed-003-token-test-secret-0123456789", Clock.systemUTC());
        try (TestServer server = TestServer.start(ServerConfig.loopback(0).withAccess(access))) {
            try (PageSocket none = PageSocket.open(server.http(), page(server, "zs"))) {
                var closed = none.awaitClose();
                assertThat(closed.code()).isEqualTo(1008);
                assertThat(closed.reason()).contains("?token=");
            }
            String token = access.mint(new TokenAccess.Claims("u-1", "zs", List.of(), true, Duration.ofMinutes(5)));
            String other = access.mint(new TokenAccess.Claims("u-2", "ls", List.of(), true, Duration.ofMinutes(5)));
            try (PageSocket zs = PageSocket.open(server.http(), PageSocket.uri(server.server().httpPort(), "zs", "?token=" + token));
                    PageSocket ls = PageSocket.open(server.http(), PageSocket.uri(server.server().httpPort(), "ls", "?token=" + other))) {
                server.awaitStats(s -> s.namedSessions() == 2);
                zs.send(callStart("zs", "ls"));
                ls.expect(received("call_start", "zs", "1"));
            }
        }
    }

    @Test
    void aQuietPageIsPingedAndItsPingsSpendTheBudget() throws Exception {
        var guards = new ConnectionGuards(Duration.ofMillis(200), ConnectionGuards.DEFAULT_MAX_SESSIONS_PER_ADDRESS, List.of());
        try (TestServer server = TestServer.start(ServerConfig.loopback(0).withGuards(guards)
                        .withSignaling(SignalingConfig.defaults().withGuards(new SessionGuards(Duration.ofSeconds(5), 1, 5, 10))));
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"))) {
            server.awaitStats(s -> s.namedSessions() == 1);
            long deadline = System.nanoTime() + PageSocket.WAIT.toNanos();
            while (zs.pings() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(zs.pings()).as("heartbeat pings").isPositive();
            for (int i = 0; i < 1_000 && zs.tryPing(); i++) {
                // a flood of pings is a flood like any other
            }
            assertThat(zs.awaitClose().code()).isEqualTo(1008);
        }
    }

    @Test
    void pagesCountAgainstTheSessionsOfTheirAddress() throws Exception {
        var guards = new ConnectionGuards(ConnectionGuards.DEFAULT_HEARTBEAT, 1, List.of());
        try (TestServer server = TestServer.start(ServerConfig.loopback(0).withGuards(guards));
                PageSocket zs = PageSocket.open(server.http(), page(server, "zs"))) {
            server.awaitStats(s -> s.namedSessions() == 1);
            try (PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
                assertThat(ls.awaitClose().code()).isEqualTo(1013);
            }
            zs.goodbye();
            server.awaitStats(s -> s.namedSessions() == 0);
            try (PageSocket ls = PageSocket.open(server.http(), page(server, "ls"))) {
                server.awaitStats(s -> s.namedSessions() == 1);
            }
        }
    }

    /** The HTTP status that refused a WebSocket handshake, or -1. */
    private static int handshakeStatus(Throwable e) {
        for (; e != null; e = e.getCause()) {
            if (e instanceof java.net.http.WebSocketHandshakeException h) return h.getResponse().statusCode();
        }
        return -1;
    }

    @Test
    void aBrokenHandshakeIsAnsweredWith400AndClosed() throws Exception {
        try (TestServer server = TestServer.start()) {
            String response = dev.parley.server.RawHttp.exchange("127.0.0.1", server.server().httpPort(),
                    "GET /webrtc/zs HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n", PageSocket.WAIT);
            assertThat(response).startsWith("HTTP/1.1 400");
            server.awaitStats(s -> s.namedSessions() == 0);
        }
    }

    @Test
    void aPageThatIsNotAWebSocketUpgradeIsLeftToTheHttpRoutes() throws Exception {
        try (TestServer server = TestServer.start()) {
            var response = server.http().send(java.net.http.HttpRequest.newBuilder(server.httpUri("/webrtc/zs.html")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }
}
