package dev.parley.server.core;

import java.util.concurrent.atomic.AtomicLong;

/** The bytes all sessions' backlogs hold together ({@link FrameSize}), against one limit. Lock-free. */
final class BacklogBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    BacklogBudget(long limit) {
        this.limit = limit;
    }

    /** Takes {@code bytes} if that stays within the limit; false (taking nothing) otherwise. */
    boolean reserve(long bytes) {
        long now;
        do {
            now = used.get();
            if (now + bytes > limit) return false;
        } while (!used.compareAndSet(now, now + bytes));
        return true;
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
