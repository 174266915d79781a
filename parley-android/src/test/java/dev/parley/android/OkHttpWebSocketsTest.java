package dev.parley.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.CloseStatus;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link ParleyClient} over OkHttp against a real Parley server on 127.0.0.1. */
class OkHttpWebSocketsTest {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final OkHttpWebSockets SOCKETS = new OkHttpWebSockets(HTTP);
    private static final Payload OFFER = Payload.parse("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @AfterAll
    static void releaseOkHttp() {
        HTTP.dispatcher().executorService().shutdown();
        HTTP.connectionPool().evictAll();
    }

    private ParleyClient connect(String name, Inbox inbox) {
        ParleyClient client = ParleyClient.builder(server.wsUri()).connector(SOCKETS).name(name).listener(inbox).connect();
        server.track(client);
        return client;
    }

    @Test
    void saysHelloAndIsWelcomed() {
        ParleyClient alice = connect("alice", new Inbox());

        assertThat(alice.sessionId()).isNotBlank();
        assertThat(alice.welcome().user()).isEqualTo(new Peer(alice.sessionId(), "alice"));
    }

    @Test
    void twoClientsMeetInARoomAndRelaySignalsAndMessages() {
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = connect("alice", aliceInbox);
        ParleyClient bob = connect("bob", bobInbox);

        assertThat(alice.join("standup").join()).isEqualTo(new Joined("standup", List.of()));
        assertThat(bob.join("standup").join())
                .isEqualTo(new Joined("standup", List.of(new Peer(alice.sessionId(), "alice"))));
        assertThat(aliceInbox.skipTo(PeerJoined.class).peer()).isEqualTo(new Peer(bob.sessionId(), "bob"));

        alice.signal("standup", bob.sessionId(), OFFER).join();
        assertThat(bobInbox.skipTo(Signal.class)).isEqualTo(new Signal("standup", alice.sessionId(), OFFER));

        var hi = Payload.parse("{\"text\":\"hi \\u00e9\\u4f60\\u597d\"}");
        bob.message("standup", hi).join();
        assertThat(aliceInbox.skipTo(Message.class)).isEqualTo(new Message("standup", bob.sessionId(), hi));
    }

    @Test
    void closingEndsTheSessionWithNormalClosure() {
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = connect("alice", aliceInbox);
        ParleyClient bob = connect("bob", bobInbox);
        alice.join("standup").join();
        bob.join("standup").join();

        bob.close();

        assertThat(bobInbox.awaitClose().code()).isEqualTo(ParleyClient.NORMAL_CLOSURE);
        assertThat(bob.closed()).isCompletedWithValueMatching(s -> s.code() == 1000);
        assertThat(aliceInbox.skipTo(PeerLeft.class).peer().id()).isEqualTo(bob.sessionId());
        assertThatThrownBy(() -> bob.join("other").join()).hasCauseInstanceOf(ParleyException.class);
    }

    @Test
    void theServerClosingTheSocketIsReportedWithItsCode() {
        var aliceInbox = new Inbox();
        ParleyClient alice = connect("alice", aliceInbox);

        // Another connection resuming alice's session while hers is open: the server closes hers
        // with 4001, "do not reconnect" (the newcomer is answered session-in-use, or takes the
        // session over if the server already saw the old connection go).
        var takeover = ParleyClient.builder(server.wsUri()).connector(SOCKETS).name("alice").resumeFrom(alice);
        takeover.connectAsync().whenComplete((c, e) -> {
            if (c != null) server.track(c);
        });

        CloseStatus status = aliceInbox.awaitClose();
        assertThat(status.code()).isEqualTo(4001);
    }

    @Test
    void aServerThatStopsSaysServiceRestart() {
        var inbox = new Inbox();
        connect("alice", inbox);

        server.server().close();

        CloseStatus status = inbox.awaitClose();
        assertThat(status.code()).isEqualTo(1012);
    }

    @Test
    void abortingDropsTheConnectionAndTheServerNotices() throws Exception {
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = connect("alice", aliceInbox);
        ParleyClient bob = connect("bob", bobInbox);
        alice.join("standup").join();
        bob.join("standup").join();

        bob.abort();

        assertThat(bobInbox.awaitClose().code()).isEqualTo(CloseStatus.ABNORMAL);
        // The session outlives a lost connection for the resume grace, then the room hears it left.
        assertThat(aliceInbox.skipTo(PeerLeft.class).peer().id()).isEqualTo(bob.sessionId());
    }

    @Test
    void aServerThatIsNotThereFailsTheConnect() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        var builder = ParleyClient.builder(URI.create("ws://127.0.0.1:" + port + "/ws"))
                .connector(SOCKETS)
                .connectTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(builder::connect).isInstanceOf(ParleyException.class).hasMessageContaining("cannot connect");
    }

    @Test
    void aPathThatIsNoWebSocketFailsTheConnect() {
        var builder = ParleyClient.builder(URI.create(server.wsUri().toString().replace("/ws", "/healthz")))
                .connector(SOCKETS);

        assertThatThrownBy(builder::connect).isInstanceOf(ParleyException.class);
    }

    @Test
    void anOpenThatTakesTooLongTimesOut() throws Exception {
        // A listening socket that never answers the upgrade.
        try (var silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            var future = SOCKETS.open(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/ws"), Duration.ofMillis(300),
                    new dev.parley.client.transport.TextSocket.Listener() {
                        @Override
                        public void onText(String text) {}

                        @Override
                        public void onClosed(int code, String reason) {}
                    });

            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        }
    }
}
