package dev.parley.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How sessions survive a lost connection.
 *
 * @param grace how long a session whose connection dropped keeps its rooms, call and name,
 *     waiting for its client to resume it; zero ends it at once
 * @param backlogFrames messages kept for one session (while it is away, or until its client
 *     acknowledges them); one more while away ends it, since its client could no longer be told
 *     everything it missed
 * @param backlogBytes the same bound in bytes (see {@link FrameSize}); by default the transport's
 *     outbound limit, so a backlog never holds more than a slow live connection may
 * @param backlogBudget bytes all sessions' backlogs may hold together; the session whose frame
 *     would go past it pays: an away session ends, a live one forgets its own oldest kept frames
 * @param backlogPerSource bytes the sessions of one source address (an IPv6 /64) may hold together,
 *     in the same way; by default an eighth of the budget (at least one session's backlog), so one
 *     address's sessions cannot spend the budget that other people's dropped connections need
 * @param key signs resume tokens; the same key across restarts lets a client keep its session id
 *     (and so its place in its peers' calls) even though the session's state is gone
 */
public record ResumePolicy(Duration grace, int backlogFrames, long backlogBytes, long backlogBudget, long backlogPerSource,
                           byte[] key) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final Duration MAX_GRACE = Duration.ofMinutes(10);
    /** A negotiation is a few dozen messages; this holds several while the client reconnects. */
    public static final int DEFAULT_BACKLOG_FRAMES = 512;
    /** The transport's default outbound limit (1 MiB): a few negotiations' worth. */
    public static final long DEFAULT_BACKLOG_BYTES = 1024 * 1024;
    /** At most this for all backlogs together by default, and at most a quarter of the heap. */
    public static final long MAX_DEFAULT_BACKLOG_BUDGET = 256L * 1024 * 1024;
    /** The budget's share one source may hold by default: an eighth. */
    public static final int DEFAULT_SOURCES_PER_BUDGET = 8;
    public static final int MIN_KEY_BYTES = 16;
    /** The smallest frame limit: a backlog smaller than that could not keep one frame. */
    static final long MIN_BACKLOG_BYTES = 1024;

    public ResumePolicy {
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(key, "key");
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw new IllegalArgumentException("resume grace must be 0.." + MAX_GRACE.toSeconds() + " s");
        }
        if (backlogFrames < 1) throw new IllegalArgumentException("resume backlog must be at least 1 frame");
        if (backlogBytes < MIN_BACKLOG_BYTES) throw new IllegalArgumentException("resume backlog must be at least " + MIN_BACKLOG_BYTES + " bytes");
        if (backlogBudget < backlogBytes) {
            throw new IllegalArgumentException("the resume backlog budget (" + backlogBudget
                    + " bytes) must hold at least one session's backlog (" + backlogBytes + " bytes)");
        }
        if (backlogPerSource < backlogBytes || backlogPerSource > backlogBudget) {
            throw new IllegalArgumentException("the resume backlog per address (" + backlogPerSource + " bytes) must hold at least one session's backlog ("
                    + backlogBytes + " bytes) and at most the budget (" + backlogBudget + " bytes)");
        }
        if (key.length < MIN_KEY_BYTES) throw new IllegalArgumentException("resume key must have at least " + MIN_KEY_BYTES + " bytes");
        key = key.clone();
    }

    /** With the default share per source: see {@link #defaultPerSource}. */
    public ResumePolicy(Duration grace, int backlogFrames, long backlogBytes, long backlogBudget, byte[] key) {
        this(grace, backlogFrames, backlogBytes, backlogBudget, defaultPerSource(backlogBytes, backlogBudget), key);
    }

    /** With the default byte bounds. */
    public ResumePolicy(Duration grace, int backlogFrames, byte[] key) {
        this(grace, backlogFrames, DEFAULT_BACKLOG_BYTES, defaultBudget(), key);
    }

    /** The defaults with a key for this process only: after a restart, clients get new session ids. */
    public static ResumePolicy defaults() {
        return new ResumePolicy(DEFAULT_GRACE, DEFAULT_BACKLOG_FRAMES, ResumeTokens.randomKey());
    }

    /** A quarter of the heap, at most {@link #MAX_DEFAULT_BACKLOG_BUDGET}, at least one backlog. */
    public static long defaultBudget() {
        return Math.max(DEFAULT_BACKLOG_BYTES, Math.min(MAX_DEFAULT_BACKLOG_BUDGET, Runtime.getRuntime().maxMemory() / 4));
    }

    /** An eighth of the budget, at least one session's backlog. */
    public static long defaultPerSource(long backlogBytes, long backlogBudget) {
        return Math.min(backlogBudget, Math.max(backlogBytes, backlogBudget / DEFAULT_SOURCES_PER_BUDGET));
    }

    public ResumePolicy withGrace(Duration grace) {
        return new ResumePolicy(grace, backlogFrames, backlogBytes, backlogBudget, backlogPerSource, key);
    }

    public ResumePolicy withKey(byte[] key) {
        return new ResumePolicy(grace, backlogFrames, backlogBytes, backlogBudget, backlogPerSource, key);
    }

    public ResumePolicy withBacklogFrames(int backlogFrames) {
        return new ResumePolicy(grace, backlogFrames, backlogBytes, backlogBudget, backlogPerSource, key);
    }

    /** With these bytes per session, and the default share of the budget per source. */
    public ResumePolicy withBacklogBytes(long backlogBytes) {
        return new ResumePolicy(grace, backlogFrames, backlogBytes, backlogBudget, key);
    }

    /** With this budget, and the default share of it per source. */
    public ResumePolicy withBacklogBudget(long backlogBudget) {
        return new ResumePolicy(grace, backlogFrames, backlogBytes, backlogBudget, key);
    }

    public ResumePolicy withBacklogPerSource(long backlogPerSource) {
        return new ResumePolicy(grace, backlogFrames, backlogBytes, backlogBudget, backlogPerSource, key);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    boolean enabled() {
        return !grace.isZero();
    }
}
