package dev.parley.turn.io;

import java.util.function.LongSupplier;

/**
 * The time of one read from a socket, read from the clock once however many datagrams or frames the
 * read holds: expiry and bandwidth checks need no finer time than one read's few microseconds.
 * Confined to the channel's event loop.
 */
public final class ReadClock {
    private final LongSupplier clock;
    /** The clock's time for the current read, once read. */
    private long readNanos;
    private boolean timed;

    /** {@code clock}: monotonic nanoseconds, as {@link System#nanoTime()}. */
    public ReadClock(LongSupplier clock) {
        this.clock = clock;
    }

    /** The current read's time, the same for each of its messages. */
    public long now() {
        if (!timed) {
            readNanos = clock.getAsLong();
            timed = true;
        }
        return readNanos;
    }

    /** The read is over: the next one reads the clock again. */
    public void readComplete() {
        timed = false;
    }
}
