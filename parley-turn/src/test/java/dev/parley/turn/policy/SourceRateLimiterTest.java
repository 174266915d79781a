package dev.parley.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.stun.StunMessageBuilder;
import dev.parley.turn.testing.FakeClock;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The budgets of answers to unauthenticated requests: per source address (an IPv6 /64), weighted by
 * the answer's size in Binding answers (32 bytes), and a total for error answers; over them, no
 * answer at all. The sizes are those the server really sends (AmplificationTest pins them).
 */
class SourceRateLimiterTest {
    @Test
    void unauthenticatedAnswersBeyondTheBurstGetNoAnswerUntilTheBucketRefills() throws Exception {
        // 6 Binding answers' worth: the 401 to the first Allocate (88 bytes with FINGERPRINT: 2.75), then 3 Bindings.
        try (TurnFixture turn = TurnFixture.start(b -> b.unauthenticatedRate(1, 6)); TurnClient c = turn.alice()) {
            assertThat(ErrorCode.code(c.allocate())).as("the 401 counts, then the signed retry does not").isEqualTo(-1);
            int answered = 0;
            for (int i = 0; i < 10; i++) if (c.receiveBinding()) answered++;
            assertThat(answered).isEqualTo(3);
            assertThat(turn.server.engine().stats().droppedRateLimited.sum()).isEqualTo(7);
            // Authenticated requests are not limited.
            assertThat(c.request(MessageType.REFRESH, b -> {}).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            turn.clock.advance(Duration.ofSeconds(2));
            answered = 0;
            for (int i = 0; i < 5; i++) if (c.receiveBinding()) answered++;
            assertThat(answered).isEqualTo(2);
        }
    }

    @Test
    void theLimitAppliesPerSourceAddress() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.unauthenticatedRate(1, 3));
                TurnClient a = turn.client("alice", "wonderland", InetAddress.getByName("127.0.0.1"));
                TurnClient b = turn.client("alice", "wonderland", InetAddress.getByName("127.0.0.2"))) {
            int answeredA = 0, answeredB = 0;
            for (int i = 0; i < 5; i++) if (a.receiveBinding()) answeredA++;
            for (int i = 0; i < 5; i++) if (b.receiveBinding()) answeredB++;
            assertThat(answeredA).isEqualTo(3);
            assertThat(answeredB).as("another address has its own budget").isEqualTo(3);
        }
    }

    @Test
    void aLargerAnswerCostsMoreThanABindingAnswer() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.unauthenticatedRate(1, 12)); DatagramSocket s = socket()) {
            // A bare 20-byte Allocate draws an 80-byte 401: 2.5 Binding answers, so 4 of them fit in 12 (a fifth would need 12.5).
            byte[] allocate = StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST)).build();
            int answered = 0;
            for (int i = 0; i < 6; i++) if (exchange(s, turn, allocate) > 0) answered++;
            assertThat(answered).isEqualTo(4);
            // 2 left: two 32-byte Binding answers.
            byte[] binding = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).build();
            answered = 0;
            for (int i = 0; i < 4; i++) if (exchange(s, turn, binding) > 0) answered++;
            assertThat(answered).isEqualTo(2);
        }
    }

    @Test
    void errorAnswersShareATotalAcrossAddressesWhileBindingsDoNot() throws Exception {
        // Every source may draw 100 a second, but all together only 5 (10 at once) in error answers: four 401s of 2.5.
        try (TurnFixture turn = TurnFixture.start(b -> b.unauthenticatedRate(100, 100).unauthenticatedErrorsPerSecond(5));
                DatagramSocket one = socket(); DatagramSocket two = new DatagramSocket(0, InetAddress.getByName("127.0.0.2"))) {
            two.setSoTimeout(300);
            byte[] allocate = StunMessageBuilder.of(MessageType.of(MessageType.ALLOCATE, MessageClass.REQUEST)).build();
            int answered = 0;
            for (int i = 0; i < 3; i++) if (exchange(one, turn, allocate) > 0) answered++;
            for (int i = 0; i < 3; i++) if (exchange(two, turn, allocate) > 0) answered++;
            assertThat(answered).isEqualTo(4);
            byte[] binding = StunMessageBuilder.of(MessageType.of(MessageType.BINDING, MessageClass.REQUEST)).build();
            assertThat(exchange(two, turn, binding)).as("Bindings are not in the total").isEqualTo(32);
        }
    }

    @Test
    void sourcesAreLimitedSeparatelyAndForgottenWhenQuiet() throws Exception {
        FakeClock clock = new FakeClock();
        SourceRateLimiter limiter = new SourceRateLimiter(1, 2, clock);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        assertThat(limiter.tryAcquire(a)).isTrue();
        assertThat(limiter.tryAcquire(a)).isTrue();
        assertThat(limiter.tryAcquire(a)).isFalse();
        assertThat(limiter.tryAcquire(b)).isTrue();
        limiter.sweep();
        assertThat(limiter.tracked()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(2));
        limiter.sweep();
        assertThat(limiter.tracked()).isZero();
    }

    @Test
    void anIpv6SourceIsItsSlash64() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 2, new FakeClock());
        assertThat(limiter.tryAcquire(InetAddress.getByName("2001:db8::1"), 1.5)).isTrue();
        assertThat(limiter.tryAcquire(InetAddress.getByName("2001:db8::ffff:2"), 1)).as("same /64, 0.5 left").isFalse();
        assertThat(limiter.tryAcquire(InetAddress.getByName("2001:db8:0:1::1"), 2)).as("another /64").isTrue();
        assertThat(limiter.tryAcquire(InetAddress.getByName("::ffff:192.0.2.9"), 2)).as("IPv4-mapped: the IPv4 host").isTrue();
        assertThat(limiter.tryAcquire(InetAddress.getByName("192.0.2.9"), 0.1)).isFalse();
        assertThat(limiter.tracked()).isEqualTo(3);
    }

    @Test
    void theTableOfSourcesIsBoundedAndUnknownSourcesThenShareOneBucket() throws Exception {
        FakeClock clock = new FakeClock();
        SourceRateLimiter limiter = new SourceRateLimiter(1, 1, clock);
        byte[] v4 = {10, 0, 0, 0};
        for (int i = 0; i < SourceRateLimiter.MAX_TRACKED; i++) {
            v4[1] = (byte) (i >> 16);
            v4[2] = (byte) (i >> 8);
            v4[3] = (byte) i;
            assertThat(limiter.tryAcquire(InetAddress.getByAddress(v4))).isTrue();
        }
        assertThat(limiter.tracked()).isEqualTo(SourceRateLimiter.MAX_TRACKED);
        int overflowed = 0;
        for (int i = 0; i < 100; i++) if (limiter.tryAcquire(InetAddress.getByAddress(new byte[] {11, 0, 0, (byte) i}))) overflowed++;
        assertThat(overflowed).as("the overflow bucket's burst").isEqualTo(SourceRateLimiter.OVERFLOW_FACTOR);
        assertThat(limiter.tracked()).isEqualTo(SourceRateLimiter.MAX_TRACKED);
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket s = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"));
        s.setSoTimeout(300);
        return s;
    }

    /** The size of the answer, or 0 when none came. */
    private static int exchange(DatagramSocket s, TurnFixture turn, byte[] request) throws Exception {
        s.send(new DatagramPacket(request, request.length, turn.udp()));
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            s.receive(p);
            return p.getLength();
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }
}
