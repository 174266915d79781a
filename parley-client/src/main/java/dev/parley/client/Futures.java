package dev.parley.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the SDK needs of futures and timers beyond Java 8's API: Android has
 * {@code CompletableFuture.failedFuture}, {@code orTimeout} and {@code delayedExecutor} only from
 * API 31, and D8 does not backport them, so the code shared with Android uses these instead.
 */
final class Futures {
    /** Timers of clients without an event loop; one daemon thread for all of them. */
    static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-client-timers");
        t.setDaemon(true);
        return t;
    });

    private Futures() {}

    static <T> CompletableFuture<T> failed(Throwable e) {
        var f = new CompletableFuture<T>();
        f.completeExceptionally(e);
        return f;
    }
}
