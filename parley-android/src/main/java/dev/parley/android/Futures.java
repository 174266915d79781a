package dev.parley.android;

import java.util.concurrent.CompletableFuture;

/**
 * Java 9's {@code CompletableFuture} additions, which Android has from API 31 only and D8 does not
 * backport: this library stays within what API 24 has.
 */
final class Futures {
    private Futures() {}

    static <T> CompletableFuture<T> failed(Throwable error) {
        var f = new CompletableFuture<T>();
        f.completeExceptionally(error);
        return f;
    }
}
