package dev.parley.server.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.IceServer;
import dev.parley.server.Inbox;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import dev.parley.turn.policy.Cidr;
import dev.parley.turn.proto.RequestedTransport;
import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.LongTermKey;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessage;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.stun.TextAttribute;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The signaling server hands each session TURN credentials for the built-in server, and they work there. */
class EmbeddedTurnTest {
    private static final String SECRET = "embedded-turn-test-secret-0123";
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        var turn = new TurnOptions("127.0.0.1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535,
                List.of(Cidr.parse("127.0.0.0/8")), SECRET, Map.of(), Duration.ofHours(1), 100, 10, 0, null, false, List.of());
        server = TestServer.start(ServerConfig.loopback(0).withTurn(turn));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void welcomeCarriesStunAndTurnUrlsWithCredentialsMintedForTheSession() throws Exception {
        var client = server.connect("ada", new Inbox());
        int port = server.server().turn().udpPort();
        List<IceServer> ice = client.welcome().iceServers();
        assertThat(ice).hasSize(2);
        assertThat(ice.get(0)).isEqualTo(IceServer.of("stun:127.0.0.1:" + port));
        IceServer turn = ice.get(1);
        assertThat(turn.urls()).containsExactly("turn:127.0.0.1:" + port + "?transport=udp", "turn:127.0.0.1:" + port + "?transport=tcp");
        String[] parts = turn.username().split(":", 2);
        assertThat(parts[1]).isEqualTo(client.sessionId());
        assertThat(Long.parseLong(parts[0])).isBetween(Instant.now().plusSeconds(3500).getEpochSecond(), Instant.now().plusSeconds(3601).getEpochSecond());
        assertThat(turn.credential()).isEqualTo(restPassword(turn.username()));
        assertThat(allocate(port, turn.username(), turn.credential())).isEqualTo(200);
        assertThat(allocate(port, turn.username(), "wrong")).isEqualTo(401);
    }

    @Test
    void apiIceAnswersInTheRestApiShape() throws Exception {
        HttpResponse<String> r = get("/api/ice");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        int port = server.server().turn().udpPort();
        assertThat(r.body()).matches("\\{\"username\":\"\\d+:api-[0-9a-f]{16}\",\"password\":\"[A-Za-z0-9+/=]+\",\"ttl\":3600,"
                + "\"uris\":\\[\"turn:127.0.0.1:" + port + "\\?transport=udp\",\"turn:127.0.0.1:" + port + "\\?transport=tcp\"]}");
        String username = r.body().replaceAll(".*\"username\":\"([^\"]+)\".*", "$1");
        String password = r.body().replaceAll(".*\"password\":\"([^\"]+)\".*", "$1");
        assertThat(password).isEqualTo(restPassword(username));
        assertThat(allocate(port, username, password)).isEqualTo(200);
    }

