package dev.parley.core.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A {@link ScheduledExecutorService} on virtual time, with the matching clock ({@link #nanoClock}),
 * so the core's timers (hello timeout, ring timeout, resume grace) fire when a test says and no
 * test sleeps.
 *
 * <p>Nothing runs by itself. {@link #advance} moves the clock forward and runs every task that falls
 * due on the way, in order of due time (ties in order of scheduling), each with the clock set to its
 * due time, on the calling thread. {@link #execute} does <em>not</em> run the task at once: it queues
 * it, due now, for the next {@link #runDue} or {@link #advance}. The core calls {@code execute} while
 * it holds a session's or a room's monitor (to end a session whose backlog overflowed) and expects
 * the task to run later on another thread; running it inline would re-enter the core under that
 * lock. Queueing keeps that order and stays deterministic.
 *
 * <p>A task that throws makes {@code advance} throw (after it, the clock is where that task was
 * due), so a failing timer cannot pass unnoticed.
 *
 * <p>Thread safety: any thread may schedule. The queue and the clock are guarded by {@code this};
 * tasks run outside that lock (they schedule more) but one at a time, under {@link #running}, so two
 * threads advancing at once do not run tasks in parallel.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    /** Where virtual time starts: not zero, so a clock mistaken for "unset" shows. */
    private static final long START_NANOS = TimeUnit.DAYS.toNanos(1);

    /** Tasks waiting, earliest first. Guarded by {@code this}. */
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    /** Virtual now. Guarded by {@code this}; read without it through {@link #nanoTime}, hence volatile. */
    private volatile long now = START_NANOS;
    /** Orders tasks due at the same time. Guarded by {@code this}. */
    private long seq;
    /** Guarded by {@code this}. */
    private boolean shutdown;
    /** Held while tasks run, so they run one at a time whoever advances. */
    private final ReentrantLock running = new ReentrantLock();

    /** Virtual time in nanoseconds: the clock to give the hub along with this scheduler. */
    public long nanoTime() {
        return now;
    }

    /** {@link #nanoTime} as the hub's {@code nanoClock}. */
    public LongSupplier nanoClock() {
        return this::nanoTime;
    }

    /** Virtual time since this scheduler started. */
    public Duration elapsed() {
        return Duration.ofNanos(now - START_NANOS);
    }

    /**
     * Moves the clock forward by {@code by}, running every task due by then (including those the
     * tasks schedule within the window) in due order. Returns how many ran.
     */
    public int advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("time only moves forward");
        running.lock();
        try {
            long target;
            synchronized (this) {
                target = now + by.toNanos();
            }
            int ran = 0;
            while (true) {
                Task<?> next;
                synchronized (this) {
                    next = queue.peek();
                    if (next == null || next.due > target) {
                        now = target;
                        return ran;
                    }
                    queue.poll();
                    now = Math.max(now, next.due);
                }
                if (next.isCancelled()) continue;
                next.runAndReschedule();
                ran++;
                next.rethrowFailure();
            }
        } finally {
            running.unlock();
        }
    }

    /** Runs what is due now (everything {@link #execute}d, say) without moving the clock. */
    public int runDue() {
        return advance(Duration.ZERO);
    }

    /** Tasks waiting to run, not counting cancelled ones. */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.isCancelled()).count();
    }

    /** How long until the next task is due, or null if none waits. */
    public synchronized Duration untilNext() {
        return queue.stream().filter(t -> !t.isCancelled()).findFirst().map(t -> Duration.ofNanos(Math.max(0, t.due - now))).orElse(null);
    }

    @Override
    public void execute(Runnable command) {
        enqueue(new Task<>(Executors.callable(command, null), 0, 0));
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(new Task<>(Executors.callable(command, null), unit.toNanos(Math.max(0, delay)), 0));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(new Task<>(callable, unit.toNanos(Math.max(0, delay)), 0));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) throw new IllegalArgumentException("period must be positive");
        return enqueue(new Task<>(Executors.callable(command, null), unit.toNanos(Math.max(0, initialDelay)), unit.toNanos(period)));
    }

    /** As {@link #scheduleAtFixedRate}: a task takes no virtual time, so rate and delay are the same. */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
    }

    private synchronized <V> Task<V> enqueue(Task<V> task) {
        if (shutdown) throw new RejectedExecutionException("the scheduler is shut down");
        task.due = now + task.delay;
        task.seq = seq++;
        queue.add(task);
        return task;
    }

    private synchronized void requeue(Task<?> task) {
        if (shutdown) return;
        task.due += task.period;
        task.seq = seq++;
        queue.add(task);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && !running.isLocked();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /** One scheduled task; {@code due} and {@code seq} are guarded by the scheduler's monitor. */
    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long delay;
        private final long period;
        long due;
        long seq;

        Task(Callable<V> callable, long delay, long period) {
            super(callable);
            this.delay = delay;
            this.period = period;
        }

        void runAndReschedule() {
            if (period == 0) {
                run();
            } else if (runAndReset()) {
                requeue(this);
            }
        }

        /** A test must hear of a timer task that threw, not find its effect missing later. */
        void rethrowFailure() {
            if (period != 0 || !isDone() || isCancelled()) return;
            try {
                get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a scheduled task failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(due - now, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            int byTime = Long.compare(due, o.due);
            return byTime != 0 ? byTime : Long.compare(seq, o.seq);
        }
    }
}
