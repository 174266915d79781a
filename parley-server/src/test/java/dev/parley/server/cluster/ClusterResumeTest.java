package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.client.ParleyClient;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions move between nodes: a node that stops hands them over, and a client resumes on another node. */
class ClusterResumeTest {
    private static final byte[] RESUME_KEY = "a resume key every node of the test cluster shares".getBytes();
    @RegisterExtension
    static final ClusterFixture cluster = new ClusterFixture();
    private static final Duration GRACE = Duration.ofSeconds(20);

    private TestServer node(String id, Duration grace) throws Exception {
        var d = SignalingConfig.defaults();
        // Each node its own key, as two machines' data directories would give: the cluster shares the first one's.
        var signaling = d.withResume(d.resume().withGrace(grace).withKey((id + new String(RESUME_KEY)).getBytes()));
        return cluster.node(id, signaling);
    }

    private static Payload n(int i) {
        return Payload.parse("{\"n\":" + i + "}");
    }

    @Test
    void aStoppingNodeHandsItsSessionsToTheNodeTheirClientsResumeOn() throws Exception {
        TestServer a = node("a", GRACE);
        TestServer b = node("b", GRACE);
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = a.connect("alice", aliceInbox);
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        for (int i = 0; i < 5; i++) bob.message("r", n(i)).join();
        for (int i = 0; i < 5; i++) assertThat(aliceInbox.skipTo(Message.class).data()).isEqualTo(n(i));

        a.server().close(); // a rolling upgrade stops node a: its clients are told to reconnect (1012)
        assertThat(alice.closed().get(10, TimeUnit.SECONDS).code()).isEqualTo(1012);
        assertThat(bobInbox.skipTo(PeerAway.class)).isEqualTo(new PeerAway("r", new Peer(alice.sessionId(), "alice")));
        for (int i = 5; i < 10; i++) bob.message("r", n(i)).join(); // while alice is away

        var alice2Inbox = new Inbox();
        ParleyClient alice2 = b.builder().name("alice").resumeFrom(alice).listener(alice2Inbox).connect();
        b.track(alice2);
        assertThat(alice2.welcome().resumed()).as("resumed on another node").isTrue();
        assertThat(alice2.sessionId()).isEqualTo(alice.sessionId());
        for (int i = 5; i < 10; i++) assertThat(alice2Inbox.skipTo(Message.class).data()).as("what came while away").isEqualTo(n(i));
        assertThat(bobInbox.skipTo(PeerBack.class)).isEqualTo(new PeerBack("r", new Peer(alice.sessionId(), "alice")));

        alice2.message("r", n(100)).join();
        assertThat(bobInbox.skipTo(Message.class).data()).isEqualTo(n(100));
        bob.message("r", n(101)).join();
        assertThat(alice2Inbox.skipTo(Message.class).data()).isEqualTo(n(101));
        assertThat(cluster.redis().command("SCARD", "{parley}:parked")).isEqualTo("0");
    }

    @Test
    void aSessionNobodyResumesEndsAfterTheGraceWhereverItWasSetAside() throws Exception {
        TestServer a = node("a", Duration.ofSeconds(2));
        TestServer b = node("b", Duration.ofSeconds(2));
        var bobInbox = new Inbox();
        ParleyClient alice = a.connect("alice", new Inbox());
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        a.server().close();
        assertThat(bobInbox.skipTo(PeerAway.class).peer().id()).isEqualTo(alice.sessionId());
        // Node b's reaper ends it after the grace: peer-left, and the name is free.
        assertThat(bobInbox.skipToWithin(PeerLeft.class, Duration.ofSeconds(10)).peer().id()).isEqualTo(alice.sessionId());
        assertThat(bobInbox.skipToWithin(Presence.class, Duration.ofSeconds(5)))
                .isEqualTo(new Presence(false, List.of(), List.of("alice")));
        b.connect("alice", new Inbox());
    }
}
