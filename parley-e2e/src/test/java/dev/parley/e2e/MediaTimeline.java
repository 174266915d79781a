package dev.parley.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Received media bytes over time, sampled by the test thread. */
final class MediaTimeline {
    private final Person person;
    private final List<long[]> samples = new ArrayList<>(); // {nanos, audio bytes, video bytes}

    MediaTimeline(Person person) {
        this.person = person;
    }

    /** Samples every timeline four times a second for this long. */
    static void sampleFor(Duration duration, MediaTimeline... timelines) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            for (MediaTimeline t : timelines) t.sample();
            Thread.sleep(250);
        }
    }

    /**
     * Samples every timeline four times a second until {@code done} (asked on this thread between
     * samples) holds; false if it still did not after {@code max}.
     */
    static boolean sampleUntil(java.util.function.BooleanSupplier done, Duration max, MediaTimeline... timelines)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            for (MediaTimeline t : timelines) t.sample();
            if (done.getAsBoolean()) return true;
            Thread.sleep(250);
        }
        return false;
    }

    void sample() {
        Person.Media m = person.media();
        assertThat(m).as(person.label + " still has a call").isNotNull();
        samples.add(new long[] {System.nanoTime(), (long) m.audioBytes(), (long) m.videoBytes()});
    }

    /** The longest time between two samples: a window check is only as fine as the sampling. */
    Duration longestGap() {
        long gap = 0;
        for (int i = 1; i < samples.size(); i++) gap = Math.max(gap, samples.get(i)[0] - samples.get(i - 1)[0]);
        return Duration.ofNanos(gap);
    }

    int samples() {
        return samples.size();
    }

    /** Every window of this length saw both audio and video bytes arrive. */
    void assertNeverStalled(Duration window) {
        assertThat(samples).hasSizeGreaterThan(8);
        for (int i = 0; i < samples.size(); i++) {
            long[] from = samples.get(i);
            for (int j = i + 1; j < samples.size(); j++) {
                long[] to = samples.get(j);
                if (to[0] - from[0] < window.toNanos()) continue;
                assertThat(to[1]).as(person.label + " audio grew in the window after sample " + i).isGreaterThan(from[1]);
                assertThat(to[2]).as(person.label + " video grew in the window after sample " + i).isGreaterThan(from[2]);
                break;
            }
        }
    }
}
