package dev.parley.core;

/**
 * The transport's count of one connection's session against its limits (per address and in all).
 * The hub takes it when the connection opens and, if there was no room then, once more when the
 * {@code hello} does not resume a session that is counted already; it gives it back once, when
 * the session ends. A session that another connection resumes stays counted once, by its own slot.
 * Implementations must not call back into the hub.
 */
public interface SessionSlot {
    /** Never refuses and counts nothing: for callers that keep no count. */
    SessionSlot NONE = new SessionSlot() {
        @Override
        public String take() {
            return null;
        }

        @Override
        public void release() {}
    };

    /** Counts the session if there is room; null when counted (then {@link #release} follows once), else why not. */
    String take();

    /** The counted session has ended. */
    void release();

    /** Never refuses; runs {@code onEnd} when the session ends. */
    static SessionSlot onEnd(Runnable onEnd) {
        return new SessionSlot() {
            @Override
            public String take() {
                return null;
            }

            @Override
            public void release() {
                onEnd.run();
            }
        };
    }
}
