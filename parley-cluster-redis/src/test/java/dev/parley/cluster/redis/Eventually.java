package dev.parley.cluster.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** A bounded wait for tests: polls every 20 ms and fails saying what it waited for. */
public final class Eventually {

    private Eventually() {
    }

    public static void await(Duration bound, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }
}
