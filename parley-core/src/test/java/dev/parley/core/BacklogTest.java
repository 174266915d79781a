package dev.parley.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.ClientMessage.Hello;
import dev.parley.protocol.ClientMessage.Join;
import dev.parley.protocol.ClientMessage.SendMessage;
import dev.parley.protocol.Payload;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.ServerMessage.Welcome;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resume backlog's byte bounds, counted exactly on the hub (in process, hand-driven clock):
 * per session at most the backlog bytes, all sessions together at most the budget, the session
 * whose frame would go past either paying for it, and everything given back when sessions end.
 */
class BacklogTest {
    private static final long MIB = 1024 * 1024;
    private static final byte[] KEY = "backlog-test-key-0123456789abcdef".getBytes();
    /** A payload of about 64 KiB, the default frame limit. */
    private static final Payload BIG = Payload.parse("\"" + "x".repeat(64 * 1024 - 64) + "\"");

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private Hub hub(long perSession, long budget) {
        var policy = new ResumePolicy(Duration.ofSeconds(30), ResumePolicy.DEFAULT_BACKLOG_FRAMES, perSession, budget, KEY);
        return new Hub(SignalingConfig.defaults().withResume(policy), timers, HubMetrics.NONE, Access.OPEN, now::get);
    }

    /** Counts frames and keeps nothing, like a client that reads everything and never acknowledges. */
    private static final class Sink implements Outbox {
        volatile int frames;
        volatile String closedFor;

        @Override
        public void deliver(ServerFrame frame) {
            frames++;
        }

        @Override
        public void closeForPolicy(String reason) {
            closedFor = reason;
        }
    }

    private Session acking(Hub hub, Sink out, String room) {
        Session s = hub.handle(hub.open(out, "t", null), new ClientFrame("h", new Hello(null, null, null, null, true)));
        hub.handle(s, new ClientFrame("j", new Join(room)));
        return s;
    }

    /** Sends {@code n} big messages from {@code from} to its room, a second apart (well within the rate limit). */
    private void flood(Hub hub, Session from, String room, int n) {
        for (int i = 0; i < n; i++) {
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            hub.handle(from, new ClientFrame(null, new SendMessage(room, BIG)));
        }
    }

    @Test
    void aClientThatNeverAcknowledgesKeepsAtMostTheBacklogBytes() {
        Hub hub = hub(MIB, 256 * MIB);
        var aOut = new Sink();
        var bOut = new Sink();
        Session a = acking(hub, aOut, "r");
        Session b = acking(hub, bOut, "r");
        flood(hub, a, "r", 100); // 6.4 MB that b never acknowledges
        flood(hub, b, "r", 100);
        assertThat(bOut.frames).as("b still gets everything live").isGreaterThan(100);
        assertThat(b.outbox().keptBytes()).isBetween(MIB - 70 * 1024, MIB);
        assertThat(a.outbox().keptBytes()).isBetween(MIB - 70 * 1024, MIB);
        assertThat(hub.backlogBytes()).isEqualTo(a.outbox().keptBytes() + b.outbox().keptBytes());
        hub.close(a);
        hub.close(b);
        assertThat(hub.backlogBytes()).as("all given back when the sessions end").isZero();
    }

    @Test
    void anAwaySessionWhoseBacklogWouldPassItsBytesEnds() {
        Hub hub = hub(MIB, 256 * MIB);
        var aOut = new Sink();
        Session a = acking(hub, aOut, "r");
        Session b = acking(hub, new Sink(), "r");
        hub.disconnect(b);
        flood(hub, a, "r", 15); // 15 x 64 KiB: under 1 MiB, b is still held
        assertThat(hub.stats().awaySessions()).isEqualTo(1);
        flood(hub, a, "r", 2);
        awaitEnded(hub, b);
        assertThat(b.isClosed()).as("one frame past its bytes ended it").isTrue();
        // b is marked closed before its peer is told peer-left (on the timer thread): wait for a's
        // fourth small frame (joined, peer-joined, peer-away, peer-left) and b's bytes given back.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((a.outbox().keptBytes() < 4 * FrameSize.OVERHEAD || hub.backlogBytes() != a.outbox().keptBytes())
                && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(hub.backlogBytes()).as("b's backlog given back; a keeps only peer-away and peer-left")
                .isEqualTo(a.outbox().keptBytes()).isLessThan(8 * FrameSize.OVERHEAD);
    }

