package dev.parley.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.SignalingConfig;
import dev.parley.protocol.ClientMessage.Join;
import dev.parley.protocol.ClientMessage.SendSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Payload;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Full;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Left;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Rooms with a capacity, whoever's node each member is on: who is told what when someone joins,
 * leaves or drops, what a full room says, and that payloads reach exactly the other members, in
 * order per sender. Client {@code k} is on node {@code k % n}.
 */
public abstract class RoomsContract extends SignalingContract {

    @Test
    void joinTellsTheJoinerWhoIsThereAndTellsThemWhoCame() {
        start();
        TestClient alice = greeted(0, "alice");
        TestClient bob = greeted(1, null);

        assertThat(alice.join("standup")).isEqualTo(new Joined("standup", List.of()));
        assertThat(bob.join("standup")).isEqualTo(new Joined("standup", List.of(new Peer(alice.id(), "alice"))));
        assertThat(alice.skipTo(PeerJoined.class)).isEqualTo(new PeerJoined("standup", new Peer(bob.id(), null)));
        alice.expectNothing();
        bob.expectNothing();
    }

    @Test
    void aJoinerBeyondCapacityIsToldTheRoomIsFullAndGetsNothingFromIt() {
        start();
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient c = greeted(2, null);
        a.join("r");
        b.join("r");
        a.next(PeerJoined.class);

        assertThat(c.join("r")).isEqualTo(new Full("r", 2));
        a.message("r", OFFER);
        assertThat(b.next(Message.class).from()).isEqualTo(a.id());
        c.expectNothing();
        a.expectNothing();
    }

