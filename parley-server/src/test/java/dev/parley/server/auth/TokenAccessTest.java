package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.server.Inbox;
import dev.parley.server.RawSocket;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import dev.parley.server.core.Access;
import dev.parley.server.turn.TurnOptions;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Token access: what a signed token grants, and a server in token mode enforcing it. */
class TokenAccessTest {
    private static final String SECRET = "token-access-test-secret-0123456789abcdef";
    private final TokenAccess access = new TokenAccess(SECRET, Clock.systemUTC());

    private String token(String user, List<String> rooms, boolean call, Duration ttl) {
        return access.mint(new TokenAccess.Claims(user, user, rooms, call, ttl));
    }

    @Test
    void aTokenGrantsItsNameRoomsAndCalls() {
        Access.Grant g = access.admit(null, token("alice", List.of("standup", "team-*"), true, Duration.ofMinutes(5)));
        assertThat(g.name()).isEqualTo("alice");
        assertThat(g.rooms().test("standup")).isTrue();
        assertThat(g.rooms().test("team-blue")).isTrue();
        assertThat(g.rooms().test("standup-2")).isFalse();
        assertThat(g.rooms().test("other")).isFalse();
        assertThat(g.mayCall()).isTrue();
        assertThat(access.admit(null, token("bob", List.of(), false, Duration.ofMinutes(5))).mayCall()).isFalse();
    }

    @Test
    void missingForgedExpiredOrMismatchedTokensAreUnauthorized() {
        String good = token("alice", List.of(), false, Duration.ofMinutes(5));
        var past = new TokenAccess(SECRET, Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        String expired = past.mint(new TokenAccess.Claims("alice", "alice", List.of(), false, Duration.ofMinutes(5)));
        String otherKey = new TokenAccess(SECRET + "-other", Clock.systemUTC()).mint(new TokenAccess.Claims("alice", "alice", List.of(), true, Duration.ofMinutes(5)));
        for (String bad : new String[] {null, expired, otherKey, good.substring(0, good.length() - 2), "a.b.c"}) {
            assertThatThrownBy(() -> access.admit(null, bad)).isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
        }
        assertThatThrownBy(() -> access.admit("mallory", good)).hasMessageContaining("token is for 'alice'");
        assertThatThrownBy(() -> new TokenAccess("short", Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServerInTokenModeEnforcesIt() throws Exception {
        var turn = new TurnOptions("127.0.0.1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535, List.of(),
                "token-mode-turn-secret-012345", Map.of(), Duration.ofHours(1), 100, 10, 0, null, false, List.of());
        try (TestServer server = TestServer.start(ServerConfig.loopback(0).withAccess(access).withTurn(turn))) {
            ParleyClient alice = ParleyClient.builder(server.wsUri()).token(token("alice", List.of("team-*"), false, Duration.ofMinutes(5)))
                    .listener(new Inbox()).connect();
            try {
                assertThat(alice.welcome().user().name()).isEqualTo("alice");
                assertThat(alice.welcome().iceServers()).as("TURN credentials for the authenticated session").isNotEmpty();
                alice.join("team-red").join();
                assertThat(codeOf(() -> alice.join("lobby").join())).isEqualTo(ErrorCode.FORBIDDEN);
                assertThat(codeOf(() -> alice.call("bob").join())).isEqualTo(ErrorCode.FORBIDDEN);
            } finally {
                alice.close();
            }
            try (RawSocket anonymous = RawSocket.open(server.http(), server.wsUri())) {
                anonymous.send("{\"type\":\"hello\",\"id\":\"1\",\"name\":\"eve\"}");
                assertThat(anonymous.next(ErrorReply.class).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
                assertThat(anonymous.awaitClose().code()).isEqualTo(1008);
            }
            var noBearer = server.http().send(HttpRequest.newBuilder(server.httpUri("/api/ice")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(noBearer.statusCode()).isEqualTo(401);
            var bearer = server.http().send(HttpRequest.newBuilder(server.httpUri("/api/ice"))
                    .header("Authorization", "Bearer " + token("svc", List.of(), false, Duration.ofMinutes(1))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bearer.statusCode()).isEqualTo(200);
            assertThat(bearer.body()).contains("\"uris\"");
            // Issue 12, finding 4: the name is the token holder's, never the one asked for (another session's id here).
            String svc = token("svc", List.of(), false, Duration.ofMinutes(1));
            java.util.Set<String> users = new java.util.HashSet<>();
            for (String query : new String[] {"", "?username=" + alice.sessionId(), "?username=alice"}) {
                var r = server.http().send(HttpRequest.newBuilder(server.httpUri("/api/ice" + query))
                        .header("Authorization", "Bearer " + svc).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                users.add(r.body().replaceAll(".*\"username\":\"\\d+:([^\"]+)\".*", "$1"));
            }
            assertThat(users).hasSize(1).allSatisfy(u -> assertThat(u).startsWith("tok-").isNotEqualTo(alice.sessionId()));
        }
    }

    private static ErrorCode codeOf(Runnable request) {
        try {
            request.run();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ParleyException p) return p.code();
            throw e;
        }
        throw new AssertionError("expected the request to fail");
    }
}
