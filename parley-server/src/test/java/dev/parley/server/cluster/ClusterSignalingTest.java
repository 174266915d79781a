package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.ClientMessage.SendSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Whole servers on one real Redis: clients on different nodes see one set of rooms and names. */
class ClusterSignalingTest {
    @RegisterExtension
    static final ClusterFixture cluster = new ClusterFixture();

    private List<TestServer> nodes(int n, SignalingConfig signaling) throws Exception {
        return cluster.nodes(n, TestServer.shortGrace(signaling));
    }

    @Test
    void membersOnDifferentNodesShareARoom() throws Exception {
        var n = nodes(2, SignalingConfig.defaults());
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        ParleyClient bob = n.get(1).connect("bob", bobInbox);

        assertThat(alice.join("standup").join()).isEqualTo(new Joined("standup", List.of()));
        assertThat(bob.join("standup").join()).isEqualTo(new Joined("standup", List.of(new Peer(alice.sessionId(), "alice"))));
        assertThat(aliceInbox.skipTo(PeerJoined.class)).isEqualTo(new PeerJoined("standup", new Peer(bob.sessionId(), "bob")));

        Payload offer = Payload.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
        alice.signal("standup", bob.sessionId(), offer).join();
        assertThat(bobInbox.skipTo(Signal.class)).isEqualTo(new Signal("standup", alice.sessionId(), offer));
        for (int i = 0; i < 50; i++) bob.message("standup", Payload.parse("{\"n\":" + i + "}")).join();
        for (int i = 0; i < 50; i++) {
            assertThat(aliceInbox.skipTo(Message.class).data()).as("in order per sender").isEqualTo(Payload.parse("{\"n\":" + i + "}"));
        }

        bob.leave("standup").join();
        assertThat(aliceInbox.skipTo(PeerLeft.class)).isEqualTo(new PeerLeft("standup", new Peer(bob.sessionId(), "bob")));
        var toGone = alice.request(new SendSignal("standup", bob.sessionId(), offer), ServerMessage.class);
        assertThatThrownBy(toGone::join).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_PEER));
    }

    @Test
    void tokenModeHoldsOnEveryNodeAndAcrossAResumeElsewhere() throws Exception {
        String secret = "the auth secret every node of this test cluster is given";
        var access = new dev.parley.server.auth.TokenAccess(secret, java.time.Clock.systemUTC());
        var signaling = SignalingConfig.defaults();
        signaling = signaling.withResume(signaling.resume().withGrace(java.time.Duration.ofSeconds(20)));
        TestServer a = cluster.node("a", signaling, c -> c.withAccess(access));
        TestServer b = cluster.node("b", signaling, c -> c.withAccess(access));
        String aliceToken = access.mint(new dev.parley.server.auth.TokenAccess.Claims("alice", "alice", List.of("standup"), true,
                java.time.Duration.ofMinutes(5)));
        String bobToken = access.mint(new dev.parley.server.auth.TokenAccess.Claims("bob", "bob", List.of("standup"), false,
                java.time.Duration.ofMinutes(5)));
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = a.builder().token(aliceToken).listener(aliceInbox).connect();
        a.track(alice);
        ParleyClient bob = b.builder().token(bobToken).listener(bobInbox).connect();
        b.track(bob);
        alice.join("standup").join();
        assertThat(bob.join("standup").join()).isEqualTo(new Joined("standup", List.of(new Peer(alice.sessionId(), "alice"))));
        assertThatThrownBy(() -> bob.join("board").join()).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        assertThatThrownBy(() -> bob.call("alice").join()).as("bob's token does not include calls").cause()
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));

        alice.abort(); // her connection drops; she comes back through the other node with her token
        bobInbox.skipTo(dev.parley.protocol.ServerMessage.PeerAway.class);
        ParleyClient alice2 = b.builder().token(aliceToken).resumeFrom(alice).listener(new Inbox()).connect();
        b.track(alice2);
        assertThat(alice2.welcome().resumed()).isTrue();
        assertThatThrownBy(() -> alice2.join("board").join()).as("her grant came with her token, not with the session").cause()
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
        alice2.message("standup", Payload.parse("{\"back\":true}")).join();
        assertThat(bobInbox.skipTo(Message.class).from()).isEqualTo(alice.sessionId());
    }

    @Test
    void eachNodeReportsItsClusterInItsMetrics() throws Exception {
        var n = nodes(2, SignalingConfig.defaults());
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect(null, new Inbox());
        ParleyClient bob = n.get(1).connect(null, bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        alice.message("r", Payload.parse("{}")).join();
        bobInbox.skipTo(Message.class);
        long deadline = System.nanoTime() + 5_000_000_000L;
        String metrics = scrape(n.get(1));
        while (!metrics.contains("parley_cluster_nodes 2.0") && System.nanoTime() < deadline) { // the next heartbeat counts both
            Thread.sleep(100);
            metrics = scrape(n.get(1));
        }
        assertThat(metrics).contains("parley_cluster_nodes 2.0");
        assertThat(value(metrics, "parley_cluster_inbox_entries_total")).as("alice's message, the one thing that crossed to node 1").isEqualTo(1);
        assertThat(value(metrics, "parley_cluster_redis_commands_seconds_count")).isPositive();
        assertThat(metrics).contains("parley_cluster_redis_failures_total 0.0");
    }

    private static String scrape(TestServer node) throws Exception {
        return node.http().send(java.net.http.HttpRequest.newBuilder(node.httpUri("/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double value(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " missing from\n" + metrics));
    }

    @Test
    void twentyClientsOnThreeNodesRaceForFiveSeats() throws Exception {
        var d = SignalingConfig.defaults();
        var n = nodes(3, new SignalingConfig(5, d.maxRoomsPerSession(), d.callTimeout(), d.maxFrameBytes(), d.iceServers()));
        for (int round = 0; round < 3; round++) {
            String room = "race-" + round;
            List<ParleyClient> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) clients.add(n.get(i % 3).connect(null, new Inbox()));
            List<CompletableFuture<ServerMessage.JoinOutcome>> answers = clients.stream().map(c -> c.join(room)).toList();
            long seated = 0;
            long full = 0;
            for (var answer : answers) {
                ServerMessage.JoinOutcome m = answer.get(10, TimeUnit.SECONDS);
                if (m instanceof Joined) seated++;
                if (m instanceof Full) full++;
            }
            assertThat(seated).as("round " + round).isEqualTo(5);
            assertThat(full).isEqualTo(15);
            clients.forEach(ParleyClient::close);
        }
    }

    @Test
    void namesAreUniqueAcrossNodesAndPresenceSpansThem() throws Exception {
        var n = nodes(2, SignalingConfig.defaults());
        var aliceInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        assertThat(aliceInbox.next(Presence.class)).isEqualTo(new Presence(true, List.of(), List.of()));
        assertThatThrownBy(() -> n.get(1).connect("ALICE", new Inbox()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
        assertThatThrownBy(() -> n.get(1).connect("\uff41\uff4c\uff49\uff43\uff45", new Inbox())) // fullwidth
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));

        var carolInbox = new Inbox();
        ParleyClient carol = n.get(1).connect("carol", carolInbox);
        assertThat(carolInbox.next(Presence.class)).isEqualTo(new Presence(true, List.of("alice"), List.of()));
        assertThat(aliceInbox.next(Presence.class)).isEqualTo(new Presence(false, List.of("carol"), List.of()));

        carol.close();
        assertThat(aliceInbox.next(Presence.class)).isEqualTo(new Presence(false, List.of(), List.of("carol")));
        n.get(1).connect("carol", new Inbox()); // free again, on either node
        alice.close();
    }
}
