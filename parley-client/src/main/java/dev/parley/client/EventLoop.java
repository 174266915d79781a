package dev.parley.client;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The one thread a {@link Parley} session and its calls live on, as a browser page's event loop is
 * for the JS SDK: every callback from the network and the media engine is handed to it, so the SDK's
 * state needs no locks and reads like the JS it mirrors. Tests drive a manual loop with a virtual
 * clock instead of sleeping.
 */
public interface EventLoop extends Executor {
    /** Runs {@code task} on the loop, after what is already queued. */
    @Override
    void execute(Runnable task);

    /** Runs {@code task} on the loop after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Whether the caller is on the loop's thread. */
    boolean inLoop();

    /** A scheduled task that has not run yet can be cancelled; cancelling later does nothing. */
    interface Cancellable {
        Cancellable NONE = () -> {};

        void cancel();
    }

    /** A loop on a daemon thread of its own, named {@code name}. */
    static ThreadEventLoop newThread(String name) {
        return new ThreadEventLoop(name);
    }
}
