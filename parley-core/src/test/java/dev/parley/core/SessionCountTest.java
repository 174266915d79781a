package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.Welcome;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the hub counts sessions with the transport ({@link SessionSlot}), in process: a session is
 * counted once, from open or (if there was no room then) from a hello that needs room; a resumed
 * session keeps its own count; a session restored after a restart is a new one and needs room.
 */
class SessionCountTest {
    private static final byte[] KEY = "session-count-test-key-0123456789".getBytes();

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private Hub hub() {
        var policy = new ResumePolicy(Duration.ofSeconds(30), ResumePolicy.DEFAULT_BACKLOG_FRAMES, KEY);
        return new Hub(SignalingConfig.defaults().withResume(policy), timers, HubMetrics.NONE, Access.OPEN, System::nanoTime);
    }

    /** A transport's count with room for {@code max} sessions. */
    private static final class Slots {
        final int max;
        int taken;

        Slots(int max) {
            this.max = max;
        }

        synchronized SessionSlot slot() {
            return new SessionSlot() {
                @Override
                public String take() {
                    synchronized (Slots.this) {
                        if (taken >= max) return "too many connections from your address";
                        taken++;
                        return null;
                    }
                }

                @Override
                public void release() {
                    synchronized (Slots.this) {
                        taken--;
                    }
                }
            };
        }

        synchronized int taken() {
            return taken;
        }
    }

    private static final class Recorder implements Outbox {
        final List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        volatile String tryAgainLater;

        @Override
        public void deliver(ServerFrame frame) {
            frames.add(frame);
        }

        @Override
        public void closeForPolicy(String reason) {}

        @Override
        public void closeTryAgainLater(String reason) {
            tryAgainLater = reason;
        }

        Welcome welcome() {
            return (Welcome) frames.stream().filter(f -> f.message() instanceof Welcome).reduce((x, y) -> y).orElseThrow().message();
        }
    }

    private static Session hello(Hub hub, Session s, String resume) {
        return hub.handle(s, new ClientFrame("h", new Hello(null, null, resume, null, false)));
    }

    @Test
    void atTheLimitOnlyAResumeIsLetInAndTheResumedSessionStaysCountedOnce() {
        Hub hub = hub();
        var slots = new Slots(1);
        var first = new Recorder();
        Session one = hello(hub, hub.open(first, "t", null, "a", slots.slot()), null);
        assertThat(slots.taken()).isEqualTo(1);
        hub.disconnect(one);
        assertThat(slots.taken()).as("held away, still counted").isEqualTo(1);

        var back = new Recorder();
        Session placeholder = hub.open(back, "t", null, "a", slots.slot());
        assertThat(slots.taken()).as("no room: let in uncounted").isEqualTo(1);
        assertThat(hello(hub, placeholder, first.welcome().resumeToken())).isSameAs(one);
        assertThat(back.welcome().resumed()).isTrue();
        assertThat(back.tryAgainLater).isNull();
        assertThat(slots.taken()).as("the resumed session, once").isEqualTo(1);

        var fresh = new Recorder();
        Session other = hello(hub, hub.open(fresh, "t", null, "a", slots.slot()), null);
        assertThat(fresh.tryAgainLater).contains("too many connections from your address");
        assertThat(fresh.frames).as("no welcome").isEmpty();
        hub.close(other);
        assertThat(slots.taken()).isEqualTo(1);
        hub.close(one);
        assertThat(slots.taken()).as("all given back").isZero();
    }

    @Test
    void aSessionRestoredAfterARestartIsNewAndNeedsRoom() {
        Hub old = hub();
        var before = new Recorder();
        hello(old, old.open(before, "t", null), null);
        String token = before.welcome().resumeToken();

        Hub restarted = hub(); // same key, no sessions: the id is restored, not resumed
        var slots = new Slots(1);
        Session taken = hello(restarted, restarted.open(new Recorder(), "t", null, "a", slots.slot()), null);
        var full = new Recorder();
        hello(restarted, restarted.open(full, "t", null, "a", slots.slot()), token);
        assertThat(full.tryAgainLater).as("restored is new: no room for it").contains("too many connections");
        assertThat(slots.taken()).isEqualTo(1);

        restarted.close(taken);
        var room = new Recorder();
        Session restored = hello(restarted, restarted.open(room, "t", null, "a", slots.slot()), token);
        assertThat(room.welcome().resumed()).isFalse();
        assertThat(room.welcome().session()).isEqualTo(before.welcome().session());
        assertThat(slots.taken()).isEqualTo(1);
        restarted.close(restored);
        assertThat(slots.taken()).isZero();
    }

    @Test
    void anOpenThatFailsHoldsNoCount() {
        Hub hub = hub();
        timers.shutdownNow(); // the hello timer cannot be scheduled: open fails
        var slots = new Slots(1);
        assertThatThrownBy(() -> hub.open(new Recorder(), "t", null, "a", slots.slot())).isInstanceOf(RuntimeException.class);
        assertThat(slots.taken()).isZero();
    }
}
