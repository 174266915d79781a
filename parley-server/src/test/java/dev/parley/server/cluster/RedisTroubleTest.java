package dev.parley.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.CloseStatus;
import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.cluster.redis.TcpProxy;
import dev.parley.core.SignalingConfig;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.server.Inbox;
import dev.parley.server.ServerConfig;
import dev.parley.server.TestServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis in trouble under whole servers: paused, restarted empty, and cut off from one node. Each
 * time the nodes say so on {@code /readyz}, refuse what needs the cluster with {@code unavailable}
 * (in bounded time, never a hang), and once Redis is back resynchronise by themselves: no seat or
 * name a refused step left behind survives, and the clients carry on (or are told to connect
 * again, and can).
 */
class RedisTroubleTest {
    @RegisterExtension
    static final ClusterFixture cluster = new ClusterFixture();
    /** A request sent while Redis is away is answered within the command timeout (2 s) and a margin. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(5);
    /** A node notices Redis gone within a failed heartbeat (1 s apart, 2 s timeout) and a margin. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(6);
    /** Back in step: reconnect (at most 1 s apart), the steps in flight time out (2 s), a heartbeat, a margin. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(15);

    private final List<TcpProxy> proxies = new ArrayList<>();

    @AfterEach
    void heal() {
        proxies.forEach(TcpProxy::heal); // the nodes then stop as usual (the fixture), and the proxies after them
    }

    private TestServer node(String id, String uri, Duration grace) throws Exception {
        var d = SignalingConfig.defaults();
        var signaling = d.withResume(d.resume().withGrace(grace));
        return cluster.node(id, signaling, c -> c.withCluster(new ServerConfig.Cluster(uri, id)));
    }

    @Test
    void redisPausedForFiveSecondsRefusesPromptlyThenTheSameClientsCarryOnAndNoSeatIsLeftBehind() throws Exception {
        TestServer a = node("a", cluster.redis().uri(), Duration.ofSeconds(30));
        TestServer b = node("b", cluster.redis().uri(), Duration.ofSeconds(30));
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = a.connect("alice", aliceInbox);
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        bob.join("late").join();
        alice.message("r", n(0)).join();
        assertThat(bobInbox.skipTo(Message.class).data()).isEqualTo(n(0));
        assertThat(readyz(a)).isEqualTo(200);

        cluster.redis().pause(Duration.ofSeconds(5));
        // Sent before the node knows: Redis holds it, the node gives up after its command timeout.
        var late = alice.join("late");
        expectUnavailable(late::join);
        awaitReadyz(a, 503, NOTICED_WITHIN);
        awaitReadyz(b, 503, NOTICED_WITHIN);
        assertThat(body(a, "/readyz")).startsWith("Redis: ");
        // Known by now: refused at once, without a word to Redis.
        alice.message("r", n(1)).join();
        ErrorReply refused = aliceInbox.skipToWithin(ErrorReply.class, ANSWERED_WITHIN);
        assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(refused.request()).isEqualTo("message");

        awaitReadyz(a, 200, BACK_WITHIN);
        awaitReadyz(b, 200, BACK_WITHIN);
        // The refused join ran once Redis woke up; node a gave the seat back, and bob heard both.
        Peer alicePeer = new Peer(alice.sessionId(), "alice");
        assertThat(bobInbox.skipToWithin(PeerJoined.class, BACK_WITHIN)).isEqualTo(new PeerJoined("late", alicePeer));
        assertThat(bobInbox.skipToWithin(PeerLeft.class, BACK_WITHIN)).isEqualTo(new PeerLeft("late", alicePeer));
        assertThat(members("late")).containsExactly(bob.sessionId());

        // The same clients carry on: a join works, messages flow both ways across the nodes.
        assertThat(alice.join("late").get(10, TimeUnit.SECONDS)).isEqualTo(new Joined("late", List.of(new Peer(bob.sessionId(), "bob"))));
        assertThat(bobInbox.skipTo(PeerJoined.class)).isEqualTo(new PeerJoined("late", alicePeer));
        alice.message("r", n(2)).join();
        assertThat(bobInbox.skipTo(Message.class).data()).as("the refused message never came").isEqualTo(n(2));
        bob.message("r", n(3)).join();
        assertThat(aliceInbox.skipTo(Message.class).data()).isEqualTo(n(3));
        assertThat(cluster.redis().command("HLEN", "{parley}:online")).isEqualTo("2");
    }

    @Test
    void redisRestartedEmptyEndsEverySessionCleanlyAndTheClientsComeBackWithNamesStillUnique() throws Exception {
        TestServer a = node("a", cluster.redis().uri(), Duration.ofSeconds(30));
        TestServer b = node("b", cluster.redis().uri(), Duration.ofSeconds(30));
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = a.connect("alice", aliceInbox);
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();

        cluster.redis().stop();
        awaitReadyz(a, 503, NOTICED_WITHIN);
        awaitReadyz(b, 503, NOTICED_WITHIN);
        expectUnavailable(() -> alice.join("x").join());

        cluster.redis().restart();
        awaitReadyz(a, 200, BACK_WITHIN);
        awaitReadyz(b, 200, BACK_WITHIN);
        // Redis forgot them all: every node told its clients to connect again, so no client keeps a stale view.
        for (Inbox told : List.of(aliceInbox, bobInbox)) {
            CloseStatus status = told.awaitClose();
            assertThat(status.code()).isEqualTo(1013);
            assertThat(status.reason()).contains("connect again");
        }

        var alice2Inbox = new Inbox();
        var bob2Inbox = new Inbox();
        ParleyClient alice2 = a.builder().name("alice").resumeFrom(alice).listener(alice2Inbox).connect();
        a.track(alice2);
        assertThat(alice2.welcome().resumed()).as("nothing to resume: Redis lost it").isFalse();
        assertThat(alice2.sessionId()).as("its id restored").isEqualTo(alice.sessionId());
        ParleyClient bob2 = b.builder().name("bob").resumeFrom(bob).listener(bob2Inbox).connect();
        b.track(bob2);
        assertThat(alice2.join("r").get(10, TimeUnit.SECONDS)).isEqualTo(new Joined("r", List.of()));
        assertThat(bob2.join("r").get(10, TimeUnit.SECONDS)).isEqualTo(new Joined("r", List.of(new Peer(alice2.sessionId(), "alice"))));
        assertThat(alice2Inbox.skipTo(PeerJoined.class)).isEqualTo(new PeerJoined("r", new Peer(bob2.sessionId(), "bob")));
        alice2.message("r", n(1)).join();
        assertThat(bob2Inbox.skipTo(Message.class).data()).isEqualTo(n(1));
        bob2.message("r", n(2)).join();
        assertThat(alice2Inbox.skipTo(Message.class).data()).isEqualTo(n(2));

        assertThatThrownBy(() -> b.connect("alice", new Inbox()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
        assertThat(cluster.redis().command("HLEN", "{parley}:online")).isEqualTo("2");
        assertThat(members("r")).containsExactly(alice2.sessionId(), bob2.sessionId());
    }

    @Test
    void aNodeCutOffFromRedisRefusesWhileTheOtherWorksOnAndTakesItsSessionsBackOnceHealed() throws Exception {
        TcpProxy proxy = TcpProxy.start(cluster.redis().port());
        proxies.add(proxy);
        cluster.closeAfterNodes(proxy);
        TestServer a = node("a", proxy.uri(), Duration.ofSeconds(30));
        TestServer b = node("b", cluster.redis().uri(), Duration.ofSeconds(30));
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = a.connect("alice", aliceInbox);
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        alice.message("r", n(0)).join();
        assertThat(bobInbox.skipTo(Message.class).data()).isEqualTo(n(0));

        proxy.blackhole();
        awaitReadyz(a, 503, NOTICED_WITHIN);
        assertThat(readyz(b)).as("the other node is fine").isEqualTo(200);
        alice.message("r", n(1)).join();
        assertThat(aliceInbox.skipToWithin(ErrorReply.class, ANSWERED_WITHIN).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        expectUnavailable(() -> alice.join("other").join());

        // Node b works on, and soon takes node a for dead: alice is away, what bob sends waits for her.
        var carolInbox = new Inbox();
        ParleyClient carol = b.connect("carol", carolInbox);
        assertThat(carol.join("side").get(10, TimeUnit.SECONDS)).isEqualTo(new Joined("side", List.of()));
        bob.join("side").join();
        bob.message("side", n(2)).join();
        assertThat(carolInbox.skipTo(Message.class).data()).isEqualTo(n(2));
        Peer alicePeer = new Peer(alice.sessionId(), "alice");
        assertThat(bobInbox.skipToWithin(PeerAway.class, Duration.ofSeconds(10))).isEqualTo(new PeerAway("r", alicePeer));
        bob.message("r", n(3)).join();

        proxy.heal();
        awaitReadyz(a, 200, BACK_WITHIN);
        // Node a takes her session back from where the reaper set it aside: same connection, nothing missed.
        assertThat(aliceInbox.skipToWithin(Message.class, BACK_WITHIN).data()).as("what bob sent while she was cut off").isEqualTo(n(3));
        assertThat(bobInbox.skipTo(PeerBack.class)).isEqualTo(new PeerBack("r", alicePeer));
        alice.message("r", n(4)).join();
        assertThat(bobInbox.skipTo(Message.class).data()).isEqualTo(n(4));
        bob.message("r", n(5)).join();
        assertThat(aliceInbox.skipTo(Message.class).data()).isEqualTo(n(5));
        assertThat(alice.closed()).as("never cut off from the node").isNotDone();
        assertThat(cluster.redis().command("SCARD", "{parley}:parked")).isEqualTo("0");
        assertThat(members("r")).containsExactly(alice.sessionId(), bob.sessionId());
        assertThatThrownBy(() -> b.connect("alice", new Inbox()))
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NAME_TAKEN));
    }

    @Test
    void whatEndedOrWasClaimedWhileRedisWasPausedIsEndedInRedisOnceItIsBack() throws Exception {
        TestServer a = node("a", cluster.redis().uri(), Duration.ofSeconds(30));
        TestServer b = node("b", cluster.redis().uri(), Duration.ofSeconds(30));
        var bobInbox = new Inbox();
        ParleyClient alice = a.connect("alice", new Inbox());
        ParleyClient bob = b.connect("bob", bobInbox);
        alice.join("r").join();
        bob.join("r").join();
        String aliceId = alice.sessionId();

        cluster.redis().pause(Duration.ofSeconds(5));
        // A hello sent before node a knows: its claim waits in Redis and runs after the client gave up.
        assertThatThrownBy(() -> a.builder().name("dave").requestTimeout(Duration.ofSeconds(10)).connect())
                .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        awaitReadyz(a, 503, NOTICED_WITHIN);
        alice.close(); // ends on node a at once; Redis hears of it later

        awaitReadyz(a, 200, BACK_WITHIN);
        awaitReadyz(b, 200, BACK_WITHIN);
        assertThat(bobInbox.skipToWithin(PeerLeft.class, BACK_WITHIN)).isEqualTo(new PeerLeft("r", new Peer(aliceId, "alice")));
        assertThat(members("r")).containsExactly(bob.sessionId());
        b.connect("alice", new Inbox()); // both names free again
        b.connect("dave", new Inbox());
        assertThat(cluster.redis().command("EXISTS", "{parley}:s:" + aliceId)).isEqualTo("0");
        assertThat(cluster.redis().command("HLEN", "{parley}:online")).isEqualTo("3");
    }

    private static void expectUnavailable(Runnable request) {
        long start = System.nanoTime();
        assertThatThrownBy(request::run).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered, not hung").isLessThan(ANSWERED_WITHIN);
    }

    /** Session ids seated in a room, in join order. */
    private static List<String> members(String room) {
        String ids = cluster.redis().command("EVAL", "return table.concat(redis.call('ZRANGE', KEYS[1], 0, -1), ' ')", "1", "{parley}:r:" + room);
        return ids.isEmpty() ? List.of() : List.of(ids.split(" "));
    }

    private static int readyz(TestServer node) throws Exception {
        return node.http().send(HttpRequest.newBuilder(node.httpUri("/readyz")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String body(TestServer node, String path) throws Exception {
        return node.http().send(HttpRequest.newBuilder(node.httpUri(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void awaitReadyz(TestServer node, int status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int last = readyz(node);
        while (last != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            last = readyz(node);
        }
        assertThat(last).as("/readyz within " + within).isEqualTo(status);
    }

    private static Payload n(int i) {
        return Payload.parse("{\"n\":" + i + "}");
    }
}
