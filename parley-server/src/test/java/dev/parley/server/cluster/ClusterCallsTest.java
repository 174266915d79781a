package dev.parley.server.cluster;

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
import dev.parley.protocol.ServerMessage.CallPeerAway;
import dev.parley.protocol.ServerMessage.CallPeerBack;
import dev.parley.protocol.ServerMessage.CallSignal;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/**
 * Direct calls between clients on different nodes of one real Redis: the whole of seed 003's
 * protocol, and every call's keys gone from Redis once it has ended.
 */
class ClusterCallsTest {
    @RegisterExtension
    static final ClusterFixture cluster = new ClusterFixture();
    private static final Duration LONG_RING = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(300);
    /** How long Redis may take to show that the last call's keys are gone. */
    private static final Duration CLEAN_WITHIN = Duration.ofSeconds(5);


    /** {@code n} nodes on the test's Redis, with this ring timeout and resume grace. */
    private List<TestServer> nodes(int n, Duration callTimeout, Duration grace) throws Exception {
        var config = TestServer.config(2, callTimeout);
        return cluster.nodes(n, config.withResume(config.resume().withGrace(grace)));
    }

    private List<TestServer> nodes(int n, Duration callTimeout) throws Exception {
        return nodes(n, callTimeout, TestServer.RESUME_GRACE);
    }

    private static Ringing ring(ParleyClient caller, String callee, Inbox calleeInbox, String callerName) {
        CallOutcome outcome = caller.call(callee).join();
        assertThat(outcome).isInstanceOf(Ringing.class);
        var ringing = (Ringing) outcome;
        assertThat(calleeInbox.skipTo(Incoming.class)).isEqualTo(new Incoming(ringing.call(), callerName));
        return ringing;
    }

    private static Payload seq(int i) {
        return Payload.parse("{\"seq\":" + i + "}");
    }

    @Test
    void ringAcceptSignalBothWaysInOrderAndHangUp() throws Exception {
        var n = nodes(2, LONG_RING);
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        ParleyClient bob = n.get(1).connect("bob", bobInbox);

        String call = ring(alice, "bob", bobInbox, "alice").call();
        assertThat(n.get(1).server().hub().stats().calls()).as("a call counts on every node").isEqualTo(1);
        assertThat(callKeys().split(" ")).as("what assertNoCallKeysLeft looks for").containsExactlyInAnyOrder(
                "{parley}:c:" + call, "{parley}:s:" + alice.sessionId() + ":call", "{parley}:s:" + bob.sessionId() + ":call", "{parley}:calls");
        assertThat(bob.accept(call).join()).isEqualTo(new Accepted(call));
        assertThat(aliceInbox.skipTo(Accepted.class)).isEqualTo(new Accepted(call));

        for (int i = 0; i < 30; i++) alice.signalCall(call, seq(i)).join();
        for (int i = 0; i < 30; i++) bob.signalCall(call, seq(100 + i)).join();
        for (int i = 0; i < 30; i++) assertThat(bobInbox.next(CallSignal.class)).isEqualTo(new CallSignal(call, "alice", seq(i)));
        for (int i = 0; i < 30; i++) assertThat(aliceInbox.next(CallSignal.class)).isEqualTo(new CallSignal(call, "bob", seq(100 + i)));

        assertThat(bob.hangup(call).join()).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        assertThat(aliceInbox.next(HungUp.class)).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        expectCode(ErrorCode.NO_SUCH_CALL, () -> alice.signalCall(call, seq(0)).join(), aliceInbox);
        bobInbox.expectNothing(QUIET);
        assertThat(n.get(0).server().hub().stats().calls()).isZero();
        assertNoCallKeysLeft();

        // Both free again: the other way round this time, and the caller cancels while it rings.
        String second = ring(bob, "alice", aliceInbox, "bob").call();
        assertThat(bob.hangup(second).join()).isEqualTo(new HungUp(second, "bob", HangupReason.HANGUP));
        assertThat(aliceInbox.next(HungUp.class)).isEqualTo(new HungUp(second, "bob", HangupReason.HANGUP));
        expectCode(ErrorCode.NO_SUCH_CALL, () -> alice.accept(second).join(), null);
        assertNoCallKeysLeft();
    }

