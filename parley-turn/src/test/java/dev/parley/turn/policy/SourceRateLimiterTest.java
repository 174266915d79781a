package dev.parley.turn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.turn.stun.ErrorCode;
import dev.parley.turn.stun.MessageClass;
import dev.parley.turn.stun.MessageType;
import dev.parley.turn.testing.FakeClock;
import dev.parley.turn.testing.TurnClient;
import dev.parley.turn.testing.TurnFixture;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-source limit on unauthenticated requests: over it, no answer at all. */
class SourceRateLimiterTest {
    @Test
    void unauthenticatedRequestsBeyondTheBurstGetNoAnswerUntilTheBucketRefills() throws Exception {
        try (TurnFixture turn = TurnFixture.start(b -> b.unauthenticatedRate(1, 3)); TurnClient c = turn.alice()) {
            assertThat(ErrorCode.code(c.allocate())).as("the 401 counts, then the signed retry does not").isEqualTo(-1);
            int answered = 0;
            for (int i = 0; i < 10; i++) if (c.receiveBinding()) answered++;
            assertThat(answered).isEqualTo(2); // burst of 3, one spent on the 401
            assertThat(turn.server.engine().stats().droppedRateLimited.sum()).isEqualTo(8);
            // Authenticated requests are not limited.
            assertThat(c.request(MessageType.REFRESH, b -> {}).type().messageClass()).isEqualTo(MessageClass.SUCCESS);
            turn.clock.advance(Duration.ofSeconds(2));
            answered = 0;
            for (int i = 0; i < 5; i++) if (c.receiveBinding()) answered++;
            assertThat(answered).isEqualTo(2);
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
}