    /**
     * Issue 12, finding 4: {@code ?username=bob} minted credentials counting against bob's quota, so 32
     * Allocates locked out the real bob (the static user, or a session). The name is now never the
     * caller's: the parameter is ignored, every grant has a fresh name, and the real bob still allocates.
     */
    @Test
    void apiIceNeverTakesTheUserNameFromTheRequest() throws Exception {
        var turn = new TurnOptions("127.0.0.1", 0, -1, InetAddress.getByName("127.0.0.1"), null, 49152, 65535,
                List.of(Cidr.parse("127.0.0.0/8")), SECRET, Map.of("bob", "builder"), Duration.ofHours(1), 1000, 32, 0, null, false, List.of(),
                1000, 64, 4096, Duration.ofSeconds(10)); // every client here is 127.0.0.1: no per-address cap in the way
        List<DatagramSocket> sockets = new java.util.ArrayList<>();
        try (TestServer s = TestServer.start(ServerConfig.loopback(0).withTurn(turn))) {
            int port = s.server().turn().udpPort();
            var session = s.connect("carol", new Inbox());
            java.util.Set<String> names = new java.util.HashSet<>();
            StunMessage challenge = challenge(port); // the unauthenticated rate (burst 40) would not allow one per Allocate
            for (String victim : new String[] {"bob", session.sessionId()}) {
                for (int i = 0; i < 32; i++) {
                    var r = s.http().send(HttpRequest.newBuilder(s.httpUri("/api/ice?username=" + victim)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).isEqualTo(200);
                    String username = r.body().replaceAll(".*\"username\":\"([^\"]+)\".*", "$1");
                    String password = r.body().replaceAll(".*\"password\":\"([^\"]+)\".*", "$1");
                    assertThat(username.split(":", 2)[1]).as("the requested name is ignored").isNotEqualTo(victim).startsWith("api-");
                    names.add(username.split(":", 2)[1]);
                    DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
                    sockets.add(socket);
                    assertThat(allocate(socket, port, username, password, challenge)).isEqualTo(200);
                }
            }
            assertThat(names).as("a fresh name each time").hasSize(64);
            assertThat(allocate(port, "bob", "builder", challenge)).as("the static user bob").isEqualTo(200);
            IceServer own = session.welcome().iceServers().get(1);
            assertThat(allocate(port, own.username(), own.credential(), challenge)).as("the session's own credentials").isEqualTo(200);
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    /** Issue 12, finding 4: a REST name valid for years is refused; our TTL here is one hour. */
    @Test
    void restNamesExpiringBeyondTheTtlAreRefused() throws Exception {
        int port = server.server().turn().udpPort();
        String far = (Instant.now().getEpochSecond() + Duration.ofDays(1).toSeconds()) + ":mallory";
        assertThat(allocate(port, far, restPassword(far))).isEqualTo(401);
        String within = (Instant.now().getEpochSecond() + 3000) + ":mallory";
        assertThat(allocate(port, within, restPassword(within))).isEqualTo(200);
        String signed = "+" + (Instant.now().getEpochSecond() + 3000) + ":mallory";
        assertThat(allocate(port, signed, restPassword(signed))).as("a sign is not a digit").isEqualTo(401);
    }

    @Test
    void withoutTurnThereIsNoApiIce() throws Exception {
        try (TestServer plain = TestServer.start()) {
            var r = plain.http().send(HttpRequest.newBuilder(plain.httpUri("/api/ice")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(plain.connect(null, new Inbox()).welcome().iceServers()).isEmpty();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return server.http().send(HttpRequest.newBuilder(server.httpUri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** coturn's use-auth-secret rule, computed here independently of the server's code. */
    private static String restPassword(String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }

    /** An Allocate with the long-term mechanism (401 for realm and nonce first); the final class: 200 or the error code. */
    private static int allocate(int port, String username, String password) throws Exception {
        return allocate(port, username, password, null);
    }

    /** As above, with the 401's realm and nonce of an earlier Allocate from this address if given (one challenge, many Allocates). */
    private static int allocate(int port, String username, String password, StunMessage challenge) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            return allocate(socket, port, username, password, challenge);
        }
    }

    /** From this socket: a test making many allocations keeps its sockets, as a closed one's port may come back and meet its allocation (437). */
    private static int allocate(DatagramSocket socket, int port, String username, String password, StunMessage challenge) throws Exception {
        {
            socket.setSoTimeout(2000);
            var server = new InetSocketAddress("127.0.0.1", port);
            if (challenge == null) challenge = challenge(port);
            String realm = TextAttribute.REALM.read(challenge);
            byte[] signed = request()
                    .add(TextAttribute.USERNAME.type, TextAttribute.USERNAME.encode(username))
                    .add(TextAttribute.REALM.type, TextAttribute.REALM.encode(realm))
                    .add(TextAttribute.NONCE.type, TextAttribute.NONCE.encode(TextAttribute.NONCE.read(challenge)))
                    .integrity(LongTermKey.md5(username, realm, password)).buildWithFingerprint();
            StunMessage r = exchange(socket, server, signed);
            return r.type().messageClass() == MessageClass.SUCCESS ? 200 : ErrorCode.code(r);
        }
    }

    private static StunMessage challenge(int port) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            socket.setSoTimeout(2000);
            StunMessage challenge = exchange(socket, new InetSocketAddress("127.0.0.1", port), request().build());
            assertThat(ErrorCode.code(challenge)).isEqualTo(401);
            return challenge;
        }
    }

    private static StunMessageBuilder request() {
        return StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST))
                .add(RequestedTransport.TYPE, RequestedTransport.encode(RequestedTransport.UDP));
    }

    private static StunMessage exchange(DatagramSocket socket, InetSocketAddress to, byte[] message) throws Exception {
        socket.send(new DatagramPacket(message, message.length, to));
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return StunMessage.decode(Arrays.copyOf(p.getData(), p.getLength()));
    }
}
