package dev.parley.turn.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadClockTest {
    /** A clock that counts its reads: each gives the next thousand. */
    private long clockReads;
    private final ReadClock time = new ReadClock(() -> ++clockReads * 1_000);

    @Test
    void theClockIsReadOncePerReadHoweverManyMessagesItHas() {
        for (int i = 0; i < 5; i++) assertThat(time.now()).isEqualTo(1_000);
        time.readComplete();
        assertThat(clockReads).isEqualTo(1);
        assertThat(time.now()).as("the next read reads the clock again").isEqualTo(2_000);
        assertThat(time.now()).isEqualTo(2_000);
        time.readComplete();
        time.readComplete();
        assertThat(clockReads).as("a read whose messages need no time reads no clock").isEqualTo(2);
    }
}
