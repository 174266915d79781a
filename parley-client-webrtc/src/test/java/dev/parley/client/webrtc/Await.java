package dev.parley.client.webrtc;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: every wait in these tests ends, in success or in a failure that says what. */
final class Await {
    private Await() {}

    static void until(Duration limit, String what, BooleanSupplier condition) {
        until(limit, () -> what, condition);
    }

    static void until(Duration limit, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + limit.toSeconds() + " s: " + what.get());
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what.get());
            }
        }
    }
}
