package dev.parley.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all sessions' backlogs hold together ({@link FrameSize}), against one limit, and the
 * bytes each source (an address, as the transport keys it) holds, against a share of it: so the
 * sessions of one address cannot take the whole budget and leave none for other people's
 * sessions held for resuming. Thread-safe; a source's entry exists only while it holds bytes.
 */
final class BacklogBudget {
    private final long limit;
    private final long perSource;
    private final AtomicLong used = new AtomicLong();
    /** Bytes held by each source with any; updated under the map's per-key lock. */
    private final ConcurrentHashMap<Object, Long> bySource = new ConcurrentHashMap<>();

    BacklogBudget(long limit, long perSource) {
        this.limit = limit;
        this.perSource = perSource;
    }

    /**
     * Takes {@code bytes} for {@code source} if that stays within its share and the whole limit;
     * false (taking nothing) otherwise. What is taken goes back with {@link #release} for the same source.
     */
    boolean reserve(Object source, long bytes) {
        if (bytes == 0) return true;
        boolean[] taken = {false};
        bySource.compute(source, (k, held) -> {
            long mine = held == null ? 0 : held;
            if (mine + bytes > perSource || !reserveTotal(bytes)) return held;
            taken[0] = true;
            return mine + bytes;
        });
        return taken[0];
    }

    private boolean reserveTotal(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) return false;
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    void release(Object source, long bytes) {
        if (bytes == 0) return;
        bySource.computeIfPresent(source, (k, held) -> held == bytes ? null : held - bytes);
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    /** Bytes {@code source} holds now. */
    long used(Object source) {
        return bySource.getOrDefault(source, 0L);
    }

    long limit() {
        return limit;
    }
}
