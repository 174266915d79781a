package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ClientMessage.Leave;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.ErrorReply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The flood cut-off under sustained overload, on the hub with a hand-driven clock: refusals are
 * counted per window, so tokens refilled now and then do not save a client that keeps sending, and
 * pings spend the same budget as messages.
 */
class FloodTest {
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1_000 * MILLI);
    private final Hub hub = new Hub(SignalingConfig.defaults(), timers, HubMetrics.NONE, Access.OPEN, now::get);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private static final class Recorder implements Outbox {
        final List<ServerFrame> frames = new ArrayList<>();
        String closedFor;

        @Override
        public void deliver(ServerFrame frame) {
            frames.add(frame);
        }

        @Override
        public void closeForPolicy(String reason) {
            if (closedFor == null) closedFor = reason;
        }

        long rateLimited() {
            return frames.stream().filter(f -> f.message() instanceof ErrorReply e && e.code() == ErrorCode.RATE_LIMITED).count();
        }
    }

    private Session greeted(Recorder out) {
        Session s = hub.open(out, "flood", null);
        return hub.handle(s, new ClientFrame("h", new Hello(null, null, null)));
    }

    @Test
    void twoThousandMessagesASecondAreCutOffWithinTheFirstSecondNotAnsweredForSevenSeconds() {
        var out = new Recorder();
        Session s = greeted(out);
        // 2,000 msg/s for 7 s against the defaults (50/s, burst 200, cut off at 100 refused within 10 s).
        int sent = 0;
        for (int i = 0; i < 14_000 && out.closedFor == null; i++, sent++) {
            now.addAndGet(MILLI / 2);
            hub.handle(s, new ClientFrame(null, new Leave("r")));
        }
        assertThat(out.closedFor).isEqualTo("rate limit exceeded");
        // The burst (about 200) plus what refills, then 100 refused: about 300 messages, 0.15 s.
        assertThat(sent).as("messages sent before the cut-off").isLessThan(2_000);
        assertThat(out.rateLimited()).isLessThan(SessionGuards.DEFAULT_OVERRUN_LIMIT);
    }

    @Test
    void aClientThatSlowsDownWhenRateLimitedIsNotCutOff() {
        var out = new Recorder();
        Session s = greeted(out);
        for (int round = 0; round < 5; round++) {
            // A burst of 250 at once (50 refused), then a minute of quiet to refill.
            for (int i = 0; i < 250; i++) hub.handle(s, new ClientFrame(null, new Leave("r")));
            now.addAndGet(60_000 * MILLI);
        }
        assertThat(out.closedFor).isNull();
        assertThat(out.rateLimited()).as("50 a round, and one more the hello cost").isEqualTo(5 * 50 + 1);
    }

    @Test
    void pingsSpendTheBudgetAndAPingFloodIsCutOff() {
        var out = new Recorder();
        Session s = greeted(out);
        int answered = 0;
        for (int i = 0; i < 10_000 && out.closedFor == null; i++) {
            now.addAndGet(MILLI / 10);
            if (hub.ping(s)) answered++;
        }
        assertThat(answered).as("pongs for 10k pings").isLessThan(SessionGuards.DEFAULT_MESSAGE_BURST + 50);
        assertThat(out.closedFor).isEqualTo("rate limit exceeded");
        assertThat(out.rateLimited()).as("a refused ping is not answered with an error frame").isZero();
    }
}
