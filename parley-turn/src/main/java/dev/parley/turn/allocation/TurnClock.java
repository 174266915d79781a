package dev.parley.turn.allocation;

import java.time.Instant;

/** Time for the TURN server: a monotonic clock for lifetimes and rates, wall time for nonces and REST usernames. Tests move it by hand. */
public interface TurnClock {
    TurnClock SYSTEM = new TurnClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }
    };

    long nanoTime();

    Instant now();
}
