package dev.parley.server.cluster;

import dev.parley.cluster.redis.ClusterNode;
import dev.parley.cluster.redis.Leftovers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node killed with SIGKILL: its peers hear of it within a bound, and its clients resume on another node without a loss. */
class NodeDeathTest {
    private static final String RESUME_KEY = "resume-key-every-node-of-the-test-cluster-shares";
    /** Three missed heartbeats, one more for the reaper's round, and room for a loaded machine. */
    private static final Duration AWAY_BOUND = Duration.ofSeconds(8);
    @RegisterExtension
    static final ClusterFixture cluster = new ClusterFixture();
    private ClusterNode a;
    private TestServer b;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (a != null) a.close();
        http.close();
    }

    private void start(Duration grace) throws Exception {
        a = new ClusterNode("a", ClusterNode.freePort(), RESUME_KEY, "--no-turn", "--redis", cluster.redis().uri(),
                "--resume-grace", grace.toSeconds() + "s");
        a.start();
        var d = SignalingConfig.defaults();
        b = cluster.node("b", d.withResume(d.resume().withGrace(grace)));
    }

    static List<String> leftovers() {
        return Leftovers.in(cluster.redis());
    }

    private static Payload n(int i) {
        return Payload.parse("{\"n\":" + i + "}");
    }

    @Test
    void aClientOfAKilledNodeResumesOnAnotherWithoutALoss() throws Exception {
        start(Duration.ofSeconds(30));
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = ParleyClient.builder(a.wsUri()).httpClient(http).name("alice").listener(aliceInbox).connect();
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        for (int i = 0; i < 5; i++) bob.message("r", n(i)).join();
        for (int i = 0; i < 5; i++) assertThat(aliceInbox.skipTo(Message.class).data()).isEqualTo(n(i));

        a.kill9();
        assertThat(bobInbox.skipToWithin(PeerAway.class, AWAY_BOUND)).isEqualTo(new PeerAway("r", new Peer(alice.sessionId(), "alice")));
        for (int i = 5; i < 10; i++) bob.message("r", n(i)).join(); // while alice is away

        var alice2Inbox = new Inbox();
        ParleyClient alice2 = b.builder().name("alice").resumeFrom(alice).listener(alice2Inbox).connect();
        b.track(alice2);
        assertThat(alice2.welcome().resumed()).as("resumed on node b").isTrue();
        assertThat(alice2.sessionId()).isEqualTo(alice.sessionId());
        for (int i = 5; i < 10; i++) assertThat(alice2Inbox.skipTo(Message.class).data()).isEqualTo(n(i));
        assertThat(bobInbox.skipTo(PeerBack.class).peer().id()).isEqualTo(alice.sessionId());
        alice2.message("r", n(100)).join();
        assertThat(bobInbox.skipTo(Message.class).data()).isEqualTo(n(100));

        alice2.close();
        bob.close();
        b.awaitStats(s -> s.namedSessions() == 0 && s.rooms() == 0);
        assertThat(leftovers()).as("nothing left behind in Redis").isEmpty();
    }

    @Test
    void aDirectCallOutlivesTheCallersNode() throws Exception {
        start(Duration.ofSeconds(30));
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = ParleyClient.builder(a.wsUri()).httpClient(http).name("alice").listener(aliceInbox).connect();
        ParleyClient bob = b.connect("bob", bobInbox);
        String call = ((Ringing) alice.call("bob").join()).call();
        bobInbox.skipTo(Incoming.class);
        bob.accept(call).join();
        aliceInbox.skipTo(Accepted.class);

        a.kill9();
        assertThat(bobInbox.skipToWithin(CallPeerAway.class, AWAY_BOUND)).isEqualTo(new CallPeerAway(call, "alice"));
        bob.signalCall(call, n(1)).join(); // an ICE restart's offer, say, while alice is away

        var alice2Inbox = new Inbox();
        ParleyClient alice2 = b.builder().name("alice").resumeFrom(alice).listener(alice2Inbox).connect();
        b.track(alice2);
        assertThat(alice2.welcome().resumed()).isTrue();
        assertThat(bobInbox.skipTo(CallPeerBack.class)).isEqualTo(new CallPeerBack(call, "alice"));
        assertThat(alice2Inbox.skipTo(CallSignal.class)).isEqualTo(new CallSignal(call, "bob", n(1)));
        alice2.signalCall(call, n(2)).join();
        assertThat(bobInbox.skipTo(CallSignal.class)).isEqualTo(new CallSignal(call, "alice", n(2)));
        assertThat(alice2.hangup(call).join()).isEqualTo(new HungUp(call, "alice", HangupReason.HANGUP));
        assertThat(bobInbox.skipTo(HungUp.class).call()).isEqualTo(call);
    }

    @Test
    void aClientThatNeverComesBackLeavesItsRoomsAfterTheGrace() throws Exception {
        start(Duration.ofSeconds(3));
        var bobInbox = new Inbox();
        ParleyClient alice = ParleyClient.builder(a.wsUri()).httpClient(http).name("alice").listener(new Inbox()).connect();
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        a.kill9();
        assertThat(bobInbox.skipToWithin(PeerAway.class, AWAY_BOUND).peer().id()).isEqualTo(alice.sessionId());
        assertThat(bobInbox.skipToWithin(PeerLeft.class, Duration.ofSeconds(10)).peer().id()).isEqualTo(alice.sessionId());
        assertThat(bobInbox.skipToWithin(Presence.class, Duration.ofSeconds(5))).isEqualTo(new Presence(false, List.of(), List.of("alice")));
        b.connect("alice", new Inbox()).close();
        bob.close();
        b.awaitStats(s -> s.namedSessions() == 0 && s.rooms() == 0);
        assertThat(leftovers()).as("nothing left behind in Redis").isEmpty();
    }
}
