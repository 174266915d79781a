package dev.parley.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.protocol.ClientMessage.SendCallSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.ErrorReply;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.TimedOut;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.UnavailableReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Direct calls by name: ring, accept, reject, busy, offline, timeout, hang-up, call signals, and a
 * lost connection hanging up. Parties are spread over nodes (client {@code k} on node {@code k % n})
 * if {@link #supportsCallsAcrossNodes}; otherwise every party is on node 0, so a cluster that does
 * not carry calls between nodes yet still runs them against its shared directory, and only
 * {@link #callsRingBetweenEveryPairOfNodes} is skipped.
 */
public abstract class CallsContract extends SignalingContract {

    /** Whether a call may ring a callee on another node; a cluster that cannot yet says false. */
    protected boolean supportsCallsAcrossNodes() {
        return true;
    }

    @Override
    protected int nodeOf(int k) {
        return supportsCallsAcrossNodes() ? super.nodeOf(k) : 0;
    }

    private TestClient alice;
    private TestClient bob;

    private void startWithAliceAndBob(Duration callTimeout) {
        start(config(2, callTimeout, GRACE, 512));
        alice = greeted(0, "alice");
        bob = greeted(1, "bob");
        alice.next(ServerMessage.Presence.class); // nobody else online
        alice.next(ServerMessage.Presence.class); // bob came online
        bob.next(ServerMessage.Presence.class); // alice is online
    }

    private String aliceRingsBob() {
        return rings(alice, bob);
    }

    /** {@code caller} rings {@code callee}, who hears {@code incoming}; returns the call's id. */
    private static String rings(TestClient caller, TestClient callee) {
        ServerMessage outcome = caller.call(callee.name());
        assertThat(outcome).isInstanceOf(Ringing.class);
        var ringing = (Ringing) outcome;
        assertThat(ringing.to()).isEqualTo(callee.name());
        assertThat(callee.skipTo(Incoming.class)).isEqualTo(new Incoming(ringing.call(), caller.name()));
        return ringing.call();
    }

    private static void expectCode(ErrorCode code, ServerMessage reply) {
        assertThat(reply).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void ringAcceptSignalHangUp() {
        startWithAliceAndBob(CALL_TIMEOUT);
        String call = aliceRingsBob();

        assertThat(bob.accept(call)).isEqualTo(new Accepted(call));
        assertThat(alice.skipTo(Accepted.class)).isEqualTo(new Accepted(call));

        alice.callSignal(call, OFFER);
        assertThat(bob.next(CallSignal.class)).isEqualTo(new CallSignal(call, "alice", OFFER));
        bob.callSignal(call, seq(1));
        assertThat(alice.next(CallSignal.class)).isEqualTo(new CallSignal(call, "bob", seq(1)));

        assertThat(bob.hangup(call)).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        assertThat(alice.next(HungUp.class)).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        alice.callSignal(call, OFFER);
        alice.nextError(ErrorCode.NO_SUCH_CALL);
        bob.expectNothing();
    }

    @Test
    void callSignalsArriveInTheOrderSent() {
        startWithAliceAndBob(CALL_TIMEOUT);
        String call = aliceRingsBob();
        bob.accept(call);
        alice.skipTo(Accepted.class);
        for (int i = 0; i < 50; i++) alice.callSignal(call, seq(i));
        for (int i = 0; i < 50; i++) assertThat(seqOf(bob.next(CallSignal.class).data())).isEqualTo(i);
        bob.expectNothing();
    }

    @Test
    void aCallThatResumesALostOneSaysSoToTheCalleeUnderANewId() {
        startWithAliceAndBob(CALL_TIMEOUT);
        var ringing = (Ringing) alice.call("bob", "c-lost-1");
        assertThat(bob.skipTo(Incoming.class)).isEqualTo(new Incoming(ringing.call(), "alice", "c-lost-1"));
        assertThat(ringing.call()).as("ids are the server's, never the caller's").isNotEqualTo("c-lost-1");
        assertThat(bob.accept(ringing.call())).isEqualTo(new Accepted(ringing.call()));
    }

    @Test
    void rejectReachesTheCallerWithTheReason() {
        startWithAliceAndBob(CALL_TIMEOUT);
        String call = aliceRingsBob();
        assertThat(bob.reject(call, "in a meeting")).isEqualTo(new Rejected(call, "in a meeting"));
        assertThat(alice.skipTo(Rejected.class)).isEqualTo(new Rejected(call, "in a meeting"));

        String second = aliceRingsBob();
        assertThat(bob.reject(second, null)).isEqualTo(new Rejected(second, "declined"));
        assertThat(alice.skipTo(Rejected.class)).isEqualTo(new Rejected(second, "declined"));
    }

    @Test
    void callingSomeoneInACallIsBusyAndSoIsCallingTheCaller() {
        startWithAliceAndBob(CALL_TIMEOUT);
        TestClient carol = greeted(2, "carol");
        String call = aliceRingsBob();
        assertThat(carol.call("bob")).isEqualTo(new Unavailable("bob", UnavailableReason.BUSY));
        assertThat(carol.call("alice")).isEqualTo(new Unavailable("alice", UnavailableReason.BUSY));
        bob.accept(call);
        assertThat(carol.call("bob")).isEqualTo(new Unavailable("bob", UnavailableReason.BUSY));
        bob.expectNothing(); // busy never rings
        bob.hangup(call);
        assertThat(carol.call("bob")).isInstanceOf(Ringing.class);
    }

    @Test
    void callingANameNobodyHasIsOffline() {
        startWithAliceAndBob(CALL_TIMEOUT);
        assertThat(alice.call("zed")).isEqualTo(new Unavailable("zed", UnavailableReason.OFFLINE));
        bob.close();
        assertThat(alice.call("bob")).isEqualTo(new Unavailable("bob", UnavailableReason.OFFLINE));
    }

    @Test
    void namesAreMatchedWithoutRegardToCase() {
        startWithAliceAndBob(CALL_TIMEOUT);
        assertThat(alice.call("BOB")).isInstanceOfSatisfying(Ringing.class, r -> assertThat(r.to()).isEqualTo("bob"));
    }

    @Test
    void anUnansweredCallTimesOutForBothAndFreesThem() {
        startWithAliceAndBob(Duration.ofSeconds(10));
        String call = aliceRingsBob();
        nodes.advance(Duration.ofSeconds(9));
        alice.expectNothing();
        nodes.advance(Duration.ofSeconds(1));
        assertThat(alice.skipTo(TimedOut.class)).isEqualTo(new TimedOut(call));
        assertThat(bob.skipTo(TimedOut.class)).isEqualTo(new TimedOut(call));
        expectCode(ErrorCode.NO_SUCH_CALL, bob.accept(call));
        assertThat(alice.call("bob")).isInstanceOf(Ringing.class);
    }

    @Test
    void anAcceptedCallDoesNotTimeOut() {
        startWithAliceAndBob(Duration.ofSeconds(10));
        String call = aliceRingsBob();
        bob.accept(call);
        alice.skipTo(Accepted.class);
        nodes.advance(Duration.ofSeconds(60));
        alice.expectNothing();
        bob.expectNothing();
        alice.callSignal(call, OFFER);
        assertThat(bob.next(CallSignal.class).call()).isEqualTo(call);
    }

    @Test
    void theCallerCanCancelWhileItRings() {
        startWithAliceAndBob(CALL_TIMEOUT);
        String call = aliceRingsBob();
        assertThat(alice.hangup(call)).isEqualTo(new HungUp(call, "alice", HangupReason.HANGUP));
        assertThat(bob.next(HungUp.class)).isEqualTo(new HungUp(call, "alice", HangupReason.HANGUP));
        expectCode(ErrorCode.NO_SUCH_CALL, bob.accept(call));
        nodes.advance(CALL_TIMEOUT);
        alice.expectNothing(); // the ring timer died with the call
        bob.expectNothing();
    }

    @Test
    void aLostConnectionHangsUpRingingAndActiveCallsOnceTheGraceEnds() {
        startWithAliceAndBob(CALL_TIMEOUT);
        String ringing = aliceRingsBob();
        alice.disconnect();
        assertThat(bob.skipTo(CallPeerAway.class)).isEqualTo(new CallPeerAway(ringing, "alice"));
        nodes.advance(GRACE);
        assertThat(bob.skipTo(HungUp.class)).isEqualTo(new HungUp(ringing, "alice", HangupReason.DISCONNECTED));

        TestClient carol = greeted(2, "carol");
        String active = rings(carol, bob);
        bob.accept(active);
        carol.skipTo(Accepted.class);
        bob.disconnect();
        assertThat(carol.next(CallPeerAway.class)).isEqualTo(new CallPeerAway(active, "bob"));
        nodes.advance(GRACE);
        assertThat(carol.skipTo(HungUp.class)).isEqualTo(new HungUp(active, "bob", HangupReason.DISCONNECTED));
    }

    @Test
    void aGoodbyeHangsUpAtOnce() {
        startWithAliceAndBob(CALL_TIMEOUT);
        String call = aliceRingsBob();
        bob.accept(call);
        alice.skipTo(Accepted.class);
        bob.close();
        assertThat(alice.next(HungUp.class)).isEqualTo(new HungUp(call, "bob", HangupReason.DISCONNECTED));
    }

    @Test
    void callRulesAreEnforced() {
        startWithAliceAndBob(CALL_TIMEOUT);
        TestClient carol = greeted(2, "carol");
        TestClient anonymous = greeted(3, null);

        expectCode(ErrorCode.SELF_CALL, alice.call("ALICE"));
        expectCode(ErrorCode.NAME_REQUIRED, anonymous.call("bob"));

        String call = aliceRingsBob();
        expectCode(ErrorCode.ALREADY_IN_CALL, alice.call("carol"));
        expectCode(ErrorCode.NOT_CALLEE, alice.accept(call));
        expectCode(ErrorCode.CALL_NOT_ACTIVE, alice.request(new SendCallSignal(call, OFFER)));
        // To anyone else the call does not exist, and nothing they send reaches its parties.
        expectCode(ErrorCode.NO_SUCH_CALL, carol.accept(call));
        expectCode(ErrorCode.NO_SUCH_CALL, carol.hangup(call));
        expectCode(ErrorCode.NO_SUCH_CALL, carol.request(new SendCallSignal(call, OFFER)));

        bob.accept(call);
        expectCode(ErrorCode.CALL_NOT_RINGING, bob.accept(call));
        expectCode(ErrorCode.CALL_NOT_RINGING, bob.reject(call, null));
        alice.skipTo(Accepted.class);
        alice.expectNothing();
        bob.expectNothing();
    }

    @Test
    void twoCallersRacingForOneCalleeRingItOnce() throws Exception {
        startWithAliceAndBob(CALL_TIMEOUT);
        for (int round = 0; round < 10; round++) {
            TestClient x = greeted(2 + 2 * round, "x" + round);
            TestClient y = greeted(3 + 2 * round, "y" + round);
            List<ServerMessage> outcomes = race(List.<Callable<ServerMessage>>of(() -> x.call("bob"), () -> y.call("bob")));
            assertThat(outcomes).filteredOn(Ringing.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(Unavailable.class::isInstance).hasSize(1);
            var ringing = (Ringing) outcomes.stream().filter(Ringing.class::isInstance).findFirst().orElseThrow();
            assertThat(bob.skipTo(Incoming.class).call()).isEqualTo(ringing.call());
            bob.reject(ringing.call(), null);
            x.close();
            y.close();
        }
    }

    /** Every ordered pair of nodes: a caller on one rings a callee on the other, and they talk. */
    @Test
    void callsRingBetweenEveryPairOfNodes() {
        assumeTrue(supportsCallsAcrossNodes(), "this implementation does not carry calls between nodes yet");
        start(config(2, CALL_TIMEOUT, GRACE, 512));
        int n = nodes.size();
        List<TestClient> people = new ArrayList<>();
        for (int i = 0; i < n; i++) people.add(greeted(i, "person" + i));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                TestClient caller = people.get(i);
                TestClient callee = people.get(j);
                String call = rings(caller, callee);
                assertThat(callee.accept(call)).isEqualTo(new Accepted(call));
                assertThat(caller.skipTo(Accepted.class)).isEqualTo(new Accepted(call));
                callee.callSignal(call, seq(i * n + j));
                assertThat(caller.next(CallSignal.class).data()).isEqualTo(seq(i * n + j));
                caller.hangup(call);
                assertThat(callee.skipTo(HungUp.class).call()).isEqualTo(call);
            }
        }
    }
}
