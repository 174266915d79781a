/**
 * Round-trip times in µs: exact below 10 ms, in 100 µs steps up to 2 s, beyond that counted at 2 s.
 * Owned by the receiving thread; read by the main thread after joining it.
 */
final class Tally {
    private static final int FINE = 10_000, COARSE_STEP = 100, LIMIT = 2_000_000;
    private final long[] counts = new long[FINE + (LIMIT - FINE) / COARSE_STEP + 1];
    private long total, max;

    void record(long micros) {
        long us = Math.max(0, micros);
        max = Math.max(max, us);
        int bucket = us < FINE ? (int) us : (int) Math.min(counts.length - 1, FINE + (us - FINE) / COARSE_STEP);
        counts[bucket]++;
        total++;
    }

    long count() { return total; }

    long max() { return max; }

    /** The smallest recorded value with at least {@code q} of all values at or below it; 0 when empty. */
    long percentile(double q) {
        if (total == 0) return 0;
        long rank = Math.max(1, (long) Math.ceil(q * total)), seen = 0;
        for (int b = 0; b < counts.length; b++) {
            seen += counts[b];
            if (seen >= rank) return Math.min(max, b < FINE ? b : FINE + (long) (b - FINE) * COARSE_STEP);
        }
        return max;
    }
}
