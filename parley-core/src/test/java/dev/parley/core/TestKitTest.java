package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.testing.InMemoryNodes;
import dev.parley.core.testing.ManualScheduler;
import dev.parley.core.testing.TestClient;
import dev.parley.protocol.ServerMessage.Joined;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The test kit itself: virtual time runs tasks when and in the order it should, and a client closes as a transport would. */
class TestKitTest {

    @Test
    void advanceRunsDueTasksInOrderWithTheClockAtEachDueTime() {
        var scheduler = new ManualScheduler();
        long start = scheduler.nanoTime();
        List<String> ran = new ArrayList<>();
        scheduler.schedule(() -> ran.add("b@" + (scheduler.nanoTime() - start)), 2, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("a@" + (scheduler.nanoTime() - start)), 1, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("c@" + (scheduler.nanoTime() - start)), 2, TimeUnit.SECONDS);
        scheduler.schedule(() -> ran.add("late"), 10, TimeUnit.SECONDS);

        assertThat(scheduler.advance(Duration.ofMillis(999))).isZero();
        assertThat(scheduler.advance(Duration.ofSeconds(2))).isEqualTo(3);
        assertThat(ran).containsExactly("a@1000000000", "b@2000000000", "c@2000000000");
        assertThat(scheduler.elapsed()).isEqualTo(Duration.ofMillis(2999));
        assertThat(scheduler.pending()).isEqualTo(1);
        assertThat(scheduler.untilNext()).isEqualTo(Duration.ofSeconds(10).minusMillis(2999));
    }

    @Test
    void executeQueuesForNowAndCancelledTasksNeverRun() {
        var scheduler = new ManualScheduler();
        List<String> ran = new ArrayList<>();
        scheduler.execute(() -> ran.add("now"));
        ScheduledFuture<?> cancelled = scheduler.schedule(() -> ran.add("cancelled"), 1, TimeUnit.SECONDS);
        assertThat(ran).as("not inline").isEmpty();
        cancelled.cancel(false);
        assertThat(scheduler.runDue()).isEqualTo(1);
        scheduler.advance(Duration.ofMinutes(1));
        assertThat(ran).containsExactly("now");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aTaskScheduledByATaskWithinTheWindowRunsToo() {
        var scheduler = new ManualScheduler();
        List<Long> at = new ArrayList<>();
        long start = scheduler.nanoTime();
        scheduler.schedule(() -> {
            at.add(scheduler.nanoTime() - start);
            scheduler.schedule(() -> at.add(scheduler.nanoTime() - start), 1, TimeUnit.SECONDS);
        }, 1, TimeUnit.SECONDS);
        ScheduledFuture<?> ticking = scheduler.scheduleAtFixedRate(() -> at.add(-1L), 0, 1500, TimeUnit.MILLISECONDS);
        scheduler.advance(Duration.ofSeconds(3));
        ticking.cancel(false);
        assertThat(at).containsExactly(-1L, 1_000_000_000L, -1L, 2_000_000_000L, -1L);
    }

    @Test
    void aFailingTaskFailsTheAdvanceAndAShutSchedulerRefusesWork() {
        var scheduler = new ManualScheduler();
        scheduler.schedule(() -> {
            throw new IllegalStateException("boom");
        }, 1, TimeUnit.SECONDS);
        assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(2))).hasRootCauseMessage("boom");
        scheduler.shutdown();
        assertThatThrownBy(() -> scheduler.execute(() -> {})).isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    @Test
    void aConnectionThatSaysNoHelloIsClosedForPolicyWhenItsTimeIsUp() {
        try (var nodes = new InMemoryNodes(SignalingConfig.defaults(), 1)) {
            TestClient quiet = nodes.connect(0);
            nodes.advance(SessionGuards.DEFAULT_HELLO_TIMEOUT.minusMillis(1));
            assertThat(quiet.closed()).isNull();
            nodes.advance(Duration.ofMillis(1));
            assertThat(quiet.closed()).isEqualTo(new TestClient.Closed(TestClient.CloseKind.POLICY, "no hello within 5 s"));
            assertThat(quiet.isConnected()).isFalse();
            assertThat(quiet.join("r")).as("nothing more goes over a closed connection").isNull();

            TestClient talker = nodes.connect(0);
            talker.hello((String) null);
            nodes.advance(Duration.ofMinutes(1));
            assertThat(talker.closed()).isNull();
            assertThat(talker.join("r")).isInstanceOf(Joined.class);
            assertThat(talker.lastReply()).isInstanceOf(Joined.class);
            assertThat(talker.received()).isEqualTo(1);
            assertThat(talker.frames()).hasSize(2); // welcome, joined
        }
    }
}
