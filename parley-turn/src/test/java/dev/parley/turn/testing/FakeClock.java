package dev.parley.turn.testing;

import dev.parley.turn.allocation.TurnClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand: both the monotonic and the wall view advance together. */
public final class FakeClock implements TurnClock {
    private final Instant start = Instant.parse("2026-11-21T12:00:00Z");
    private final AtomicLong elapsedNanos = new AtomicLong();

    public void advance(Duration d) {
        elapsedNanos.addAndGet(d.toNanos());
    }

    @Override
    public long nanoTime() {
        return elapsedNanos.get();
    }

    @Override
    public Instant now() {
        return start.plusNanos(elapsedNanos.get());
    }

    /** The same time as a {@link Clock}, for code that takes one. */
    public Clock asClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }
}
