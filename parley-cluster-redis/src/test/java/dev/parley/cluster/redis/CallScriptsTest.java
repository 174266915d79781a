package dev.parley.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.cluster.redis.Scripts.Script;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The call scripts on their own, on a real Redis: what each says it did is what it did, a replay
 * does nothing twice, and a call leaves no key behind. Sessions a and c are on node n1, b on n2;
 * messages are stand-in strings (the scripts pass them on untouched).
 */
class CallScriptsTest {
    @RegisterExtension
    static final RedisExtension redis = new RedisExtension();

    private final LettuceClients clients = new LettuceClients();
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> r;

    @BeforeEach
    void connect() {
        redis.process().flushAll();
        connection = clients.create(redis.process().uri(), ClientOptions.create()).connect();
        r = connection.sync();
        register("a", "n1");
        register("b", "n2");
        register("c", "n1");
    }

    @AfterEach
    void close() {
        connection.close();
        clients.close();
    }

    private void register(String session, String node) {
        Scripts.number(r, Script.REGISTER, session, node, "", ""); // no host, no acknowledgements
    }

    private String ring(String call, String caller, String callee) {
        return Scripts.word(r, Script.RING, call, caller, callee, "incoming " + call,
                "gone " + caller, "away " + caller, "back " + caller, "gone " + callee, "away " + callee, "back " + callee);
    }

    /** The messages in a node's inbox, as "to: message". */
    private List<String> inbox(String node) {
        return r.xrange(Keys.inbox(node), io.lettuce.core.Range.create("-", "+")).stream()
                .map(StreamMessage::getBody).map(b -> b.get("to") + ": " + b.get("m")).toList();
    }

    private List<String> callKeys() {
        List<String> keys = new java.util.ArrayList<>(r.keys("{parley}:c:*"));
        keys.addAll(r.keys("{parley}:s:*:call"));
        keys.addAll(r.keys(Keys.CALLS));
        return keys;
    }

    @Test
    void aReplayedRingSaysItRangWithoutRingingAgain() {
        assertThat(ring("k1", "a", "b")).isEqualTo("done");
        assertThat(ring("k1", "a", "b")).isEqualTo("done");
        assertThat(inbox("n2")).containsExactly("b: incoming k1");
        assertThat(r.scard(Keys.CALLS)).isEqualTo(1);
    }

    @Test
    void slotsDecideWhoCanBeRung() {
        assertThat(ring("k1", "a", "b")).isEqualTo("done");
        assertThat(ring("k2", "c", "b")).isEqualTo("busy");
        assertThat(ring("k3", "c", "a")).as("the caller of a ringing call is busy too").isEqualTo("busy");
        assertThat(ring("k4", "a", "c")).isEqualTo("caller-busy");
        assertThat(ring("k5", "c", "nobody")).isEqualTo("offline");
        assertThat(inbox("n2")).containsExactly("b: incoming k1");
        assertThat(inbox("n1")).isEmpty();
        assertThat(r.keys("{parley}:c:*")).containsExactly("{parley}:c:k1");
    }

    @Test
    void aSlotNamingACallThatNoLongerExistsIsFree() {
        r.set("{parley}:s:b:call", "lost");
        assertThat(ring("k1", "a", "b")).isEqualTo("done");
    }

    @Test
    void acceptSignalAndHangUpTellTheOtherPartyOnlyAndLeaveNothing() {
        ring("k1", "a", "b");
        assertThat(Scripts.word(r, Script.CALL_SIGNAL, "k1", "a", "early")).isEqualTo("not-active");
        assertThat(Scripts.word(r, Script.ACCEPT, "k1", "a", "accepted")).isEqualTo("not-callee");
        assertThat(Scripts.word(r, Script.ACCEPT, "k1", "c", "accepted")).isEqualTo("no-such-call");
        assertThat(Scripts.word(r, Script.ACCEPT, "k1", "b", "accepted")).isEqualTo("done");
        assertThat(Scripts.word(r, Script.ACCEPT, "k1", "b", "accepted")).as("replayed").isEqualTo("not-ringing");
        assertThat(Scripts.word(r, Script.REJECT, "k1", "b", "rejected")).isEqualTo("not-ringing");
        assertThat(Scripts.number(r, Script.RING_TIMEOUT, "k1", "timeout")).as("an answered call does not time out").isZero();
        assertThat(Scripts.word(r, Script.CALL_SIGNAL, "k1", "b", "to a")).isEqualTo("done");
        assertThat(Scripts.word(r, Script.CALL_SIGNAL, "k1", "a", "to b")).isEqualTo("done");
        assertThat(Scripts.word(r, Script.CALL_SIGNAL, "k1", "c", "to anyone")).isEqualTo("no-such-call");
        assertThat(Scripts.word(r, Script.HANGUP, "k1", "c", "hung up")).isEqualTo("no-such-call");
        assertThat(Scripts.word(r, Script.HANGUP, "k1", "a", "hung up by a")).isEqualTo("done");
        assertThat(Scripts.word(r, Script.HANGUP, "k1", "a", "hung up by a")).as("replayed").isEqualTo("no-such-call");

        assertThat(inbox("n1")).containsExactly("a: accepted", "a: to a");
        assertThat(inbox("n2")).containsExactly("b: incoming k1", "b: to b", "b: hung up by a");
        assertThat(callKeys()).isEmpty();
    }

    @Test
    void aRingingCallTimesOutForBothOnce() {
        ring("k1", "a", "b");
        assertThat(Scripts.number(r, Script.RING_TIMEOUT, "k1", "timeout")).isEqualTo(1);
        assertThat(Scripts.number(r, Script.RING_TIMEOUT, "k1", "timeout")).isZero();
        assertThat(inbox("n1")).containsExactly("a: timeout");
        assertThat(inbox("n2")).containsExactly("b: incoming k1", "b: timeout");
        assertThat(callKeys()).isEmpty();
        assertThat(ring("k2", "b", "a")).as("both free again").isEqualTo("done");
    }

    @Test
    void aSessionThatEndsHangsUpItsCallAndCannotBeRungUntilItIsGone() {
        ring("k1", "a", "b");
        Scripts.number(r, Script.PARTY_AWAY, "b", "away");
        Scripts.number(r, Script.PARTY_AWAY, "b", "back");
        assertThat(Scripts.number(r, Script.PARTY_GONE, "b")).isEqualTo(1);
        assertThat(Scripts.number(r, Script.PARTY_GONE, "b")).as("replayed").isZero();
        assertThat(inbox("n1")).containsExactly("a: away b", "a: back b", "a: gone b");
        assertThat(inbox("n2")).containsExactly("b: incoming k1");
        assertThat(r.keys("{parley}:c:*")).isEmpty();
        assertThat(r.get("{parley}:s:b:call")).isEqualTo("gone");
        assertThat(r.pttl("{parley}:s:b:call")).as("the marker expires even if nobody deletes it").isPositive();
        assertThat(r.exists("{parley}:s:a:call")).isZero();

        assertThat(ring("k2", "a", "b")).isEqualTo("offline");
        Scripts.number(r, Script.PARTY_AWAY, "b", "away");
        assertThat(inbox("n1")).as("no call, nobody to tell").hasSize(3);
        Scripts.number(r, Script.UNREGISTER, "b");
        assertThat(callKeys()).isEmpty();
        assertThat(ring("k3", "a", "b")).as("its session is gone").isEqualTo("offline");
    }
}