    @Test
    void whenTheBudgetIsSpentTheSessionAddingPaysNotTheOthers() throws Exception {
        // Room for about 3 MiB in all; each session may keep 2 MiB.
        Hub hub = hub(2 * MIB, 3 * MIB);
        Session a = acking(hub, new Sink(), "one");
        Session b = acking(hub, new Sink(), "one");
        Session c = acking(hub, new Sink(), "two");
        Session d = acking(hub, new Sink(), "two");
        flood(hub, a, "one", 40); // b keeps its 2 MiB
        long bKept = b.outbox().keptBytes();
        assertThat(bKept).isGreaterThan(MIB + MIB / 2);
        hub.disconnect(d);
        flood(hub, c, "two", 40); // d, away, may have only what is left: it ends
        awaitEnded(hub, d);
        assertThat(d.isClosed()).isTrue();
        assertThat(b.outbox().keptBytes()).as("b keeps what it had").isEqualTo(bKept);
        flood(hub, b, "one", 40); // a, live and never acknowledging, drops its own oldest to make room
        assertThat(b.outbox().keptBytes()).isEqualTo(bKept);
        assertThat(a.outbox().keptBytes()).isPositive();
        assertThat(hub.backlogBytes()).isLessThanOrEqualTo(3 * MIB).isEqualTo(a.outbox().keptBytes() + b.outbox().keptBytes() + c.outbox().keptBytes());
        assertThat(c.outbox().keptBytes()).as("c kept only small frames about d").isLessThan(8 * FrameSize.OVERHEAD);
    }

    /** Keeps every frame, like a client that reads everything and never acknowledges. */
    private static final class Recorder implements Outbox {
        final java.util.List<ServerFrame> frames = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void deliver(ServerFrame frame) {
            frames.add(frame);
        }

        @Override
        public void closeForPolicy(String reason) {}

        /** Frames after the last welcome: what the client counts. */
        int received() {
            int n = 0;
            for (ServerFrame f : frames) n = f.message() instanceof Welcome ? 0 : n + 1;
            return n;
        }

        Welcome welcome() {
            return (Welcome) frames.stream().filter(f -> f.message() instanceof Welcome).reduce((x, y) -> y).orElseThrow().message();
        }
    }

    private Session acking(Hub hub, Outbox out, Object source, String room) {
        Session s = hub.handle(hub.open(out, "t", null, source, SessionSlot.NONE), new ClientFrame("h", new Hello(null, null, null, null, true)));
        hub.handle(s, new ClientFrame("j", new Join(room)));
        return s;
    }

    @Test
    void oneAddressHoldsAtMostItsShareAndAnotherAddressCanStillResume() {
        // 4 MiB in all, 2 MiB per source, 1 MiB per session: four sessions of one address could
        // otherwise fill the whole budget.
        var policy = new ResumePolicy(Duration.ofSeconds(30), ResumePolicy.DEFAULT_BACKLOG_FRAMES, MIB, 4 * MIB, 2 * MIB, KEY);
        Hub hub = new Hub(SignalingConfig.defaults().withResume(policy), timers, HubMetrics.NONE, Access.OPEN, now::get);
        String a = "198.51.100.7";
        Session[] mine = new Session[4];
        for (int i = 0; i < mine.length; i++) mine[i] = acking(hub, new Sink(), a, "a" + i / 2);
        for (int i = 0; i < mine.length; i++) flood(hub, mine[i], "a" + i / 2, 20); // each peer would keep its 1 MiB
        long heldByA = 0;
        for (Session s : mine) heldByA += s.outbox().keptBytes();
        assertThat(heldByA).as("the address's sessions keep only its share").isLessThanOrEqualTo(2 * MIB).isGreaterThan(MIB);
        assertThat(hub.backlogBytes()).isEqualTo(heldByA);

        String b = "203.0.113.9";
        var b1Out = new Recorder();
        var b2Out = new Recorder();
        Session b1 = acking(hub, b1Out, b, "b");
        Session b2 = acking(hub, b2Out, b, "b");
        int before = b2Out.received();
        hub.disconnect(b2);
        flood(hub, b1, "b", 10); // 640 KiB for b2 while it is away: room is left for it
        assertThat(b2.isClosed()).as("b2 is still held").isFalse();
        assertThat(hub.stats().awaySessions()).isEqualTo(1);

        var back = new Recorder();
        Session resumed = hub.handle(hub.open(back, "t", null, b, SessionSlot.NONE),
                new ClientFrame("h2", new Hello(null, null, b2Out.welcome().resumeToken(), before, true)));
        assertThat(resumed).isSameAs(b2);
        assertThat(back.welcome().resumed()).isTrue();
        assertThat(back.received()).as("peer-away's news and every message sent while away, none lost").isGreaterThanOrEqualTo(10);
        assertThat(back.frames.stream().filter(f -> f.message() instanceof dev.parley.protocol.ServerMessage.Message).count()).isEqualTo(10);
    }

    /** The overflow ends a session on the hub's timer thread: wait (at most 5 s) for it to be over. */
    private static void awaitEnded(Hub hub, Session s) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((hub.stats().awaySessions() != 0 || !s.isClosed()) && System.nanoTime() < deadline) Thread.onSpinWait();
        assertThat(hub.stats().awaySessions()).isZero();
    }
}
