package dev.parley.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * An {@link EventLoop} a test drives: tasks run when the test says so, and time moves only when the
 * test advances it, so timers (back-off, ICE watchdogs, quality samples) are tested without sleeping.
 * Single-threaded: everything runs on the test's thread.
 */
public final class ManualLoop implements EventLoop {
    /** More tasks than this in one drain is a loop that feeds itself: a bug. */
    private static final int MAX_TASKS_PER_DRAIN = 100_000;

    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long nowNanos;
    private long sequence;
    private boolean running;

    private record Timer(long dueNanos, long sequence, Runnable task, boolean[] cancelled) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return dueNanos != o.dueNanos ? Long.compare(dueNanos, o.dueNanos) : Long.compare(sequence, o.sequence);
        }
    }

    @Override
    public synchronized void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Timer(nowNanos + Math.max(0, delay.toNanos()), sequence++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public boolean inLoop() {
        return running;
    }

    /** Runs every task that is ready, and what they make ready, without moving time. */
    public void drain() {
        for (int n = 0; n < MAX_TASKS_PER_DRAIN; n++) {
            Runnable task;
            synchronized (this) {
                task = ready.poll();
            }
            if (task == null) return;
            running = true;
            try {
                task.run();
            } finally {
                running = false;
            }
        }
        throw new IllegalStateException("the loop never ran dry");
    }

    /** Moves time forward by {@code by}, running timers as they fall due and whatever they make ready. */
    public void advance(Duration by) {
        long until = nowNanos + by.toNanos();
        drain();
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.dueNanos() > until) break;
                timers.poll();
                nowNanos = next.dueNanos();
            }
            if (!next.cancelled()[0]) execute(next.task());
            drain();
        }
        nowNanos = until;
    }

    public long nowMillis() {
        return nowNanos / 1_000_000;
    }
}
