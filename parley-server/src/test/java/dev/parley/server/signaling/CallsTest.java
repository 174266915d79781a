package dev.parley.server.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.client.ParleyClient;
import dev.parley.client.ParleyException;
import dev.parley.protocol.ClientMessage.SendCallSignal;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.HangupReason;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Accepted;
import dev.parley.protocol.ServerMessage.CallOutcome;
import dev.parley.protocol.ServerMessage.CallSignal;
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.HungUp;
import dev.parley.protocol.ServerMessage.Incoming;
import dev.parley.protocol.ServerMessage.Rejected;
import dev.parley.protocol.ServerMessage.Ringing;
import dev.parley.protocol.ServerMessage.TimedOut;
import dev.parley.protocol.ServerMessage.Unavailable;
import dev.parley.protocol.UnavailableReason;
import dev.parley.server.Inbox;
import dev.parley.server.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CallsTest {
    private static final Payload OFFER = Payload.parse("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
    private static final Duration QUIET = Duration.ofMillis(300);

    private TestServer server;
    private final Inbox aliceInbox = new Inbox();
    private final Inbox bobInbox = new Inbox();
    private ParleyClient alice;
    private ParleyClient bob;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private void startWithAliceAndBob(Duration callTimeout) throws Exception {
        server = TestServer.start(TestServer.config(2, callTimeout));
        alice = server.connect("alice", aliceInbox);
        bob = server.connect("bob", bobInbox);
    }

    private Ringing aliceRingsBob() {
        CallOutcome outcome = alice.call("bob").join();
        assertThat(outcome).isInstanceOf(Ringing.class);
        var ringing = (Ringing) outcome;
        assertThat(ringing.to()).isEqualTo("bob");
        assertThat(bobInbox.skipTo(Incoming.class)).isEqualTo(new Incoming(ringing.call(), "alice"));
        return ringing;
    }

    @Test
    void aCallThatResumesALostOneSaysSoToTheCalleeUnderANewId() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        var ringing = (Ringing) alice.resumeCall("bob", "c-lost-1").join();
        assertThat(bobInbox.skipTo(Incoming.class)).isEqualTo(new Incoming(ringing.call(), "alice", "c-lost-1"));
        assertThat(ringing.call()).as("ids are the server's, never the caller's").isNotEqualTo("c-lost-1");
        assertThat(bob.accept(ringing.call()).join()).isEqualTo(new Accepted(ringing.call()));
    }

    @Test
    void ringAcceptSignalHangUp() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        String call = aliceRingsBob().call();

        assertThat(bob.accept(call).join()).isEqualTo(new Accepted(call));
        assertThat(aliceInbox.skipTo(Accepted.class)).isEqualTo(new Accepted(call));

        alice.signalCall(call, OFFER).join();
        assertThat(bobInbox.next(CallSignal.class)).isEqualTo(new CallSignal(call, "alice", OFFER));
        bob.signalCall(call, OFFER).join();
        assertThat(aliceInbox.next(CallSignal.class)).isEqualTo(new CallSignal(call, "bob", OFFER));

        assertThat(bob.hangup(call).join()).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        assertThat(aliceInbox.next(HungUp.class)).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        expectCode(ErrorCode.NO_SUCH_CALL, () -> alice.signalCall(call, OFFER).join(), aliceInbox);
        assertThat(server.server().hub().stats().calls()).isZero();
    }

    @Test
    void rejectReachesTheCallerWithTheReason() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        String call = aliceRingsBob().call();
        assertThat(bob.reject(call, "in a meeting").join()).isEqualTo(new Rejected(call, "in a meeting"));
        assertThat(aliceInbox.skipTo(Rejected.class)).isEqualTo(new Rejected(call, "in a meeting"));

        String second = aliceRingsBob().call();
        bob.reject(second, null).join();
        assertThat(aliceInbox.skipTo(Rejected.class)).isEqualTo(new Rejected(second, "declined"));
    }

    @Test
    void callingSomeoneInACallIsBusyAndSoIsCallingTheCaller() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        ParleyClient carol = server.connect("carol", new Inbox());
        String call = aliceRingsBob().call();
        assertThat(carol.call("bob").join()).isEqualTo(new Unavailable("bob", UnavailableReason.BUSY));
        assertThat(carol.call("alice").join()).isEqualTo(new Unavailable("alice", UnavailableReason.BUSY));
        bob.accept(call).join();
        assertThat(carol.call("bob").join()).isEqualTo(new Unavailable("bob", UnavailableReason.BUSY));
        bobInbox.expectNothing(QUIET); // busy never rings
        bob.hangup(call).join();
        assertThat(carol.call("bob").join()).isInstanceOf(Ringing.class);
    }

    @Test
    void callingANameNobodyHasIsOffline() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        assertThat(alice.call("zed").join()).isEqualTo(new Unavailable("zed", UnavailableReason.OFFLINE));
        bob.close();
        server.awaitStats(s -> s.namedSessions() == 1);
        assertThat(alice.call("bob").join()).isEqualTo(new Unavailable("bob", UnavailableReason.OFFLINE));
    }

    @Test
    void namesAreMatchedWithoutRegardToCase() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        CallOutcome outcome = alice.call("BOB").join();
        assertThat(outcome).isInstanceOf(Ringing.class).extracting(o -> ((Ringing) o).to()).isEqualTo("bob");
    }

    @Test
    void anUnansweredCallTimesOutForBothAndFreesThem() throws Exception {
        startWithAliceAndBob(Duration.ofMillis(300));
        String call = aliceRingsBob().call();
        assertThat(aliceInbox.skipTo(TimedOut.class)).isEqualTo(new TimedOut(call));
        assertThat(bobInbox.skipTo(TimedOut.class)).isEqualTo(new TimedOut(call));
        expectCode(ErrorCode.NO_SUCH_CALL, () -> bob.accept(call).join(), null);
        assertThat(alice.call("bob").join()).isInstanceOf(Ringing.class);
    }

    @Test
    void anAcceptedCallDoesNotTimeOut() throws Exception {
        startWithAliceAndBob(Duration.ofMillis(200));
        String call = aliceRingsBob().call();
        bob.accept(call).join();
        aliceInbox.skipTo(Accepted.class);
        aliceInbox.expectNothing(Duration.ofMillis(500));
        alice.signalCall(call, OFFER).join();
        assertThat(bobInbox.next(CallSignal.class).call()).isEqualTo(call);
    }

    @Test
    void theCallerCanCancelWhileItRings() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        String call = aliceRingsBob().call();
        assertThat(alice.hangup(call).join()).isEqualTo(new HungUp(call, "alice", HangupReason.HANGUP));
        assertThat(bobInbox.next(HungUp.class)).isEqualTo(new HungUp(call, "alice", HangupReason.HANGUP));
        expectCode(ErrorCode.NO_SUCH_CALL, () -> bob.accept(call).join(), null);
    }

    @Test
    void aDisconnectHangsUpRingingAndActiveCalls() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        String ringing = aliceRingsBob().call();
        alice.abort();
        assertThat(bobInbox.skipTo(CallPeerAway.class)).isEqualTo(new CallPeerAway(ringing, "alice"));
        assertThat(bobInbox.next(HungUp.class)).isEqualTo(new HungUp(ringing, "alice", HangupReason.DISCONNECTED));

        var carolInbox = new Inbox();
        ParleyClient carol = server.connect("carol", carolInbox);
        var active = (Ringing) carol.call("bob").join();
        bobInbox.skipTo(Incoming.class);
        bob.accept(active.call()).join();
        bob.abort();
        assertThat(carolInbox.skipTo(CallPeerAway.class)).isEqualTo(new CallPeerAway(active.call(), "bob"));
        assertThat(carolInbox.next(HungUp.class)).isEqualTo(new HungUp(active.call(), "bob", HangupReason.DISCONNECTED));
        assertThat(server.server().hub().stats().calls()).isZero();
    }

    @Test
    void callRulesAreEnforced() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        var carolInbox = new Inbox();
        ParleyClient carol = server.connect("carol", carolInbox);
        ParleyClient anonymous = server.connect(null, new Inbox());

        expectCode(ErrorCode.SELF_CALL, () -> alice.call("ALICE").join(), null);
        expectCode(ErrorCode.NAME_REQUIRED, () -> anonymous.call("bob").join(), null);

        String call = aliceRingsBob().call();
        expectCode(ErrorCode.ALREADY_IN_CALL, () -> alice.call("carol").join(), null);
        expectCode(ErrorCode.NOT_CALLEE, () -> alice.accept(call).join(), null);
        expectCode(ErrorCode.CALL_NOT_ACTIVE, () -> alice.request(new SendCallSignal(call, OFFER), ServerMessage.class).join(), null);
        // To anyone else the call does not exist, and nothing they send reaches its parties.
        expectCode(ErrorCode.NO_SUCH_CALL, () -> carol.accept(call).join(), null);
        expectCode(ErrorCode.NO_SUCH_CALL, () -> carol.hangup(call).join(), null);
        expectCode(ErrorCode.NO_SUCH_CALL, () -> carol.request(new SendCallSignal(call, OFFER), ServerMessage.class).join(), null);

        bob.accept(call).join();
        expectCode(ErrorCode.CALL_NOT_RINGING, () -> bob.accept(call).join(), null);
        expectCode(ErrorCode.CALL_NOT_RINGING, () -> bob.reject(call, null).join(), null);
        aliceInbox.skipTo(Accepted.class);
        aliceInbox.expectNothing(QUIET);
        bobInbox.expectNothing(Duration.ZERO);
    }

    @Test
    void twoCallersRacingForOneCalleeRingItOnce() throws Exception {
        startWithAliceAndBob(Duration.ofSeconds(30));
        for (int round = 0; round < 10; round++) {
            ParleyClient x = server.connect("x" + round, new Inbox());
            ParleyClient y = server.connect("y" + round, new Inbox());
            var both = List.of(CompletableFuture.supplyAsync(() -> x.call("bob").join()),
                    CompletableFuture.supplyAsync(() -> y.call("bob").join()));
            List<CallOutcome> outcomes = both.stream().map(CompletableFuture::join).toList();
            assertThat(outcomes).filteredOn(Ringing.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(Unavailable.class::isInstance).hasSize(1);
            var ringing = (Ringing) outcomes.stream().filter(Ringing.class::isInstance).findFirst().orElseThrow();
            assertThat(bobInbox.skipTo(Incoming.class).call()).isEqualTo(ringing.call());
            bob.reject(ringing.call(), null).join();
            x.close();
            y.close();
        }
    }

    /** Runs a request that must fail with {@code code}; if it was fire-and-forget, the error arrives in {@code inbox}. */
    private static void expectCode(ErrorCode code, Executable request, Inbox inbox) {
        if (inbox == null) {
            assertThatThrownBy(request::execute).isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(ParleyException.class, e -> assertThat(e.code()).isEqualTo(code));
            return;
        }
        try {
            request.execute();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        assertThat(inbox.next(ServerMessage.ErrorReply.class).code()).isEqualTo(code);
    }
}
