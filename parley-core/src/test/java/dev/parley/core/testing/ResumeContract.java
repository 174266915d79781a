package dev.parley.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ResumePolicy;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Peer;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Joined;
import dev.parley.protocol.ServerMessage.Message;
import dev.parley.protocol.ServerMessage.PeerAway;
import dev.parley.protocol.ServerMessage.PeerBack;
import dev.parley.protocol.ServerMessage.PeerJoined;
import dev.parley.protocol.ServerMessage.PeerLeft;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.Signal;
import dev.parley.protocol.ServerMessage.Welcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A session outlives a lost connection for the resume grace: its roommates and call partner hear
 * {@code peer-away}, then {@code peer-back} when a {@code hello} with its token takes it over (with
 * everything sent meanwhile, and for a client that acknowledges, everything its dying connection
 * swallowed), or {@code peer-left} / a hang-up when the grace ends. The new connection goes to the
 * next node ({@code (k + 1) % n}) if {@link #supportsResumeOnAnotherNode}, else to the same one.
 */
public abstract class ResumeContract extends SignalingContract {

    /** Whether a session held on one node may be taken over by a connection to another. */
    protected boolean supportsResumeOnAnotherNode() {
        return true;
    }

    /** Whether a call may ring a callee on another node (see {@link CallsContract#supportsCallsAcrossNodes}). */
    protected boolean supportsCallsAcrossNodes() {
        return true;
    }

    /** A new connection for a client whose connection to node {@code lost.node()} was lost. */
    protected TestClient reconnect(TestClient lost) {
        return nodes.connect(supportsResumeOnAnotherNode() ? lost.node() + 1 : lost.node());
    }

    private void startWithGrace(Duration grace, int backlogFrames) {
        start(config(2, CALL_TIMEOUT, grace, backlogFrames));
    }

    /** a (client 0) and b (client 1) in room "r"; a has heard b arrive. */
    private TestClient[] inRoom(String aName, String bName, boolean bAcks) {
        TestClient a = greeted(0, aName);
        TestClient b = client(1);
        if (bAcks) b.helloAcking(bName);
        else b.hello(bName);
        a.join("r");
        b.join("r");
        a.skipTo(PeerJoined.class);
        return new TestClient[] {a, b};
    }

    @Test
    void aRoomMemberThatLostItsConnectionResumesWithEverythingItMissed() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient[] pair = inRoom(null, null, false);
        TestClient a = pair[0];
        TestClient b = pair[1];
        String bId = b.id();
        String token = b.welcome().resumeToken();
        assertThat(token).startsWith(bId + ".");
        assertThat(b.welcome().limits().resumeGraceSeconds()).isEqualTo((int) GRACE.toSeconds());

        b.disconnect();
        assertThat(a.next(PeerAway.class)).isEqualTo(new PeerAway("r", new Peer(bId, null)));
        for (int i = 0; i < 5; i++) a.message("r", seq(i));
        a.signal("r", bId, seq(5));
        a.expectNothing(); // the signal found b: it is still a member

        TestClient b2 = reconnect(b);
        assertThat(b2.resume(b)).isInstanceOfSatisfying(Welcome.class, w -> {
            assertThat(w.resumed()).isTrue();
            assertThat(w.session()).isEqualTo(bId);
            assertThat(w.resumeToken()).isEqualTo(token);
        });
        for (int i = 0; i < 5; i++) assertThat(b2.next(Message.class).data()).isEqualTo(seq(i));
        assertThat(b2.next(Signal.class).data()).isEqualTo(seq(5));
        assertThat(a.next(PeerBack.class)).isEqualTo(new PeerBack("r", new Peer(bId, null)));

        b2.message("r", seq(6));
        assertThat(a.next(Message.class)).isEqualTo(new Message("r", bId, seq(6)));
        a.message("r", seq(7));
        assertThat(b2.next(Message.class).data()).isEqualTo(seq(7));
        a.expectNothing();
        b2.expectNothing();
    }

    @Test
    void aClientThatAcknowledgesGetsAgainWhatADyingConnectionSwallowed() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient b = greeted(0, null);
        b.join("r");
        TestClient a = client(1);
        a.helloAcking(null);
        assertThat(a.join("r")).isInstanceOf(Joined.class); // frame 1
        b.next(PeerJoined.class);
        for (int i = 1; i <= 5; i++) b.message("r", seq(i)); // frames 2..6
        for (int i = 1; i <= 5; i++) assertThat(a.next(Message.class).data()).isEqualTo(seq(i));
        // It acknowledges 3, then dies having really received only frames 1..3: 4..6 were "in the socket".
        a.ack(3);
        a.disconnect();
        b.next(PeerAway.class);
        b.message("r", seq(6)); // frame 7, while away

        TestClient again = reconnect(a);
        assertThat(again.resume(a, 3)).isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isTrue());
        for (int i = 3; i <= 6; i++) assertThat(again.next(Message.class).data()).as("frame %d", i + 1).isEqualTo(seq(i));
        again.expectNothing();
        assertThat(b.next(PeerBack.class).peer().id()).isEqualTo(a.id());
        assertThat(again.received()).as("counting on from the 3 it had").isEqualTo(7);
    }

    @Test
    void anAckingClientDroppedMidStreamResumesMissingNothingAndRepeatingNothing() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient[] pair = inRoom(null, null, true);
        TestClient a = pair[0];
        TestClient b = pair[1];
        int total = 150; // within a's burst allowance
        for (int i = 1; i <= 60; i++) a.message("r", seq(i));
        for (int i = 1; i <= 60; i++) assertThat(b.next(Message.class).data()).isEqualTo(seq(i));
        b.ack(); // now and then, as a client does
        for (int i = 61; i <= 100; i++) a.message("r", seq(i));
        b.disconnect(); // what it got before is counted; the rest of the stream comes while it is away
        for (int i = 101; i <= total; i++) a.message("r", seq(i));
        int got = b.received() - 1; // its frames: joined, then the messages
        for (int i = 61; i <= got; i++) assertThat(b.next(Message.class).data()).isEqualTo(seq(i));

        TestClient b2 = reconnect(b);
        assertThat(b2.resume(b)).isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isTrue());
        for (int i = got + 1; i <= total; i++) {
            assertThat(b2.next(Message.class).data()).as("message %d of %d (%d arrived before)", i, total, got).isEqualTo(seq(i));
        }
        b2.expectNothing();
        assertThat(b2.received()).isEqualTo(total + 1);
    }

    @Test
    void aDirectCallSurvivesEitherPartyLosingItsConnection() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient alice = greeted(0, "alice");
        TestClient bob = nodes.connect(supportsCallsAcrossNodes() ? nodeOf(1) : 0);
        bob.hello("bob");
        String call = ((Ringing) alice.call("bob")).call();
        bob.skipTo(Incoming.class);
        bob.accept(call);
        alice.skipTo(Accepted.class);

        bob.disconnect();
        assertThat(alice.next(CallPeerAway.class)).isEqualTo(new CallPeerAway(call, "bob"));
        alice.callSignal(call, seq(1));

        TestClient bob2 = supportsCallsAcrossNodes() ? reconnect(bob) : nodes.connect(0);
        assertThat(bob2.resume(bob)).isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isTrue());
        assertThat(bob2.skipTo(CallSignal.class)).isEqualTo(new CallSignal(call, "alice", seq(1)));
        assertThat(alice.next(CallPeerBack.class)).isEqualTo(new CallPeerBack(call, "bob"));
        bob2.callSignal(call, seq(2));
        assertThat(alice.next(CallSignal.class)).isEqualTo(new CallSignal(call, "bob", seq(2)));

        alice.disconnect();
        assertThat(bob2.next(CallPeerAway.class)).isEqualTo(new CallPeerAway(call, "alice"));
        TestClient alice2 = supportsCallsAcrossNodes() ? reconnect(alice) : nodes.connect(0);
        assertThat(alice2.resume(alice)).isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isTrue());
        assertThat(bob2.next(CallPeerBack.class)).isEqualTo(new CallPeerBack(call, "alice"));
        assertThat(bob2.hangup(call)).isInstanceOfSatisfying(ServerMessage.HungUp.class, h -> assertThat(h.call()).isEqualTo(call));
        assertThat(alice2.skipTo(ServerMessage.HungUp.class).call()).isEqualTo(call);
    }

    @Test
    void nobodyComingBackWithinTheGraceEndsTheSessionAndALateTokenOnlyRestoresTheId() {
        startWithGrace(Duration.ofSeconds(10), ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient[] pair = inRoom(null, "bob", false);
        TestClient a = pair[0];
        TestClient b = pair[1];
        b.disconnect();
        a.next(PeerAway.class);
        nodes.advance(Duration.ofSeconds(9));
        a.expectNothing(); // still held
        nodes.advance(Duration.ofSeconds(1));
        assertThat(a.next(PeerLeft.class)).isEqualTo(new PeerLeft("r", new Peer(b.id(), "bob")));

        TestClient late = reconnect(b);
        assertThat(late.resume(b)).isInstanceOfSatisfying(Welcome.class, w -> {
            assertThat(w.resumed()).isFalse();
            assertThat(w.session()).isEqualTo(b.id());
        });
        assertThat(late.join("r")).isEqualTo(new Joined("r", List.of(new Peer(a.id(), null))));
        assertThat(a.next(PeerJoined.class).peer()).isEqualTo(new Peer(b.id(), "bob"));
    }

    @Test
    void aResumeUnderAnotherNameOrWithAForgedTokenNeverTakesTheSession() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient[] pair = inRoom(null, "bob", false);
        TestClient a = pair[0];
        TestClient b = pair[1];
        b.disconnect();
        a.next(PeerAway.class);
        String token = b.welcome().resumeToken();
        String id = b.id();

        TestClient mallory = reconnect(b);
        assertThat(mallory.hello(new Hello("mallory", null, token))).isInstanceOfSatisfying(Welcome.class, w -> {
            assertThat(w.session()).isNotEqualTo(id);
            assertThat(w.resumed()).isFalse();
        });
        String otherSignature = a.welcome().resumeToken().substring(a.id().length());
        for (String forged : List.of(id + otherSignature, id + ".AAAAAAAAAAAAAAAAAAAAAA", token + "x",
                token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"))) {
            TestClient thief = reconnect(b);
            assertThat(thief.hello(new Hello(null, null, forged))).as(forged).isInstanceOfSatisfying(Welcome.class, w -> {
                assertThat(w.session()).isNotEqualTo(id);
                assertThat(w.resumed()).isFalse();
            });
        }
        a.expectNothing(); // nobody came back
        TestClient real = reconnect(b);
        assertThat(real.resume(b)).isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isTrue());
        assertThat(a.next(PeerBack.class).peer().id()).isEqualTo(id);
    }

    @Test
    void aNewConnectionTakesOverOneTheServerStillThinksIsAlive() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient[] pair = inRoom(null, null, false);
        TestClient a = pair[0];
        TestClient old = pair[1];

        TestClient fresh = reconnect(old);
        assertThat(fresh.resume(old, null)).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SESSION_IN_USE));
        assertThat(old.awaitClosed().kind()).isEqualTo(TestClient.CloseKind.REPLACED);
        nodes.settle(); // the old connection's end has reached its node: the session is held

        assertThat(fresh.resume(old, null)).isInstanceOfSatisfying(Welcome.class, w -> {
            assertThat(w.resumed()).isTrue();
            assertThat(w.session()).isEqualTo(old.id());
        });
        assertThat(a.next(PeerAway.class).peer().id()).isEqualTo(old.id());
        assertThat(a.next(PeerBack.class).peer().id()).isEqualTo(old.id());
        a.message("r", seq(1));
        assertThat(fresh.next(Message.class).data()).isEqualTo(seq(1));
    }

    @Test
    void aResumeNeedingFramesAlreadyAcknowledgedIsNotTrusted() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient[] pair = inRoom(null, null, true);
        TestClient b = pair[0];
        TestClient a = pair[1];
        for (int i = 1; i <= 3; i++) b.message("r", seq(i));
        for (int i = 1; i <= 3; i++) a.next(Message.class);
        a.ack(4);
        a.disconnect();
        b.next(PeerAway.class);

        TestClient again = reconnect(a);
        assertThat(again.resume(a, 1)).as("it acknowledged 4 frames, now claims 1: start afresh")
                .isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isFalse());
        assertThat(b.next(PeerLeft.class).peer().id()).isEqualTo(a.id());
    }

    @Test
    void aGoodbyeEndsTheSessionAtOnce() {
        startWithGrace(GRACE, ResumePolicy.DEFAULT_BACKLOG_FRAMES);
        TestClient[] pair = inRoom(null, null, false);
        TestClient a = pair[0];
        TestClient b = pair[1];
        b.close();
        assertThat(a.next(PeerLeft.class).peer().id()).isEqualTo(b.id());
        TestClient back = reconnect(b);
        assertThat(back.resume(b)).isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isFalse());
    }

    @Test
    void moreMissedMessagesThanTheBacklogHoldsEndTheSession() {
        startWithGrace(GRACE, 4);
        TestClient[] pair = inRoom(null, null, false);
        TestClient a = pair[0];
        TestClient b = pair[1];
        b.disconnect();
        a.next(PeerAway.class);
        for (int i = 0; i < 5; i++) a.message("r", seq(i));
        assertThat(a.next(PeerLeft.class).peer().id()).isEqualTo(b.id());
        TestClient late = reconnect(b);
        assertThat(late.resume(b)).as("what it missed is lost: it must rejoin")
                .isInstanceOfSatisfying(Welcome.class, w -> assertThat(w.resumed()).isFalse());
    }

    @Test
    void aZeroGraceEndsSessionsWithTheirConnectionAndHandsOutNoTokens() {
        startWithGrace(Duration.ZERO, 1);
        TestClient[] pair = inRoom(null, null, false);
        TestClient a = pair[0];
        TestClient b = pair[1];
        assertThat(b.welcome().resumeToken()).isNull();
        assertThat(b.welcome().limits().resumeGraceSeconds()).isZero();
        b.disconnect();
        assertThat(a.next(PeerLeft.class).peer().id()).isEqualTo(b.id());
    }
}