    @Test
    void aCallWithinOneNodeOfAClusterGoesThroughRedisAlike() throws Exception {
        var n = nodes(2, LONG_RING);
        var aliceInbox = new Inbox();
        var daveInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        ParleyClient dave = n.get(0).connect("dave", daveInbox);
        String call = ring(dave, "alice", aliceInbox, "dave").call();
        assertThat(n.get(1).server().hub().stats().calls()).isEqualTo(1);
        alice.accept(call).join();
        assertThat(daveInbox.skipTo(Accepted.class)).isEqualTo(new Accepted(call));
        dave.signalCall(call, seq(1)).join();
        assertThat(aliceInbox.next(CallSignal.class)).isEqualTo(new CallSignal(call, "dave", seq(1)));
        alice.hangup(call).join();
        assertThat(daveInbox.next(HungUp.class)).isEqualTo(new HungUp(call, "alice", HangupReason.HANGUP));
        assertNoCallKeysLeft();
    }

    @Test
    void theCalleeRejectsFromAnotherNode() throws Exception {
        var n = nodes(2, LONG_RING);
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        ParleyClient bob = n.get(1).connect("bob", bobInbox);

        String call = ring(alice, "BOB", bobInbox, "alice").call();
        assertThat(bob.reject(call, "in a meeting").join()).isEqualTo(new Rejected(call, "in a meeting"));
        assertThat(aliceInbox.skipTo(Rejected.class)).isEqualTo(new Rejected(call, "in a meeting"));
        expectCode(ErrorCode.NO_SUCH_CALL, () -> bob.accept(call).join(), null);

        String second = ring(alice, "bob", bobInbox, "alice").call();
        bob.reject(second, null).join();
        assertThat(aliceInbox.skipTo(Rejected.class)).isEqualTo(new Rejected(second, "declined"));
        assertNoCallKeysLeft();
    }

    @Test
    void aThirdNodeFindsBothPartiesBusyUntilTheyHangUp() throws Exception {
        var n = nodes(3, LONG_RING);
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", new Inbox());
        ParleyClient bob = n.get(1).connect("bob", bobInbox);
        ParleyClient carol = n.get(2).connect("carol", new Inbox());

        String call = ring(alice, "bob", bobInbox, "alice").call();
        assertThat(carol.call("bob").join()).isEqualTo(new Unavailable("bob", UnavailableReason.BUSY));
        assertThat(carol.call("alice").join()).isEqualTo(new Unavailable("alice", UnavailableReason.BUSY));
        bob.accept(call).join();
        assertThat(carol.call("bob").join()).isEqualTo(new Unavailable("bob", UnavailableReason.BUSY));
        bobInbox.expectNothing(QUIET); // busy never rings
        bob.hangup(call).join();
        String next = ring(carol, "bob", bobInbox, "carol").call();
        carol.hangup(next).join();
        assertNoCallKeysLeft();
    }

    @Test
    void aNameNobodyHasAndOneThatWentAreOffline() throws Exception {
        var n = nodes(2, LONG_RING);
        ParleyClient alice = n.get(0).connect("alice", new Inbox());
        ParleyClient bob = n.get(1).connect("bob", new Inbox());
        assertThat(alice.call("zed").join()).isEqualTo(new Unavailable("zed", UnavailableReason.OFFLINE));
        bob.close();
        n.get(0).awaitStats(s -> s.namedSessions() == 1);
        assertThat(alice.call("bob").join()).isEqualTo(new Unavailable("bob", UnavailableReason.OFFLINE));
        alice.close();
        n.get(1).awaitStats(s -> s.namedSessions() == 0);
        assertNoCallKeysLeft();
    }

    @Test
    void anUnansweredCallTimesOutForBothAndAnAnsweredOneDoesNot() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        var n = nodes(2, timeout);
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        ParleyClient bob = n.get(1).connect("bob", bobInbox);

        String call = ring(alice, "bob", bobInbox, "alice").call();
        assertThat(aliceInbox.skipTo(TimedOut.class)).isEqualTo(new TimedOut(call));
        assertThat(bobInbox.skipTo(TimedOut.class)).isEqualTo(new TimedOut(call));
        expectCode(ErrorCode.NO_SUCH_CALL, () -> bob.accept(call).join(), null);
        assertNoCallKeysLeft();

