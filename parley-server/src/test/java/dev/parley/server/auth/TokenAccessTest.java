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
import dev.parley.core.Access;
import dev.parley.server.turn.TurnOptions;
import com.auth0.jwt.algorithms.Algorithm;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /** A token signed with the test secret over exactly this payload JSON (which a JWT library would never write). */
    private static String signed(String payloadJson) {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] header = b64.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        byte[] payload = b64.encode(payloadJson.getBytes(StandardCharsets.UTF_8));
        byte[] signature = Algorithm.HMAC256(SECRET).sign(header, payload);
        return new String(header, StandardCharsets.US_ASCII) + "." + new String(payload, StandardCharsets.US_ASCII) + "."
                + b64.encodeToString(signature);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "a null room            | `\"sub\":\"alice\",\"rooms\":[null]`                 | 'rooms'",
            "a number for a room    | `\"sub\":\"alice\",\"rooms\":[\"a\",5]`            | 'rooms'",
            "rooms not a list       | `\"sub\":\"alice\",\"rooms\":\"team-*\"`           | 'rooms'",
            "a number for a name    | `\"sub\":\"alice\",\"name\":5`                       | 'name'",
            "a list for a name      | `\"name\":[\"alice\"]`                                 | 'name'",
            "a number for a subject | `\"sub\":5`                                             | 'sub'",
            "call not a boolean     | `\"sub\":\"alice\",\"call\":\"yes\"`               | 'call'",
            "a name twice           | `\"sub\":\"mallory\",\"name\":\"mallory\",\"name\":\"alice\"` | duplicate",
            "rooms twice            | `\"sub\":\"alice\",\"rooms\":[],\"rooms\":[\"*\"]` | duplicate",
    })
    void claimsOfTheWrongTypeOrRepeatedAreUnauthorizedWithAReason(String what, String claims, String reason) {
        long exp = Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond();
        String token = signed("{" + claims + ",\"exp\":" + exp + "}");
        assertThatThrownBy(() -> access.admit(null, token)).isInstanceOfSatisfying(ProtocolException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(e.getMessage()).containsIgnoringCase(reason);
        });
    }

    @Test
    void aHandWrittenTokenWithWellTypedClaimsIsAccepted() {
        long exp = Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond();
        Access.Grant g = access.admit(null, signed("{\"sub\":\"u1\",\"name\":\"Alice\",\"rooms\":[\"r\"],\"call\":true,\"exp\":" + exp + "}"));
        assertThat(g.name()).isEqualTo("Alice");
        assertThat(g.rooms().test("r")).isTrue();
        assertThat(g.mayCall()).isTrue();
        Access.Grant nullName = access.admit(null, signed("{\"sub\":\"u2\",\"name\":null,\"exp\":" + exp + "}"));
        assertThat(nullName.name()).as("a null name falls back to the subject").isEqualTo("u2");
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