    @Test
    void leaveAnswersLeftTellsThePeerAndFreesTheSeat() {
        start();
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient c = greeted(2, null);
        a.join("r");
        b.join("r");
        a.next(PeerJoined.class);

        assertThat(b.leave("r")).isEqualTo(new Left("r"));
        assertThat(a.next(PeerLeft.class)).isEqualTo(new PeerLeft("r", new Peer(b.id(), null)));
        assertThat(c.join("r")).isEqualTo(new Joined("r", List.of(new Peer(a.id(), null))));
        assertThat(a.next(PeerJoined.class).peer().id()).isEqualTo(c.id());
        assertThat(b.leave("r")).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_IN_ROOM));
        b.expectNothing();
    }

    @Test
    void theLastToLeaveEmptiesTheRoomAndTheNextJoinerFindsItEmpty() {
        start();
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        a.join("r");
        b.join("r");
        a.leave("r");
        b.leave("r");
        TestClient c = greeted(2, null);
        assertThat(c.join("r")).isEqualTo(new Joined("r", List.of()));
    }

    @Test
    void payloadsReachOnlyOtherMembersVerbatim() {
        start();
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient outsider = greeted(2, null);
        a.join("r");
        b.join("r");
        a.next(PeerJoined.class);

        Payload ice = new Payload("{ \"candidate\": \"candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host\", \"sdpMLineIndex\": 0 }");
        a.message("r", ice);
        assertThat(b.next(Message.class)).isEqualTo(new Message("r", a.id(), ice));
        a.expectNothing(); // not echoed to the sender

        assertThat(outsider.request(new dev.parley.protocol.ClientMessage.SendMessage("r", OFFER)))
                .isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_IN_ROOM));
        outsider.message("r", OFFER); // without an id the error arrives as an event
        assertThat(outsider.next(ErrorReply.class)).satisfies(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_IN_ROOM);
            assertThat(e.request()).isEqualTo("message");
        });
        a.expectNothing();
        b.expectNothing();
    }

    @Test
    void signalReachesOneNamedMemberOnly() {
        start(config(3, CALL_TIMEOUT, GRACE, 512));
        List<TestClient> clients = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            TestClient c = greeted(k, null);
            c.join("mesh");
            clients.add(c);
        }
        clients.get(0).next(PeerJoined.class);
        clients.get(0).next(PeerJoined.class);
        clients.get(1).next(PeerJoined.class);

        clients.get(0).signal("mesh", clients.get(1).id(), OFFER);
        assertThat(clients.get(1).next(Signal.class)).isEqualTo(new Signal("mesh", clients.get(0).id(), OFFER));
        // Across the other way too: node 2 to node 0.
        clients.get(2).signal("mesh", clients.get(0).id(), seq(2));
        assertThat(clients.get(0).next(Signal.class)).isEqualTo(new Signal("mesh", clients.get(2).id(), seq(2)));

        for (String to : new String[] {"nobody-here", clients.get(0).id()}) {
            assertThat(clients.get(0).request(new SendSignal("mesh", to, OFFER)))
                    .isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUCH_PEER));
        }
        for (TestClient c : clients) c.expectNothing();
    }

    @Test
    void aJoinsSignalReachesTheMemberThereLongestRightAfterItsPeerJoinedAndNobodyElse() {
        start(config(3, CALL_TIMEOUT, GRACE, 512));
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient c = greeted(2, null);
        a.join("mesh");
        b.join("mesh");
        a.next(PeerJoined.class);

        assertThat(c.request(new Join("mesh", OFFER)))
                .isEqualTo(new Joined("mesh", List.of(new Peer(a.id(), null), new Peer(b.id(), null))));
        assertThat(a.next(PeerJoined.class).peer().id()).isEqualTo(c.id());
        assertThat(a.next(Signal.class)).isEqualTo(new Signal("mesh", c.id(), OFFER));
        assertThat(b.next(PeerJoined.class).peer().id()).isEqualTo(c.id());
        for (TestClient each : List.of(a, b, c)) each.expectNothing();

        // Into an empty room it goes to nobody, now or later.
        TestClient d = greeted(3, null);
        assertThat(d.request(new Join("solo", OFFER))).isEqualTo(new Joined("solo", List.of()));
        TestClient e = greeted(4, null);
        e.join("solo");
        assertThat(d.next(PeerJoined.class).peer().id()).isEqualTo(e.id());
        d.expectNothing();
        e.expectNothing();
    }

    @Test
    void aSignalToSomeoneOutsideTheRoomIsNoSuchPeerAndReachesNobody() {
        start();
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient elsewhere = greeted(2, null);
        a.join("r");
        b.join("r");
        elsewhere.join("other");
        a.next(PeerJoined.class);

        a.signal("r", elsewhere.id(), OFFER);
        a.nextError(ErrorCode.NO_SUCH_PEER);
        elsewhere.expectNothing();
        b.expectNothing();

        b.leave("r");
        a.next(PeerLeft.class);
        a.signal("r", b.id(), OFFER); // a member no more
        a.nextError(ErrorCode.NO_SUCH_PEER);
        b.expectNothing();
    }

    @Test
    void eachSendersPayloadsArriveInTheOrderSentWhileSendersRace() throws Exception {
        int perSender = 40; // within the default burst, so no rate limit applies
        start(config(3, CALL_TIMEOUT, GRACE, 512));
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient c = greeted(2, null);
        for (TestClient x : List.of(a, b, c)) x.join("r");
        a.skipTo(PeerJoined.class);
        a.skipTo(PeerJoined.class);
        b.skipTo(PeerJoined.class);

        List<Callable<Void>> senders = new ArrayList<>();
        for (TestClient sender : List.of(a, b)) {
            senders.add(() -> {
                for (int i = 0; i < perSender; i++) {
                    if (i % 2 == 0) sender.message("r", seq(i));
                    else sender.signal("r", c.id(), seq(i));
                }
                return null;
            });
        }
        race(senders);

        Map<String, List<Integer>> byFrom = new HashMap<>();
        for (int i = 0; i < 2 * perSender; i++) {
            ServerMessage m = c.next(ServerMessage.class);
            switch (m) {
                case Message msg -> byFrom.computeIfAbsent(msg.from(), k -> new ArrayList<>()).add(seqOf(msg.data()));
                case Signal sig -> byFrom.computeIfAbsent(sig.from(), k -> new ArrayList<>()).add(seqOf(sig.data()));
                default -> throw new AssertionError("unexpected " + m);
            }
        }
        List<Integer> inOrder = java.util.stream.IntStream.range(0, perSender).boxed().toList();
        assertThat(byFrom.get(a.id())).as("a's, in order").isEqualTo(inOrder);
        assertThat(byFrom.get(b.id())).as("b's, in order").isEqualTo(inOrder);
        c.expectNothing();
        // a hears b's messages (not the signals to c) in order, and none of its own.
        List<Integer> evens = inOrder.stream().filter(i -> i % 2 == 0).toList();
        List<Integer> aGot = new ArrayList<>();
        for (int i = 0; i < evens.size(); i++) {
            Message m = a.next(Message.class);
            assertThat(m.from()).isEqualTo(b.id());
            aGot.add(seqOf(m.data()));
        }
        assertThat(aGot).isEqualTo(evens);
        a.expectNothing();
    }

    @Test
    void nothingRelayedInARoomReachesASessionAfterItsLeft() throws Exception {
        start(config(3, CALL_TIMEOUT, GRACE, 512));
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient c = greeted(2, null);
        for (TestClient x : List.of(a, b, c)) x.join("r");
        int sent = 60; // a's and c's messages together stay within their bursts
        race(List.<Callable<Void>>of(
                () -> {
                    for (int i = 0; i < sent / 2; i++) a.message("r", seq(i));
                    return null;
                },
                () -> {
                    for (int i = 0; i < sent / 2; i++) c.message("r", seq(i));
                    return null;
                },
                () -> {
                    b.leave("r");
                    return null;
                }));
        nodes.settle();
        List<ServerFrame> frames = b.frames();
        int left = -1;
        for (int i = 0; i < frames.size(); i++) if (frames.get(i).message() instanceof Left) left = i;
        assertThat(left).as("b was told left").isNotNegative();
        assertThat(frames.subList(left + 1, frames.size())).as("after left").isEmpty();
        b.drain(); // what came before it left
        a.message("r", OFFER);
        c.skipTo(PeerLeft.class);
        b.expectNothing();
    }

    @Test
    void manyJoinersRacingForTheLastSeatsGetExactlyCapacity() throws Exception {
        int capacity = 4;
        int racers = 20;
        start(config(capacity, CALL_TIMEOUT, GRACE, 512));
        for (int round = 0; round < 5; round++) {
            String room = "race-" + round;
            TestClient owner = greeted(round, null);
            assertThat(owner.join(room)).isInstanceOf(Joined.class);
            List<TestClient> clients = new ArrayList<>();
            for (int k = 0; k < racers; k++) clients.add(greeted(round + 1 + k, null));

            List<Callable<ServerMessage>> joins = new ArrayList<>();
            for (TestClient c : clients) joins.add(() -> c.join(room));
            List<ServerMessage> results = race(joins);

            List<Joined> joined = results.stream().filter(Joined.class::isInstance).map(Joined.class::cast).toList();
            assertThat(joined).as("round %d", round).hasSize(capacity - 1);
            assertThat(results).filteredOn(Full.class::isInstance).hasSize(racers - capacity + 1);
            assertThat(results).filteredOn(r -> !(r instanceof Joined || r instanceof Full)).isEmpty();
            // Each winner saw the seats taken before it: 1, 2, 3 peers, in some order.
            assertThat(joined.stream().map(j -> j.peers().size()).sorted().toList()).containsExactly(1, 2, 3);
            for (int i = 0; i < capacity - 1; i++) owner.next(PeerJoined.class);
            owner.expectNothing();
            for (int k = 0; k < racers; k++) {
                if (results.get(k) instanceof Full) clients.get(k).expectNothing();
            }
        }
    }

    @Test
    void joiningTwiceAndTooManyRoomsAreRefused() {
        var d = config(2, CALL_TIMEOUT, GRACE, 512);
        start(new SignalingConfig(2, 2, d.callTimeout(), d.maxFrameBytes(), d.iceServers(), d.guards(), d.resume()));
        TestClient a = greeted(0, null);
        a.join("one");
        assertThat(a.join("one")).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_IN_ROOM));
        a.join("two");
        assertThat(a.join("three")).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_MANY_ROOMS));
        a.leave("one");
        assertThat(a.join("three")).isInstanceOf(Joined.class);
    }

    @Test
    void aDisconnectWithoutResumeCountsAsLeavingEveryRoom() {
        start();
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        TestClient c = greeted(2, null);
        a.join("one");
        c.join("two");
        b.join("one");
        b.join("two");
        a.next(PeerJoined.class);
        c.next(PeerJoined.class);

        b.disconnect(); // no goodbye, as when a phone loses its network
        Peer gone = new Peer(b.id(), null);
        assertThat(a.next(PeerAway.class)).isEqualTo(new PeerAway("one", gone));
        assertThat(c.next(PeerAway.class)).isEqualTo(new PeerAway("two", gone));
        nodes.advance(GRACE); // nobody resumes b
        assertThat(a.next(PeerLeft.class)).isEqualTo(new PeerLeft("one", gone));
        assertThat(c.next(PeerLeft.class)).isEqualTo(new PeerLeft("two", gone));
        a.expectNothing();
    }

    @Test
    void aDisconnectWithResumeOffLeavesAtOnce() {
        start(config(2, CALL_TIMEOUT, Duration.ZERO, 1));
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, null);
        assertThat(b.welcome().resumeToken()).isNull();
        a.join("r");
        b.join("r");
        a.next(PeerJoined.class);
        b.disconnect();
        assertThat(a.next(PeerLeft.class)).isEqualTo(new PeerLeft("r", new Peer(b.id(), null)));
        a.expectNothing();
    }

    @Test
    void aGoodbyeLeavesEveryRoomAtOnce() {
        start();
        TestClient a = greeted(0, null);
        TestClient b = greeted(1, "bob");
        a.join("r");
        b.join("r");
        a.next(PeerJoined.class);
        b.close();
        assertThat(a.next(PeerLeft.class)).isEqualTo(new PeerLeft("r", new Peer(b.id(), "bob")));
        a.expectNothing();
    }
}