        // Answered on the callee's node: the caller's node's timer still fires, and must do nothing.
        String answered = ring(alice, "bob", bobInbox, "alice").call();
        bob.accept(answered).join();
        aliceInbox.skipTo(Accepted.class);
        aliceInbox.expectNothing(timeout.plus(QUIET));
        bobInbox.expectNothing(Duration.ZERO);
        alice.signalCall(answered, seq(1)).join();
        assertThat(bobInbox.next(CallSignal.class)).isEqualTo(new CallSignal(answered, "alice", seq(1)));
        alice.hangup(answered).join();
        assertNoCallKeysLeft();
    }

    @Test
    void aCalleeWhoseClientGoesHangsUpTheCallForTheCaller() throws Exception {
        var n = nodes(2, LONG_RING);
        var aliceInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);

        // Closed while it rings.
        var bobInbox = new Inbox();
        ParleyClient bob = n.get(1).connect("bob", bobInbox);
        String ringing = ring(alice, "bob", bobInbox, "alice").call();
        bob.close();
        assertThat(aliceInbox.skipTo(HungUp.class)).isEqualTo(new HungUp(ringing, "bob", HangupReason.DISCONNECTED));
        assertNoCallKeysLeft();

        // Connection lost during the call: away first, hung up once the resume grace is over.
        var bob2Inbox = new Inbox();
        ParleyClient bob2 = n.get(1).connect("bob", bob2Inbox);
        String active = ring(alice, "bob", bob2Inbox, "alice").call();
        bob2.accept(active).join();
        aliceInbox.skipTo(Accepted.class);
        bob2.abort();
        assertThat(aliceInbox.next(CallPeerAway.class)).isEqualTo(new CallPeerAway(active, "bob"));
        assertThat(aliceInbox.next(HungUp.class)).isEqualTo(new HungUp(active, "bob", HangupReason.DISCONNECTED));
        assertNoCallKeysLeft();

        // The caller goes while it rings: the callee hears it.
        var bob3Inbox = new Inbox();
        n.get(1).connect("bob", bob3Inbox);
        String third = ring(alice, "bob", bob3Inbox, "alice").call();
        alice.close();
        assertThat(bob3Inbox.skipTo(HungUp.class)).isEqualTo(new HungUp(third, "alice", HangupReason.DISCONNECTED));
        n.get(1).awaitStats(s -> s.namedSessions() == 1);
        assertNoCallKeysLeft();
    }

    @Test
    void aPartyThatLosesItsConnectionAndResumesIsAwayThenBack() throws Exception {
        var n = nodes(2, LONG_RING, Duration.ofSeconds(20));
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        ParleyClient bob = n.get(1).connect("bob", bobInbox);
        String call = ring(alice, "bob", bobInbox, "alice").call();
        bob.accept(call).join();
        aliceInbox.skipTo(Accepted.class);

        bob.abort();
        assertThat(aliceInbox.next(CallPeerAway.class)).isEqualTo(new CallPeerAway(call, "bob"));
        alice.signalCall(call, seq(1)).join();
        n.get(1).awaitStats(s -> s.awaySessions() == 1);
        var bob2Inbox = new Inbox();
        ParleyClient bob2 = n.get(1).builder().name("bob").resumeFrom(bob).listener(bob2Inbox).connect();
        n.get(1).track(bob2);
        assertThat(bob2.welcome().resumed()).isTrue();
        assertThat(aliceInbox.next(CallPeerBack.class)).isEqualTo(new CallPeerBack(call, "bob"));
        assertThat(bob2Inbox.skipTo(CallSignal.class)).as("kept while away").isEqualTo(new CallSignal(call, "alice", seq(1)));

        bob2.signalCall(call, seq(2)).join();
        assertThat(aliceInbox.next(CallSignal.class)).isEqualTo(new CallSignal(call, "bob", seq(2)));
        assertThat(bob2.hangup(call).join()).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        assertThat(aliceInbox.next(HungUp.class)).isEqualTo(new HungUp(call, "bob", HangupReason.HANGUP));
        assertNoCallKeysLeft();
    }

    @Test
    void twoCallersOnTwoNodesRacingForOneCalleeRingItOnce() throws Exception {
        var n = nodes(3, LONG_RING);
        var bobInbox = new Inbox();
        ParleyClient bob = n.get(2).connect("bob", bobInbox);
        for (int round = 0; round < 10; round++) {
            ParleyClient x = n.get(0).connect("x" + round, new Inbox());
            ParleyClient y = n.get(1).connect("y" + round, new Inbox());
            var both = List.of(CompletableFuture.supplyAsync(() -> x.call("bob").join()),
                    CompletableFuture.supplyAsync(() -> y.call("bob").join()));
            List<CallOutcome> outcomes = new ArrayList<>();
            for (var outcome : both) outcomes.add(outcome.get(10, TimeUnit.SECONDS));
            assertThat(outcomes).as("round " + round).filteredOn(Ringing.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(Unavailable.class::isInstance)
                    .containsExactly(new Unavailable("bob", UnavailableReason.BUSY));
            var ringing = (Ringing) outcomes.stream().filter(Ringing.class::isInstance).findFirst().orElseThrow();
            assertThat(bobInbox.skipTo(Incoming.class).call()).isEqualTo(ringing.call());
            bob.reject(ringing.call(), null).join();
            x.close();
            y.close();
        }
        assertThat(bobInbox.collect(QUIET)).as("the losers never rang").noneMatch(Incoming.class::isInstance);
        assertNoCallKeysLeft();
    }

    @Test
    void callRulesHoldAcrossNodes() throws Exception {
        var n = nodes(3, LONG_RING);
        var aliceInbox = new Inbox();
        var bobInbox = new Inbox();
        ParleyClient alice = n.get(0).connect("alice", aliceInbox);
        ParleyClient bob = n.get(1).connect("bob", bobInbox);
        ParleyClient carol = n.get(2).connect("carol", new Inbox());

        expectCode(ErrorCode.SELF_CALL, () -> alice.call("ALICE").join(), null);
        String call = ring(alice, "bob", bobInbox, "alice").call();
        expectCode(ErrorCode.ALREADY_IN_CALL, () -> alice.call("carol").join(), null);
        expectCode(ErrorCode.NOT_CALLEE, () -> alice.accept(call).join(), null);
        expectCode(ErrorCode.CALL_NOT_ACTIVE, () -> alice.request(new SendCallSignal(call, seq(0)), ServerMessage.class).join(), null);
        // To anyone else the call does not exist, and nothing they send reaches its parties.
        expectCode(ErrorCode.NO_SUCH_CALL, () -> carol.accept(call).join(), null);
        expectCode(ErrorCode.NO_SUCH_CALL, () -> carol.hangup(call).join(), null);
        expectCode(ErrorCode.NO_SUCH_CALL, () -> carol.request(new SendCallSignal(call, seq(0)), ServerMessage.class).join(), null);

        bob.accept(call).join();
        expectCode(ErrorCode.CALL_NOT_RINGING, () -> bob.accept(call).join(), null);
        expectCode(ErrorCode.CALL_NOT_RINGING, () -> bob.reject(call, null).join(), null);
        aliceInbox.skipTo(Accepted.class);
        aliceInbox.expectNothing(QUIET);
        bobInbox.expectNothing(Duration.ZERO);
        alice.hangup(call).join();
        assertNoCallKeysLeft();
    }

    /**
     * Waits (boundedly) until Redis holds no call's keys: no call hash, no call slot (a session's
     * gone marker included, which goes with the session), no call in the set of calls.
     */
    private static void assertNoCallKeysLeft() throws InterruptedException {
        long deadline = System.nanoTime() + CLEAN_WITHIN.toNanos();
        String left = callKeys();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            left = callKeys();
        }
        assertThat(left).as("call keys left in Redis").isEmpty();
    }

    private static String callKeys() {
        return cluster.redis().command("EVAL", """
                local found = {}
                for _, pattern in ipairs(ARGV) do
                  for _, key in ipairs(redis.call('KEYS', pattern)) do table.insert(found, key) end
                end
                return table.concat(found, ' ')""", "0", "{parley}:c:*", "{parley}:s:*:call", "{parley}:calls");
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
