package dev.parley.server.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How sessions survive a lost connection.
 *
 * @param grace how long a session whose connection dropped keeps its rooms, call and name,
 *     waiting for its client to resume it; zero ends it at once
 * @param backlogFrames messages kept for a session while it is away; one more ends it, since its
 *     client could no longer be told everything it missed
 * @param key signs resume tokens; the same key across restarts lets a client keep its session id
 *     (and so its place in its peers' calls) even though the session's state is gone
 */
public record ResumePolicy(Duration grace, int backlogFrames, byte[] key) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final Duration MAX_GRACE = Duration.ofMinutes(10);
    /** A negotiation is a few dozen messages; this holds several while the client reconnects. */
    public static final int DEFAULT_BACKLOG_FRAMES = 512;
    public static final int MIN_KEY_BYTES = 16;

    public ResumePolicy {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(key, "key");
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("resume grace must be 0.." + MAX_GRACE.toSeconds() + " s");
        }
        if (backlogFrames < 1) throw new IllegalArgumentException("resume backlog must be at least 1 frame");
        if (key.length < MIN_KEY_BYTES) throw new IllegalArgumentException("resume key must have at least " + MIN_KEY_BYTES + " bytes");
        key = key.clone();
    }

    /** The defaults with a key for this process only: after a restart, clients get new session ids. */
    public static ResumePolicy defaults() {
        return new ResumePolicy(DEFAULT_GRACE, DEFAULT_BACKLOG_FRAMES, ResumeTokens.randomKey());
    }

    public ResumePolicy withGrace(Duration grace) {
        return new ResumePolicy(grace, backlogFrames, key);
    }

    public ResumePolicy withKey(byte[] key) {
        return new ResumePolicy(grace, backlogFrames, key);
    }

    public ResumePolicy withBacklogFrames(int backlogFrames) {
        return new ResumePolicy(grace, backlogFrames, key);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    boolean enabled() {
        return !grace.isZero();
    }
}
