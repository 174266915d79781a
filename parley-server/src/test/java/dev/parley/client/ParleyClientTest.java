package dev.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.protocol.ServerMessage.Welcome;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Java client against a real server: life cycle and failure paths an application relies on. */
class ParleyClientTest {
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void connectSaysHelloAndKeepsTheWelcome() {
        ParleyClient c = server.connect("erin", new Inbox());
        Welcome w = c.welcome();
        assertThat(c.sessionId()).isEqualTo(w.session()).isEqualTo(w.user().id());
        assertThat(w.protocol()).isEqualTo(1);
        assertThat(w.limits().roomCapacity()).isEqualTo(2);
        assertThat(w.limits().maxFrameBytes()).isEqualTo(65536);
    }

    @Test
    void connectingToNothingFailsWithAClearException() throws Exception {
        int unused;
        try (var probe = new ServerSocket(0)) {
            unused = probe.getLocalPort();
        }
        assertThatThrownBy(() -> ParleyClient.builder(URI.create("ws://127.0.0.1:" + unused + "/ws"))
                .connectTimeout(Duration.ofSeconds(2)).connect())
                .isInstanceOf(ParleyException.class).hasMessageContaining("cannot connect");
    }

    @Test
    void closeIsANormalClosureAndTheServerCleansUp() throws Exception {
        var inbox = new Inbox();
        ParleyClient c = server.connect("fay", inbox);
        c.close();
        assertThat(c.closed().get().code()).isEqualTo(1000);
        assertThat(inbox.awaitClose().code()).isEqualTo(1000);
        assertThatThrownBy(() -> c.join("r").join()).cause().isInstanceOf(ParleyException.class);
        server.awaitStats(s -> s.namedSessions() == 0);
    }

    @Test
    void theServerGoingAwayFailsPendingWorkAndReportsTheClose() {
        var inbox = new Inbox();
        ParleyClient c = server.connect(null, inbox);
        assertThat(c.join("r").join()).isInstanceOf(Joined.class);
        server.server().close();
        assertThat(inbox.awaitClose().code()).isEqualTo(1012); // service restart: reconnect, not a silent drop
        assertThatThrownBy(() -> c.join("other").join()).cause().isInstanceOf(ParleyException.class);
    }

    @Test
    void aJoinsSignalReachesTheMemberThereAfterItsPeerJoinedAndNobodyInAnEmptyRoom() {
        var waiting = new Inbox();
        ParleyClient alice = server.connect("alice", waiting);
        var joining = new Inbox();
        ParleyClient bob = server.connect("bob", joining);
        Payload offer = Payload.parse("{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}}");

        assertThat(alice.join("r", offer).join()).isEqualTo(new Joined("r", List.of()));
        // alice's own, sent into an empty room, goes nowhere: not back to her, and not to bob later
        assertThat(waiting.collect(Duration.ofMillis(200))).noneMatch(Signal.class::isInstance);
        assertThat(bob.join("r", offer).join()).isInstanceOfSatisfying(Joined.class,
                j -> assertThat(j.peers()).extracting(Peer::id).containsExactly(alice.sessionId()));

        assertThat(waiting.skipTo(PeerJoined.class).peer().id()).isEqualTo(bob.sessionId());
        assertThat(waiting.next(Signal.class)).isEqualTo(new Signal("r", bob.sessionId(), offer));
        assertThat(waiting.collect(Duration.ofMillis(200))).noneMatch(Signal.class::isInstance);
        assertThat(joining.collect(Duration.ofMillis(50))).noneMatch(Signal.class::isInstance);
    }

    @Test
    void aRequestTheServerNeverAnswersTimesOut() {
        ParleyClient c = server.builder().requestTimeout(Duration.ofMillis(300)).connect();
        server.track(c);
        c.join("r").join();
        // A relay that succeeds has no answer, so as a request it can only time out.
        var unanswered = c.request(new SendMessage("r", Payload.parse("{}")), ServerMessage.class);
        assertThat(unanswered).isNotDone();
        assertThatThrownBy(unanswered::join).cause().isInstanceOf(ParleyException.class)
                .hasMessageContaining("no answer to message within 300 ms");
    }
}
