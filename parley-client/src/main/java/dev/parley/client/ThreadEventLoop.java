package dev.parley.client;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link EventLoop} on one daemon thread. A task that throws is logged; the loop goes on. */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ThreadEventLoop.class);
    private final ScheduledThreadPoolExecutor executor;
    /** Written once by the loop's thread factory. */
    private volatile Thread thread;

    ThreadEventLoop(String name) {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void execute(Runnable task) {
        if (executor.isShutdown()) return; // a late callback from a closed session
        executor.execute(() -> run(task));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (executor.isShutdown()) return Cancellable.NONE;
        var future = executor.schedule(() -> run(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Stops the thread once what is queued has run; later tasks are dropped. */
    @Override
    public void close() {
        executor.shutdown();
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            log.error("a Parley event handler failed", e);
        }
    }
}
