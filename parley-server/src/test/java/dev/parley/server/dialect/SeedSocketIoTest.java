package dev.parley.server.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import dev.parley.server.auth.TokenAccess;
import dev.parley.server.dialect.clients.NodeSocketIoClient;
import dev.parley.server.dialect.clients.Received;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket.io dialects under Parley's guards, with the real npm clients: token mode (socket.io 3/4's
 * {@code auth}, or {@code ?token=}), floods and bad events, and seed 001's flow over a real client.
 */
@Timeout(90)
class SeedSocketIoTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SECRET = "seed-socketio-test-secret-0123456789abcdef";

    private static URI url(TestServer server) {
        return URI.create("http://127.0.0.1:" + server.server().httpPort());
    }

    private static JsonNode options(Map<String, Object> options) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(options);
    }

    @Test
    void inTokenModeTheTokenComesInAuthOrOnTheUrlAndItsRoomsApply() throws Exception {
        var access = new TokenAccess(SECRET, Clock.systemUTC());
        String token = access.mint(new TokenAccess.Claims("u1", "alice", List.of("123456"), false, Duration.ofMinutes(5)));
        try (var server = TestServer.start(ServerConfig.loopback(0).withAccess(access));
             var v4 = NodeSocketIoClient.connect("v4", 4, url(server), options(Map.of("auth", Map.of("token", token))));
             var v2 = NodeSocketIoClient.connect("v2", 2, url(server), options(Map.of("query", Map.of("token",
                     access.mint(new TokenAccess.Claims("u2", "bob", List.of("123456"), false, Duration.ofMinutes(5)))))));
             var none = NodeSocketIoClient.connect("none", 4, url(server))) {
            v4.awaitConnect(WAIT);
            v4.expect("connectionSuccess", WAIT);
            v4.emit("join", 123456);
            assertThat(v4.expect("joined", WAIT).arg(0).asInt()).isEqualTo(123456);
            v4.emit("join", 999);
            assertThat(v4.expect("parley-error", WAIT).arg(0).get("code").asText()).isEqualTo("forbidden");

            v2.awaitConnect(WAIT);
            v2.expect("connectionSuccess", WAIT);
            v2.emit("join", 123456);
            v2.expect("joined", WAIT);
            assertThat(v4.expect("otherjoin", WAIT).arg(1).asText()).isNotBlank();

            Received refused = none.expectLifecycle("connect_error", WAIT);
            assertThat(refused.toString()).contains("unauthorized");
        }
    }

    @Test
    void aFloodOfEventsIsRefusedThenCutOffAndBadEventsReachNobody() throws Exception {
        try (var server = TestServer.start();
             var a = NodeSocketIoClient.connect("A", 4, url(server));
             var b = NodeSocketIoClient.connect("B", 2, url(server))) {
            a.awaitConnect(WAIT);
            b.awaitConnect(WAIT);
            a.expect("connectionSuccess", WAIT);
            b.expect("connectionSuccess", WAIT);
            a.emit("join", "flood");
            a.expect("joined", WAIT);
            b.emit("join", "flood");
            b.expect("joined", WAIT);
            a.expect("otherjoin", WAIT);

            for (String bad : List.of("[1]", "{\"roomId\":5}", "1.5", "\"a b\"")) a.emitJson("join", bad);
            a.emitJson("nonsense", "1");
            a.emitJson("message", "\"elsewhere\"", "1");
            for (int i = 0; i < 6; i++) assertThat(a.expect("parley-error", WAIT).arg(0).get("code").asText()).isNotBlank();
            b.expectNothing(Duration.ofMillis(300));

            // Past the budget (burst 200, 50/s) come rate-limited errors, then the cut-off.
            for (int i = 0; i < 600; i++) a.emit("message", "flood", i);
            boolean rateLimited = false;
            Received r;
            do {
                r = a.next(WAIT);
                if (!r.lifecycle() && r.event().equals("parley-error") && r.arg(0).get("code").asText().equals("rate-limited")) rateLimited = true;
            } while (!(r.lifecycle() && r.event().equals("disconnect")));
            assertThat(rateLimited).isTrue();
            // B got what was within the budget (a refilled token lets one more through now and then), in order, then A's bye.
            int last = -1, relayed = 0;
            while (true) {
                Received got = b.next(WAIT);
                if (got.event().equals("bye")) break;
                assertThat(got.event()).isEqualTo("message");
                assertThat(got.arg(1).asInt()).isGreaterThan(last);
                last = got.arg(1).asInt();
                relayed++;
            }
            assertThat(relayed).isBetween(150, 599);
        }
    }

    @Test
    void seed001sFlowOnARealClient() throws Exception {
        try (var server = TestServer.start();
             var a = NodeSocketIoClient.connect("A", 2, url(server));
             var b = NodeSocketIoClient.connect("B", 2, url(server))) {
            a.awaitConnect(WAIT);
            b.awaitConnect(WAIT);
            String idA = a.expect("connectionSuccess", WAIT).arg(0).asText();
            String idB = b.expect("connectionSuccess", WAIT).arg(0).asText();
            a.emitJson("checkRoom", "{\"userName\":\"张三\",\"roomId\":\"12\",\"sockId\":\"" + idA + "\"}");
            assertThat(a.expect("checkRoomSuccess", WAIT).arg(0).size()).isZero();
            a.expect("joinRoomSuccess", WAIT);
            String userB = "{\"userName\":\"ls\",\"roomId\":\"12\",\"sockId\":\"" + idB + "\"}";
            b.emitJson("checkRoom", userB);
            assertThat(b.expect("checkRoomSuccess", WAIT).arg(0).size()).isEqualTo(1);
            JsonNode everyone;
            do everyone = b.expect("joinRoomSuccess", WAIT).arg(0);
            while (!everyone.get(0).get("userName").asText().equals("张三"));
            assertThat(everyone.get(1).get("sockId").asText()).isEqualTo(idB);
            assertThat(a.expect("joinRoomSuccess", WAIT).arg(0).size()).isEqualTo(2);

            b.emitJson("answerVideo", userB);
            assertThat(b.expect("answerVideo", WAIT).arg(0).get("sockId").asText()).isEqualTo(idB);
            assertThat(a.expect("answerVideo", WAIT).arg(0).get("sockId").asText()).isEqualTo(idB);
            a.emitJson("receiveOffer", "{\"user\":{\"sockId\":\"" + idA + "\"},\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");
            assertThat(b.expect("receiveOffer", WAIT).arg(0).get("type").asText()).isEqualTo("offer");
            a.disconnect();
            assertThat(b.expect("userLeave", WAIT).arg(0).size()).isEqualTo(1);
        }
    }
}
