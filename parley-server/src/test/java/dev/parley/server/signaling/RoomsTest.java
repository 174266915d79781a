package dev.parley.server.signaling;

import dev.parley.core.IceServerSource;
import dev.parley.core.SignalingConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoomsTest {
    private static final Payload OFFER = Payload.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
    private static final Duration QUIET = Duration.ofMillis(300);

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void joinTellsTheJoinerWhoIsThereAndTellsThemWhoCame() throws Exception {
        server = TestServer.start();
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = server.connect("alice", aliceInbox);
        ParleyClient bob = server.connect(null, bobInbox);

        assertThat(alice.join("standup").join()).isEqualTo(new Joined("standup", List.of()));
        assertThat(bob.join("standup").join())
                .isEqualTo(new Joined("standup", List.of(new Peer(alice.sessionId(), "alice"))));
        assertThat(aliceInbox.skipTo(PeerJoined.class)).isEqualTo(new PeerJoined("standup", new Peer(bob.sessionId(), null)));
    }

    @Test
    void aJoinerBeyondCapacityIsToldTheRoomIsFullAndGetsNothingFromIt() throws Exception {
        server = TestServer.start();
        var inboxes = List.of(new Inbox(), new Inbox(), new Inbox());
        ParleyClient a = server.connect(null, inboxes.get(0));
        ParleyClient b = server.connect(null, inboxes.get(1));
        ParleyClient c = server.connect(null, inboxes.get(2));
        a.join("r").join();
        b.join("r").join();
        inboxes.get(0).next(PeerJoined.class);

        assertThat(c.join("r").join()).isEqualTo(new Full("r", 2));
        a.message("r", OFFER).join();
        assertThat(inboxes.get(1).next(Message.class).from()).isEqualTo(a.sessionId());
        inboxes.get(2).expectNothing(QUIET);
        inboxes.get(0).expectNothing(Duration.ZERO);
    }

    @Test
    void leaveAnswersLeftTellsThePeerAndFreesTheSeat() throws Exception {
        server = TestServer.start();
        var aInbox = new Inbox();
        var bInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        ParleyClient b = server.connect(null, bInbox);
        ParleyClient c = server.connect(null, new Inbox());
        a.join("r").join();
        b.join("r").join();
        aInbox.next(PeerJoined.class);

        assertThat(b.leave("r").join()).isEqualTo(new Left("r"));
        assertThat(aInbox.next(PeerLeft.class)).isEqualTo(new PeerLeft("r", new Peer(b.sessionId(), null)));
        assertThat(c.join("r").join()).isInstanceOf(Joined.class);
        assertThatThrownBy(() -> b.leave("r").join()).hasCauseInstanceOf(ParleyException.class)
                .cause().extracting(e -> ((ParleyException) e).code()).isEqualTo(ErrorCode.NOT_IN_ROOM);
    }

    @Test
    void payloadsReachOnlyOtherMembersVerbatim() throws Exception {
        server = TestServer.start();
        var aInbox = new Inbox();
        var bInbox = new Inbox();
        var outsiderInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        ParleyClient b = server.connect(null, bInbox);
        ParleyClient outsider = server.connect(null, outsiderInbox);
        a.join("r").join();
        b.join("r").join();
        aInbox.next(PeerJoined.class);

        Payload ice = Payload.parse("{ \"candidate\": \"candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host\", \"sdpMLineIndex\": 0 }");
        a.message("r", ice).join();
        assertThat(bInbox.next(Message.class)).isEqualTo(new Message("r", a.sessionId(), ice));
        aInbox.expectNothing(QUIET); // not echoed to the sender

        // The seed servers forwarded to any room name; Parley refuses and delivers nothing.
        var refused = outsider.request(new SendMessage("r", OFFER), ServerMessage.class);
        assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_IN_ROOM));
        outsider.message("r", OFFER).join(); // without an id the error arrives as an event
        assertThat(outsiderInbox.next(ErrorReply.class)).satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_IN_ROOM);
            assertThat(e.request()).isEqualTo("message"); // names the failed request though it had no id
        });
        aInbox.expectNothing(QUIET);
        bInbox.expectNothing(Duration.ZERO);
    }

    @Test
    void signalReachesOneNamedMemberOnly() throws Exception {
        server = TestServer.start(TestServer.config(3, Duration.ofSeconds(30)));
        var inboxes = List.of(new Inbox(), new Inbox(), new Inbox());
        List<ParleyClient> clients = new ArrayList<>();
        for (Inbox inbox : inboxes) {
            ParleyClient c = server.connect(null, inbox);
            c.join("mesh").join();
            clients.add(c);
        }
        inboxes.get(0).next(PeerJoined.class);
        inboxes.get(0).next(PeerJoined.class);
        inboxes.get(1).next(PeerJoined.class);

        clients.get(0).signal("mesh", clients.get(1).sessionId(), OFFER).join();
        assertThat(inboxes.get(1).next(Signal.class)).isEqualTo(new Signal("mesh", clients.get(0).sessionId(), OFFER));
        inboxes.get(2).expectNothing(QUIET);

        for (String to : new String[] {"nobody-here", clients.get(0).sessionId()}) {
            var r = clients.get(0).request(new dev.parley.protocol.ClientMessage.SendSignal("mesh", to, OFFER), ServerMessage.class);
            assertThatThrownBy(r::join).cause().isInstanceOfSatisfying(ParleyException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_PEER));
        }
    }

    @Test
    void manyJoinersRacingForTheLastSeatsGetExactlyCapacity() throws Exception {
        int capacity = 4;
        int racers = 24;
        server = TestServer.start(TestServer.config(capacity, Duration.ofSeconds(30)));
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 5; round++) {
                String room = "race-" + round;
                var ownerInbox = new Inbox();
                ParleyClient owner = server.connect(null, ownerInbox);
                owner.join(room).join();
                List<ParleyClient> clients = new ArrayList<>();
                for (int i = 0; i < racers; i++) clients.add(server.connect(null, new Inbox()));

                var start = new CountDownLatch(1);
                List<CompletableFuture<ServerMessage.JoinOutcome>> outcomes = new ArrayList<>();
                for (ParleyClient c : clients) {
                    outcomes.add(CompletableFuture.supplyAsync(() -> {
                        await(start);
                        return c.join(room).join();
                    }, pool));
                }
                start.countDown();
                List<ServerMessage.JoinOutcome> results = outcomes.stream().map(CompletableFuture::join).toList();

                List<Joined> joined = results.stream().filter(Joined.class::isInstance).map(Joined.class::cast).toList();
                assertThat(joined).hasSize(capacity - 1);
                assertThat(results).filteredOn(Full.class::isInstance).hasSize(racers - capacity + 1);
                // Each winner saw the seats taken before it: 1, 2, 3 peers, in some order.
                assertThat(joined.stream().map(j -> j.peers().size()).sorted().toList()).containsExactly(1, 2, 3);
                for (int i = 0; i < capacity - 1; i++) ownerInbox.next(PeerJoined.class);
                ownerInbox.expectNothing(Duration.ofMillis(100));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDisconnectCountsAsLeavingEveryRoom() throws Exception {
        server = TestServer.start();
        var aInbox = new Inbox();
        var cInbox = new Inbox();
        ParleyClient a = server.connect(null, aInbox);
        ParleyClient b = server.connect(null, new Inbox());
        ParleyClient c = server.connect(null, cInbox);
        a.join("one").join();
        c.join("two").join();
        b.join("one").join();
        b.join("two").join();
        aInbox.next(PeerJoined.class);
        cInbox.next(PeerJoined.class);

        b.abort(); // no close handshake, as when a phone loses its network
        assertThat(aInbox.next(PeerAway.class)).isEqualTo(new PeerAway("one", new Peer(b.sessionId(), null)));
        assertThat(cInbox.next(PeerAway.class)).isEqualTo(new PeerAway("two", new Peer(b.sessionId(), null)));
        // Nobody resumes b within the grace period: it leaves every room.
        assertThat(aInbox.next(PeerLeft.class)).isEqualTo(new PeerLeft("one", new Peer(b.sessionId(), null)));
        assertThat(cInbox.next(PeerLeft.class)).isEqualTo(new PeerLeft("two", new Peer(b.sessionId(), null)));

        a.close();
        c.close();
        server.awaitStats(s -> s.rooms() == 0); // empty rooms are dropped
    }

    @Test
    void joiningTwiceAndTooManyRoomsAreRefused() throws Exception {
        var d = SignalingConfig.defaults();
        server = TestServer.start(new SignalingConfig(2, 2, d.callTimeout(), d.maxFrameBytes(), dev.parley.core.IceServerSource.fixed(List.of())));
        ParleyClient a = server.connect(null, new Inbox());
        a.join("one").join();
        assertThatThrownBy(() -> a.join("one").join()).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_IN_ROOM));
        a.join("two").join();
        assertThatThrownBy(() -> a.join("three").join()).cause().isInstanceOfSatisfying(ParleyException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ROOMS));
        a.leave("one").join();
        assertThat(a.join("three").join()).isInstanceOf(Joined.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
