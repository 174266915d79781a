package dev.parley.server.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.Parley;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyEvent;
import dev.parley.core.ResumePolicy;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.server.Inbox;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Java SDK's {@link Parley} session against a real server: it reconnects after a lost
 * connection and resumes missing nothing, and after a server restart it joins its rooms again, as
 * the JS SDK does.
 */
class ReconnectingClientTest {
    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final byte[] KEY = "reconnect-test-key-0123456789abc".getBytes();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<TestServer> servers = new ArrayList<>();
    private final List<Parley> sessions = new ArrayList<>();

    @AfterEach
    void stop() {
        sessions.forEach(Parley::close);
        servers.forEach(TestServer::close);
    }

    private TestServer start(int port) throws Exception {
        var d = SignalingConfig.defaults();
        TestServer s = TestServer.start(ServerConfig.loopback(port).withSignaling(d.withResume(new ResumePolicy(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES, KEY))));
        servers.add(s);
        return s;
    }

    /** Everything a session emits, in order. */
    private static final class Heard {
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

        Heard(Parley p) {
            p.on(Object.class, events::add);
        }

        /** Events heard and not yet asked for, oldest first. */
        private final List<Object> pending = new ArrayList<>();

        /** The first event of this type not asked for yet; the others stay for later questions. */
        <T> T next(Class<T> type) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (var it = pending.iterator(); it.hasNext(); ) {
                    Object e = it.next();
                    if (type.isInstance(e)) {
                        it.remove();
                        return type.cast(e);
                    }
                }
                long left = deadline - System.nanoTime();
                Object e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT + "; heard " + pending);
                pending.add(e);
            }
        }
    }

    private Parley session(URI uri, String name) {
        Parley p = Parley.builder(uri).name(name).build();
        sessions.add(p);
        return p;
    }

    @Test
    void aLostConnectionIsResumedMissingNothingAndWhatWasSentMeanwhileGoesOut() throws Exception {
        TestServer server = start(0);
        Parley alice = session(server.wsUri(), "alice");
        Heard heard = new Heard(alice);
        alice.connect().get(10, TimeUnit.SECONDS);
        alice.join("r").get(10, TimeUnit.SECONDS);
        var bobInbox = new Inbox();
        ParleyClient bob = server.connect("bob", bobInbox);
        bob.join("r").join();
        heard.next(PeerJoined.class);

        alice.dropConnection();
        var reconnecting = heard.next(ParleyEvent.Reconnecting.class);
        assertThat(reconnecting.attempt()).isEqualTo(1);
        assertThat(reconnecting.delay()).isBetween(Duration.ofMillis(200), Duration.ofMillis(300));
        // Sent while away: bob's message waits in alice's session, alice's in her SDK.
        bob.message("r", Payload.parse("{\"n\":1}")).join();
        alice.message("r", Payload.parse("{\"n\":2}"));

        var resumed = heard.next(ParleyEvent.Resumed.class);
        assertThat(resumed.welcome().resumed()).isTrue();
        assertThat(alice.state()).isEqualTo(Parley.State.CONNECTED);
        assertThat(heard.next(Message.class).data().json()).isEqualTo("{\"n\":1}");
        bobInbox.skipTo(PeerAway.class);
        bobInbox.skipTo(PeerBack.class);
        assertThat(bobInbox.skipTo(Message.class).data().json()).isEqualTo("{\"n\":2}");
        // Nothing twice: the next message alice hears is the next one bob sends.
        bob.message("r", Payload.parse("{\"n\":3}")).join();
        assertThat(heard.next(Message.class).data().json()).isEqualTo("{\"n\":3}");
    }

    @Test
    void afterAServerRestartTheSessionIsRestoredAndItsRoomsJoinedAgain() throws Exception {
        TestServer first = start(0);
        int port = first.server().httpPort();
        Parley alice = session(first.wsUri(), "alice");
        Heard heard = new Heard(alice);
        alice.connect().get(10, TimeUnit.SECONDS);
        String id = alice.sessionId();
        alice.join("r").get(10, TimeUnit.SECONDS);
        alice.join("s").get(10, TimeUnit.SECONDS);

        first.close();
        heard.next(ParleyEvent.Reconnecting.class);
        TestServer second = start(port);
        var bobInbox = new Inbox();
        ParleyClient bob = second.connect("bob", bobInbox);
        bob.join("r").join();

        var rejoined = heard.next(ParleyEvent.Rejoined.class);
        assertThat(rejoined.joined().room()).isEqualTo("r");
        assertThat(rejoined.joined().peers()).extracting(dev.parley.protocol.Peer::name).containsExactly("bob");
        assertThat(heard.next(ParleyEvent.Rejoined.class).joined().room()).isEqualTo("s");
        var restored = heard.next(ParleyEvent.Restored.class);
        assertThat(restored.welcome().resumed()).isFalse();
        assertThat(alice.sessionId()).as("the id survives the restart").isEqualTo(id);
        assertThat(bobInbox.skipTo(PeerJoined.class).peer().id()).isEqualTo(id);
        assertThat(alice.state()).isEqualTo(Parley.State.CONNECTED);
    }

    @Test
    void aFirstConnectionThatFailsEndsTheSessionWithoutRetrying() throws Exception {
        TestServer server = start(0);
        URI nowhere = URI.create("ws://127.0.0.1:" + server.server().httpPort() + "/no-such-path");
        Parley p = session(nowhere, "x");
        Heard heard = new Heard(p);
        assertThatThrownBy(() -> p.connect().get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(dev.parley.client.ParleyException.class);
        heard.next(ParleyEvent.Closed.class);
        assertThat(p.state()).isEqualTo(Parley.State.CLOSED);
    }

    @Test
    void closingSaysGoodbyeAndNeverReconnects() throws Exception {
        TestServer server = start(0);
        Parley alice = session(server.wsUri(), "alice");
        Heard heard = new Heard(alice);
        alice.connect().get(10, TimeUnit.SECONDS);
        alice.join("r").get(10, TimeUnit.SECONDS);
        var bobInbox = new Inbox();
        ParleyClient bob = server.connect("bob", bobInbox);
        bob.join("r").join();

        alice.closeAsync().get(10, TimeUnit.SECONDS);
        assertThat(heard.next(ParleyEvent.Closed.class).code()).isEqualTo(1000);
        assertThat(bobInbox.skipTo(ServerMessage.PeerLeft.class).peer().name()).isEqualTo("alice");
        assertThat(alice.state()).isEqualTo(Parley.State.CLOSED);
        assertThatThrownBy(() -> alice.join("r").join()).isInstanceOf(CompletionException.class);
    }
}
